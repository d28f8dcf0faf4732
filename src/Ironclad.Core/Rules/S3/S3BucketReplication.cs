using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.S3;

// docs/design/rules.md, S3. Pass: ReplicationConfiguration.Rules has a rule with Status Enabled. Fail: none.
// Not applicable: replication destinations and access-log buckets of the same template. Unknown: rules known only at deployment.
public sealed class S3BucketReplication : Rule
{
    private static readonly string[] RulesPath = ["ReplicationConfiguration", "Rules"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC3004",
        Name = nameof(S3BucketReplication),
        Title = "S3 buckets replicate their objects",
        Severity = Severity.Low,
        ResourceTypes = S3Types.Buckets,
        ConfigIdentifier = "S3_BUCKET_REPLICATION_ENABLED",
        ConfigRuleName = "s3-bucket-replication-enabled",
        SecurityHubIds = ["S3.7"],
        Rationale = "A bucket with a single copy of its objects is lost with its region, its account's mistakes or a ransom-style deletion; replication keeps a second copy under its own controls.",
        Remediation = "Enable versioning and set ReplicationConfiguration with a Role and at least one rule with Status: Enabled and a Destination bucket (another region for disaster recovery).",
        PassCondition = "`ReplicationConfiguration.Rules` has at least one rule with `Status: Enabled`. Not applicable to a bucket that another bucket of the template replicates into, and to access-log buckets (as in IC3001).",
        Deviations = "Checkov has no CloudFormation check for replication (CKV_AWS_144 is Terraform only); this follows the AWS Config rule.",
        CountLabel = "S3 bucket without replication",
        Noun = "buckets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        if (context.Facts.IsReplicationDestination(context.LogicalId))
        {
            return Verdict.NotApplicable("the bucket is a replication destination");
        }

        if (context.Facts.IsAccessLogTarget(context.LogicalId))
        {
            return Verdict.NotApplicable("the bucket receives access logs");
        }

        var rules = ValuePath.Get(context.Properties, RulesPath);
        if (rules is UnknownValue)
        {
            return Verdict.Unknown($"ReplicationConfiguration.Rules is {ValueChecks.Describe(rules)}", rules.Origin);
        }

        var statuses = (rules as ListValue)?.Items.Select(r => r is UnknownValue ? r : ValuePath.Get(r, "Status")).ToList() ?? [];
        if (statuses.Any(s => s is ScalarValue { Text: "Enabled" }))
        {
            return Verdict.Pass("a replication rule is Enabled");
        }

        if (statuses.FirstOrDefault(s => s is UnknownValue) is { } unknown)
        {
            return Verdict.Unknown($"a replication rule's status is {ValueChecks.Describe(unknown)}", unknown.Origin);
        }

        return rules is null
            ? Verdict.Fail("ReplicationConfiguration is not set: the bucket's objects exist in one copy", ValueChecks.Locate(context.Properties, RulesPath))
            : Verdict.Fail("ReplicationConfiguration has no rule with Status: Enabled: the bucket's objects exist in one copy", ValueChecks.Locate(context.Properties, RulesPath));
    }
}
