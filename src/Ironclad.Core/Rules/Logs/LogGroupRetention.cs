namespace Ironclad.Core.Rules.Logs;

// docs/design/rules.md, Queues, keys and logs, CKV_AWS_66. Pass: RetentionInDays is set. Fail: absent or empty (logs kept forever).
// Unknown: a value known only at deployment.
public sealed class LogGroupRetention : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC4003",
        Name = nameof(LogGroupRetention),
        Title = "CloudWatch log groups have a retention period",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::Logs::LogGroup"],
        CheckovIds = ["CKV_AWS_66"],
        ConfigIdentifier = "CW_LOGGROUP_RETENTION_PERIOD_CHECK",
        ConfigRuleName = "cw-loggroup-retention-period-check",
        CfnNagIds = ["W86"],
        SecurityHubIds = ["CloudWatch.16"],
        Rationale = "Without a retention period logs are kept, and billed, forever, along with whatever personal data they hold; a deliberate period keeps what audits need and no more.",
        Remediation = "Set RetentionInDays (for example 90, or !Ref LogRetentionDays).",
        PassCondition = "`RetentionInDays` is set.",
        Deviations = "None.",
        CountLabel = "CloudWatch log group without a retention period",
        Noun = "log groups",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequirePresent(context.Properties, ["RetentionInDays"], ": the logs are kept forever");
}
