using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.S3;

// docs/design/rules.md, S3, CKV_AWS_53 to 56 as one rule. Pass: all four PublicAccessBlockConfiguration flags are true.
// Fail: one finding naming every flag that is not. Unknown: a flag known only at deployment.
public sealed class S3BucketPublicAccessBlock : Rule
{
    private static readonly string[] Flags = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC3005",
        Name = nameof(S3BucketPublicAccessBlock),
        Title = "S3 buckets block public access",
        Severity = Severity.High,
        ResourceTypes = S3Types.Buckets,
        CheckovIds = ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
        ConfigIdentifier = "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        ConfigRuleName = "s3-bucket-level-public-access-prohibited",
        SecurityHubIds = ["S3.8"],
        Rationale = "A public ACL or bucket policy, added by mistake now or later, exposes every object; the four public-access blocks make S3 refuse and ignore them, whatever a later change says.",
        Remediation = "Set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets all true. A bucket that must serve a public website should sit behind CloudFront with origin access control instead; if it must stay public, suppress this rule on it with the reason.",
        PassCondition = "`PublicAccessBlockConfiguration` sets `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` all to true. One finding names every flag that is not.",
        Deviations = "One finding per bucket, not four: the four Checkov IDs are aliases of this rule, so a bucket that misses only one flag fails under all four.",
        CountLabel = "S3 bucket without a full public access block",
        Noun = "buckets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var block = context.Get("PublicAccessBlockConfiguration");
        switch (block)
        {
            case null:
                return Verdict.Fail($"PublicAccessBlockConfiguration is not set: the template does not keep {Names(Flags)} on");
            case UnknownValue:
                return Verdict.Unknown($"PublicAccessBlockConfiguration is {ValueChecks.Describe(block)}", block.Origin);
            case not MapValue:
                return Verdict.Fail($"PublicAccessBlockConfiguration is {ValueChecks.Describe(block)}, not a mapping", block.Origin);
        }

        var values = Flags.Select(f => (Flag: f, Value: ValuePath.Get(block, f))).ToList();
        var off = values.Where(v => ValueChecks.Truth(v.Value) == false).ToList();
        if (off.Count > 0)
        {
            var at = off.Select(v => v.Value?.Origin).FirstOrDefault(o => o is not null) ?? ValueChecks.Locate(context.Properties, "PublicAccessBlockConfiguration");
            return Verdict.Fail($"PublicAccessBlockConfiguration leaves {Names(off.Select(v => v.Flag))} off", at);
        }

        var unknown = values.FirstOrDefault(v => v.Value is UnknownValue);
        return unknown.Value is { } value
            ? Verdict.Unknown($"PublicAccessBlockConfiguration.{unknown.Flag} is {ValueChecks.Describe(value)}", value.Origin)
            : Verdict.Pass("all four public access blocks are on");
    }

    private static string Names(IEnumerable<string> flags)
    {
        var list = flags.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list[..^1]) + " and " + list[^1];
    }
}
