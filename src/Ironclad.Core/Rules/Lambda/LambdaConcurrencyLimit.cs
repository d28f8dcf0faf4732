using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// docs/design/rules.md, Lambda. Pass: ReservedConcurrentExecutions >= 1 (after Globals, parameters resolved).
// Fail: absent, AWS::NoValue, null, 0 (the function could never run), or below 1.
// Unknown: a value known only at deployment (a parameter without a value).
public sealed class LambdaConcurrencyLimit : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1001",
        Name = nameof(LambdaConcurrencyLimit),
        Title = "Lambda functions have a reserved concurrency limit",
        Severity = Severity.Medium,
        ResourceTypes = LambdaTypes.All,
        CheckovIds = ["CKV_AWS_115"],
        ConfigIdentifier = "LAMBDA_CONCURRENCY_CHECK",
        ConfigRuleName = "lambda-concurrency-check",
        CfnNagIds = ["W92"],
        Rationale = "Without a limit, one function can consume the account's whole concurrency, throttling every other function, and a runaway loop bills without bound.",
        Remediation = "Set ReservedConcurrentExecutions to a value of at least 1 (for SAM, in Globals.Function), for example !Ref LambdaConcurrencyLimit.",
        PassCondition = "`ReservedConcurrentExecutions` (after SAM Globals) is a number of at least 1. A `!Ref` to a parameter is judged by the parameter's value; a parameter without one leaves the verdict unknown.",
        Deviations = "`0` fails: it throttles every invocation, so the function can never run. `!Ref AWS::NoValue` removes the property and fails.",
        CountLabel = "Lambda function without a concurrency limit",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var value = context.Get("ReservedConcurrentExecutions");
        switch (value)
        {
            case null:
            case ScalarValue { IsEmpty: true }:
                return Verdict.Fail("ReservedConcurrentExecutions is not set", value?.Origin);
            case UnknownValue:
                return Verdict.Unknown($"ReservedConcurrentExecutions is {ValueChecks.Describe(value)}", value.Origin);
            case ScalarValue scalar when scalar.AsNumber() is { } n:
                return n >= 1
                    ? Verdict.Pass($"ReservedConcurrentExecutions is {scalar.Text}")
                    : Verdict.Fail($"ReservedConcurrentExecutions is {scalar.Text}: the function can never run", value.Origin);
            default:
                return Verdict.Fail("ReservedConcurrentExecutions is not a number", value.Origin);
        }
    }
}
