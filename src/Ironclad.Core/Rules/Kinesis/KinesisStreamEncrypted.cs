using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Kinesis;

// CKV_AWS_43, Security Hub Kinesis.1. Pass: StreamEncryption.EncryptionType is KMS and KeyId is set.
// Fail: no StreamEncryption, another type, or no key. Unknown: values known only at deployment.
public sealed class KinesisStreamEncrypted : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6201",
        Name = nameof(KinesisStreamEncrypted),
        Title = "Kinesis data streams are encrypted at rest",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::Kinesis::Stream"],
        CheckovIds = ["CKV_AWS_43"],
        SecurityHubIds = ["Kinesis.1"],
        Rationale = "Records stay in the stream for its whole retention period; without server-side encryption they are stored in clear text.",
        Remediation = "Set StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis} (the AWS-managed key, which needs no key policy) or a customer-managed key that producers and consumers may use.",
        PassCondition = "`StreamEncryption.EncryptionType` is `KMS` and `StreamEncryption.KeyId` is set.",
        Deviations = "None.",
        CountLabel = "Kinesis stream without encryption",
        Noun = "streams",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var encryption = context.Get("StreamEncryption");
        switch (encryption)
        {
            case null:
                return Verdict.Fail("StreamEncryption is not set: records are stored unencrypted");
            case UnknownValue:
                return Verdict.Unknown($"StreamEncryption is {ValueChecks.Describe(encryption)}", encryption.Origin);
        }

        var type = context.Get("StreamEncryption", "EncryptionType");
        var typeVerdict = type switch
        {
            ScalarValue { Text: "KMS" } => Verdict.Pass("EncryptionType is KMS"),
            UnknownValue => Verdict.Unknown($"StreamEncryption.EncryptionType is {ValueChecks.Describe(type)}", type.Origin),
            _ => Verdict.Fail($"StreamEncryption.EncryptionType is {ValueChecks.Describe(type)}; it must be KMS", ValueChecks.Locate(context.Properties, "StreamEncryption", "EncryptionType")),
        };
        return ValueChecks.Worst(typeVerdict, ValueChecks.RequirePresent(context.Properties, ["StreamEncryption", "KeyId"], ": the stream has no key to encrypt with"));
    }
}
