using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// docs/design/rules.md, Lambda. Pass: no environment variables (after Globals; Variables: {} is none), or KmsKeyArn is set.
// Fail: variables without a KmsKeyArn, or an empty one. Unknown: the variables or the key known only at deployment.
public sealed class LambdaEnvironmentEncrypted : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1004",
        Name = nameof(LambdaEnvironmentEncrypted),
        Title = "Lambda environment variables are encrypted with a customer-managed key",
        Severity = Severity.Low,
        ResourceTypes = LambdaTypes.All,
        CheckovIds = ["CKV_AWS_173"],
        Rationale = "Without KmsKeyArn, Lambda encrypts environment variables with the AWS-managed key aws/lambda, which every principal allowed to read the function's configuration can use; a customer-managed key puts decryption under a key policy and in CloudTrail.",
        Remediation = "Set KmsKeyArn: !GetAtt LambdaKMSKey.Arn (for SAM, in Globals.Function) and grant the function's role kms:Decrypt on that key.",
        PassCondition = "The function has no environment variables (after SAM Globals), or `KmsKeyArn` is set and not empty.",
        Deviations = "`Environment: {Variables: {}}` counts as no variables and passes; Checkov fails it.",
        CountLabel = "Lambda function with unencrypted environment variables",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var key = context.Get("KmsKeyArn");
        var keyPresence = ValueChecks.PresenceOf(key);
        if (keyPresence == Presence.Present)
        {
            return Verdict.Pass("KmsKeyArn is set");
        }

        // A non-mapping Environment (Checkov's fixtures write the string None) declares no variables.
        var environment = context.Get("Environment");
        var variables = environment is MapValue env ? env["Variables"] : environment as UnknownValue;
        if (variables is UnknownValue)
        {
            return Verdict.Unknown($"the environment variables are {ValueChecks.Describe(variables)}", variables.Origin);
        }

        if (variables is not MapValue { Count: > 0 } map)
        {
            return Verdict.Pass("the function has no environment variables");
        }

        var count = map.Count;
        return keyPresence switch
        {
            Presence.Unknown => Verdict.Unknown($"KmsKeyArn is {ValueChecks.Describe(key)}", key?.Origin),
            Presence.Empty => Verdict.Fail($"KmsKeyArn is {ValueChecks.Describe(key)}: {count} environment variable(s) are encrypted with the AWS-managed key aws/lambda", key?.Origin),
            _ => Verdict.Fail($"KmsKeyArn is not set: {count} environment variable(s) are encrypted with the AWS-managed key aws/lambda"),
        };
    }
}
