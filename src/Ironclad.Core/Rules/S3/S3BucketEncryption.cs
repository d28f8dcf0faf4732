using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.S3;

// docs/design/rules.md, S3. Pass: every ServerSideEncryptionConfiguration rule sets SSEAlgorithm to AES256, aws:kms or
// aws:kms:dsse. Fail: no BucketEncryption (S3 encrypts with SSE-S3 anyway, hence the low severity), an empty list,
// a rule without a valid algorithm. Unknown: an algorithm known only at deployment.
public sealed class S3BucketEncryption : Rule
{
    private static readonly string[] RulesPath = ["BucketEncryption", "ServerSideEncryptionConfiguration"];
    private static readonly string[] AlgorithmPath = ["ServerSideEncryptionByDefault", "SSEAlgorithm"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC3003",
        Name = nameof(S3BucketEncryption),
        Title = "S3 buckets declare default server-side encryption",
        Severity = Severity.Low,
        ResourceTypes = S3Types.Buckets,
        CheckovIds = ["CKV_AWS_19"],
        ConfigIdentifier = "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
        ConfigRuleName = "s3-bucket-server-side-encryption-enabled",
        CfnNagIds = ["W41"],
        SecurityHubIds = ["S3.4"],
        Rationale = "Declaring the encryption in the template makes it reviewable and keeps it from drifting; S3 has applied SSE-S3 to new objects by default since January 2023, so a bucket without the declaration is still encrypted, which is why the severity is low.",
        Remediation = "Set BucketEncryption.ServerSideEncryptionConfiguration to [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}, BucketKeyEnabled: true}], or aws:kms with a KMSMasterKeyID.",
        PassCondition = "`BucketEncryption.ServerSideEncryptionConfiguration` is a non-empty list and every rule's `ServerSideEncryptionByDefault.SSEAlgorithm` is `AES256`, `aws:kms` or `aws:kms:dsse`.",
        Deviations = "A bucket without `BucketEncryption` fails (Checkov passes it: S3 encrypts by default); the AWS Config rule and the security guide require the declaration. `aws:kms:dsse` passes. Every rule is checked, not only the first.",
        CountLabel = "S3 bucket without declared server-side encryption",
        Noun = "buckets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var rules = ValuePath.Get(context.Properties, RulesPath);
        return rules switch
        {
            null => Verdict.Fail(
                "BucketEncryption.ServerSideEncryptionConfiguration is not set: S3 applies SSE-S3 by default, but the template does not declare it",
                ValueChecks.Locate(context.Properties, RulesPath)),
            UnknownValue => Verdict.Unknown($"BucketEncryption.ServerSideEncryptionConfiguration is {ValueChecks.Describe(rules)}", rules.Origin),
            ListValue { Items.Count: > 0 } list => ValueChecks.Worst(list.Items.Select((rule, i) => Algorithm(rule, i, list.Items.Count))),
            _ => Verdict.Fail($"BucketEncryption.ServerSideEncryptionConfiguration is {ValueChecks.Describe(rules)}", rules.Origin),
        };
    }

    private static Verdict Algorithm(Value rule, int index, int count)
    {
        var name = count == 1 ? "SSEAlgorithm" : $"SSEAlgorithm of encryption rule {index + 1}";
        var algorithm = ValuePath.Get(rule, AlgorithmPath);
        return algorithm switch
        {
            ScalarValue { Text: "AES256" or "aws:kms" or "aws:kms:dsse" } s => Verdict.Pass($"{name} is {s.Text}"),
            UnknownValue => Verdict.Unknown($"{name} is {ValueChecks.Describe(algorithm)}", algorithm.Origin),
            _ when rule is UnknownValue => Verdict.Unknown($"encryption rule {index + 1} is {ValueChecks.Describe(rule)}", rule.Origin),
            _ => Verdict.Fail(
                $"{name} is {ValueChecks.Describe(algorithm)}; it must be AES256, aws:kms or aws:kms:dsse",
                ValueChecks.Locate(rule, AlgorithmPath) ?? rule.Origin),
        };
    }
}
