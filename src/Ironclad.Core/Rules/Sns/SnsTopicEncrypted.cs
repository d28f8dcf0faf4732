namespace Ironclad.Core.Rules.Sns;

// CKV_AWS_26, Security Hub SNS.1. Pass: KmsMasterKeyId is set. Fail: absent or empty. Unknown: a key known only at deployment.
public sealed class SnsTopicEncrypted : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6101",
        Name = nameof(SnsTopicEncrypted),
        Title = "SNS topics are encrypted with a KMS key",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::SNS::Topic"],
        CheckovIds = ["CKV_AWS_26"],
        SecurityHubIds = ["SNS.1"],
        CfnNagIds = ["W47"],
        Rationale = "Messages wait in the topic until every subscriber has them; without a KMS key they are stored unencrypted, and nothing but the topic policy stands between them and a reader.",
        Remediation = "Set KmsMasterKeyId to a customer-managed key whose policy lets every publisher use it (S3, EventBridge and CloudWatch alarms need their service principal with aws:SourceAccount or aws:SourceArn; under a key they cannot use, their messages are dropped silently).",
        PassCondition = "`KmsMasterKeyId` is set and not empty.",
        Deviations = "None.",
        CountLabel = "SNS topic without encryption",
        Noun = "topics",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequirePresent(context.Properties, ["KmsMasterKeyId"], ": messages are stored unencrypted");
}
