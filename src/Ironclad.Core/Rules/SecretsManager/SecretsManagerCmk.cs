using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.SecretsManager;

// CKV_AWS_149. Pass: KmsKeyId names a customer-managed key. Fail: absent, empty, or the AWS-managed alias
// aws/secretsmanager. Unknown: a key known only at deployment.
public sealed class SecretsManagerCmk : Rule
{
    private const string AwsManagedAlias = "alias/aws/secretsmanager";

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6401",
        Name = nameof(SecretsManagerCmk),
        Title = "Secrets Manager secrets are encrypted with a customer-managed key",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::SecretsManager::Secret"],
        CheckovIds = ["CKV_AWS_149"],
        Rationale = "Under the AWS-managed key aws/secretsmanager, any principal of the account allowed to call GetSecretValue can decrypt the secret; a customer-managed key adds a key policy to pass, can be shared across accounts and is audited on its own.",
        Remediation = "Set KmsKeyId to a customer-managed key whose policy (or the readers' IAM policies, with kms:ViaService secretsmanager) lets every reader of the secret decrypt with it.",
        PassCondition = "`KmsKeyId` is set, not empty, and not the AWS-managed key (`alias/aws/secretsmanager`, `aws/secretsmanager`, or an alias ARN ending so).",
        Deviations = "None.",
        CountLabel = "Secrets Manager secret without a customer-managed key",
        Noun = "secrets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var verdict = ValueChecks.RequirePresent(context.Properties, ["KmsKeyId"], ": the secret uses the AWS-managed key aws/secretsmanager");
        return verdict.Status == ResultStatus.Pass && context.Get("KmsKeyId") is ScalarValue { Text: var text } key
            && (text == AwsManagedAlias || text == AwsManagedAlias["alias/".Length..] || text.EndsWith(":" + AwsManagedAlias, StringComparison.Ordinal))
            ? Verdict.Fail($"KmsKeyId is the AWS-managed key {AwsManagedAlias}, not a customer-managed key", key.Origin)
            : verdict;
    }
}
