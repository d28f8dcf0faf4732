using Ironclad.Core.Rules.SecretsManager;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Secrets (rule IC6401): secrets under the AWS-managed key get a customer-managed key whose
/// policy carries the statement of <c>aws/secretsmanager</c>: any principal of the account may use it through Secrets
/// Manager in this region. Every reader that could read the secret before (a function with
/// <c>AWSSecretsManagerGetSecretValuePolicy</c>, a rotation function, CloudFormation resolving a dynamic reference)
/// still can, without an IAM change; the key can then be narrowed by hand.
/// </summary>
internal static class SecretKeyFix
{
    public const string SecretsKey = "SecretsManagerKMSKey";

    public static void Apply(PlanContext context)
    {
        foreach (var finding in context.Failures(SecretsManagerCmk.Info.Id))
        {
            var secret = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            context.Fix(finding, () =>
            {
                var key = Key(context, reference);
                context.SetProperty(secret, ["KmsKeyId"], Ref(key.Id), $"!Ref {key.Id}", reference);
            });
        }
    }

    private static PlannedResource Key(PlanContext context, params FindingRef[] fixes)
    {
        var key = Infrastructure.Key(context, SecretsKey, "secretsmanager", "Encrypts the Secrets Manager secrets", fixes);
        Infrastructure.KeyStatement(context, key, Map(
            ("Sid", Str("AllowUseThroughSecretsManagerForThisAccount")),
            ("Effect", Str("Allow")),
            ("Principal", Map(("AWS", Str("*")))),
            ("Action", List(Str("kms:Encrypt"), Str("kms:Decrypt"), Str("kms:ReEncrypt*"), Str("kms:GenerateDataKey*"), Str("kms:CreateGrant"), Str("kms:DescribeKey"))),
            ("Resource", Str("*")),
            ("Condition", Map(("StringEquals", Map(
                ("kms:CallerAccount", Ref("AWS::AccountId")),
                ("kms:ViaService", Sub("secretsmanager.${AWS::Region}.amazonaws.com"))))))), fixes);
        return key;
    }
}
