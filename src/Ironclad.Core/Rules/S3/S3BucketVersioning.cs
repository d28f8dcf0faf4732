using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.S3;

// docs/design/rules.md, S3. Pass: VersioningConfiguration.Status is Enabled. Fail: Suspended, absent, anything else.
// Unknown: a status known only at deployment.
public sealed class S3BucketVersioning : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC3002",
        Name = nameof(S3BucketVersioning),
        Title = "S3 buckets keep object versions",
        Severity = Severity.Medium,
        ResourceTypes = S3Types.Buckets,
        CheckovIds = ["CKV_AWS_21"],
        ConfigIdentifier = "S3_BUCKET_VERSIONING_ENABLED",
        ConfigRuleName = "s3-bucket-versioning-enabled",
        SecurityHubIds = ["S3.14"],
        Rationale = "Without versioning an overwrite or a delete, by mistake or by an attacker, destroys the object; versioning keeps the previous versions and is required for replication.",
        Remediation = "Set VersioningConfiguration: {Status: Enabled}, with a lifecycle rule that moves and expires noncurrent versions to bound the cost.",
        PassCondition = "`VersioningConfiguration.Status` is `Enabled` (exactly: CloudFormation accepts only `Enabled` and `Suspended`).",
        Deviations = "None.",
        CountLabel = "S3 bucket without versioning",
        Noun = "buckets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var status = context.Get("VersioningConfiguration", "Status");
        return status switch
        {
            ScalarValue { Text: "Enabled" } => Verdict.Pass("VersioningConfiguration.Status is Enabled"),
            UnknownValue => Verdict.Unknown($"VersioningConfiguration.Status is {ValueChecks.Describe(status)}", status.Origin),
            _ => Verdict.Fail(
                $"VersioningConfiguration.Status is {ValueChecks.Describe(status)}: overwritten and deleted objects cannot be recovered",
                ValueChecks.Locate(context.Properties, "VersioningConfiguration", "Status")),
        };
    }
}
