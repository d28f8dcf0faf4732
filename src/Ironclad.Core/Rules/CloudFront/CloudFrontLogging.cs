namespace Ironclad.Core.Rules.CloudFront;

// docs/design/rules.md, CloudFront, CKV_AWS_86. Pass: DistributionConfig.Logging.Bucket is set. Fail: absent or empty.
// Unknown: a bucket known only at deployment.
public sealed class CloudFrontLogging : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC5001",
        Name = nameof(CloudFrontLogging),
        Title = "CloudFront distributions log viewer requests",
        Severity = Severity.Low,
        ResourceTypes = CloudFrontTypes.Distributions,
        CheckovIds = ["CKV_AWS_86"],
        ConfigIdentifier = "CLOUDFRONT_ACCESSLOGS_ENABLED",
        ConfigRuleName = "cloudfront-accesslogs-enabled",
        CfnNagIds = ["W10"],
        SecurityHubIds = ["CloudFront.5"],
        Rationale = "Standard logs record every viewer request (client address, path, status, edge location); without them abuse of the distribution and of the origin behind it cannot be traced.",
        Remediation = "Set DistributionConfig.Logging.Bucket to the regional domain name of a log bucket (!GetAtt AccessLoggingBucket.RegionalDomainName) that allows ACLs (ObjectOwnership BucketOwnerPreferred), and a Prefix.",
        PassCondition = "`DistributionConfig.Logging.Bucket` is set.",
        Deviations = "None.",
        CountLabel = "CloudFront distribution without access logging",
        Noun = "distributions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequirePresent(context.Properties, ["DistributionConfig", "Logging", "Bucket"], ": viewer requests are not logged");
}
