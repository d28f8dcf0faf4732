using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.S3;

// docs/design/rules.md, S3, s3-bucket-ssl-requests-only. Pass: an AWS::S3::BucketPolicy for the bucket denies s3:* to
// everyone when aws:SecureTransport is false. Fail: no such statement. Unknown: a policy statement known only at deployment.
public sealed class S3BucketTlsOnly : Rule
{
    private static readonly string[] BoolOperators = ["Bool", "BoolIfExists"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC3006",
        Name = nameof(S3BucketTlsOnly),
        Title = "S3 buckets refuse requests made without TLS",
        Severity = Severity.Medium,
        ResourceTypes = S3Types.Buckets,
        ConfigIdentifier = "S3_BUCKET_SSL_REQUESTS_ONLY",
        ConfigRuleName = "s3-bucket-ssl-requests-only",
        SecurityHubIds = ["S3.5"],
        Rationale = "S3 still answers plain HTTP; without a policy that denies it, a client or SDK misconfigured to use http:// sends credentials-signed requests and object data in clear text.",
        Remediation = "Add to the bucket's AWS::S3::BucketPolicy a statement {Effect: Deny, Principal: '*', Action: 's3:*', Resource: [bucket ARN, bucket ARN/*], Condition: {Bool: {aws:SecureTransport: false}}}. Keep one policy per bucket.",
        PassCondition = "An `AWS::S3::BucketPolicy` whose `Bucket` refers to the bucket has a statement with `Effect: Deny`, `Principal: '*'` (or `AWS: '*'`), `Action` `s3:*` or `*`, and `Condition` `Bool` (or `BoolIfExists`) `aws:SecureTransport: false`.",
        Deviations = "Checkov has no CloudFormation check for this; it follows the AWS Config rule.",
        CountLabel = "S3 bucket that accepts requests without TLS",
        Noun = "buckets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var policies = context.Facts.BucketPolicies(context.LogicalId).ToList();
        if (policies.Count == 0)
        {
            return Verdict.Fail("no AWS::S3::BucketPolicy for the bucket denies requests made without TLS (aws:SecureTransport false)");
        }

        Value? unknown = null;
        foreach (var (policy, properties) in policies)
        {
            var statements = ValuePath.Get(properties, "PolicyDocument", "Statement") switch
            {
                ListValue list => list.Items,
                { } single => [single],
                null => [],
            };
            foreach (var statement in statements)
            {
                if (statement is MapValue map && DeniesPlainHttp(map))
                {
                    return Verdict.Pass($"{policy.LogicalId} denies requests made without TLS");
                }

                unknown ??= statement as UnknownValue;
            }
        }

        return unknown is not null
            ? Verdict.Unknown($"a statement of the bucket policy is {ValueChecks.Describe(unknown)}", unknown.Origin)
            : Verdict.Fail($"the bucket policy {string.Join(", ", policies.Select(p => p.Resource.LogicalId))} does not deny requests made without TLS (aws:SecureTransport false)");
    }

    private static bool DeniesPlainHttp(MapValue statement) =>
        TemplateFacts.Strings(statement["Effect"]).Contains("Deny")
        && IsEveryone(statement["Principal"])
        && TemplateFacts.Strings(statement["Action"]).Any(a => a is "s3:*" or "*")
        && statement["Condition"] is MapValue condition
        && BoolOperators.Any(op => condition[op] is MapValue test
            && test.Entries.Any(e => string.Equals(e.Key, "aws:SecureTransport", StringComparison.OrdinalIgnoreCase)
                && TemplateFacts.Strings(e.Value).Any(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase))));

    private static bool IsEveryone(Value? principal) => principal switch
    {
        ScalarValue { Text: "*" } => true,
        MapValue map => TemplateFacts.Strings(map["AWS"]).Contains("*"),
        _ => false,
    };
}
