namespace Ironclad.Core.Rules.S3;

// docs/design/rules.md, S3. Pass: LoggingConfiguration is present. Fail: absent or empty. Not applicable: the bucket receives
// other buckets' access logs (logging it would recurse). Unknown: a configuration known only at deployment.
public sealed class S3BucketLogging : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC3001",
        Name = nameof(S3BucketLogging),
        Title = "S3 buckets log access requests",
        Severity = Severity.Low,
        ResourceTypes = S3Types.Buckets,
        CheckovIds = ["CKV_AWS_18"],
        ConfigIdentifier = "S3_BUCKET_LOGGING_ENABLED",
        ConfigRuleName = "s3-bucket-logging-enabled",
        CfnNagIds = ["W35"],
        SecurityHubIds = ["S3.9"],
        Rationale = "Server access logs record every request to the bucket, who made it and from where; without them a leak or misuse of the bucket's objects cannot be investigated.",
        Remediation = "Set LoggingConfiguration: {DestinationBucketName: !Ref AccessLoggingBucket, LogFilePrefix: <name>-access-logs/} and let the log bucket's policy allow logging.s3.amazonaws.com to put objects.",
        PassCondition = "`LoggingConfiguration` is present. Not applicable to a bucket that receives access logs: another bucket's `LoggingConfiguration.DestinationBucketName` names it, or its bucket policy allows `logging.s3.amazonaws.com` to `s3:PutObject`.",
        Deviations = "Access-log buckets are not applicable: logging them would recurse.",
        CountLabel = "S3 bucket without access logging",
        Noun = "buckets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        context.Facts.IsAccessLogTarget(context.LogicalId)
            ? Verdict.NotApplicable("the bucket receives access logs; logging it would recurse")
            : ValueChecks.RequirePresent(context.Properties, ["LoggingConfiguration"], ": requests to the bucket are not logged");
}
