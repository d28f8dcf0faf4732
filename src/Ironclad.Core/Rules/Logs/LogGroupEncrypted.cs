namespace Ironclad.Core.Rules.Logs;

// docs/design/rules.md, Queues, keys and logs, CKV_AWS_158. Pass: KmsKeyId is set. Fail: absent or empty. Unknown: a key known only at deployment.
public sealed class LogGroupEncrypted : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC4004",
        Name = nameof(LogGroupEncrypted),
        Title = "CloudWatch log groups are encrypted with a KMS key",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::Logs::LogGroup"],
        CheckovIds = ["CKV_AWS_158"],
        ConfigIdentifier = "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
        ConfigRuleName = "cloudwatch-log-group-encrypted",
        CfnNagIds = ["W84"],
        Rationale = "Logs capture request data, identifiers and sometimes secrets; a KMS key puts reading them under a key policy and in CloudTrail, instead of under the service's own key.",
        Remediation = "Set KmsKeyId to the ARN of a customer-managed key whose policy allows logs.<region>.amazonaws.com to use it.",
        PassCondition = "`KmsKeyId` is set.",
        Deviations = "None.",
        CountLabel = "CloudWatch log group without a KMS key",
        Noun = "log groups",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequirePresent(context.Properties, ["KmsKeyId"], ": the logs are encrypted only with the service's key");
}
