using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// Security Hub Lambda.7. Pass: Lambda TracingConfig.Mode is Active; SAM Tracing is Active (after Globals).
// Fail: absent, PassThrough or Disabled. Unknown: a mode known only at deployment.
public sealed class LambdaTracing : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1007",
        Name = nameof(LambdaTracing),
        Title = "Lambda functions have AWS X-Ray active tracing",
        Severity = Severity.Low,
        ResourceTypes = LambdaTypes.All,
        SecurityHubIds = ["Lambda.7"],
        Rationale = "Without active tracing a request that crosses API Gateway, the function and its downstream calls leaves no trace to follow when it fails, slows down or is abused.",
        Remediation = "SAM: set Tracing: Active in Globals.Function. Lambda: set TracingConfig: {Mode: Active}. The execution role needs xray:PutTraceSegments and xray:PutTelemetryRecords (SAM adds them when Tracing is set).",
        PassCondition = "`AWS::Lambda::Function`: `TracingConfig.Mode` is `Active`. `AWS::Serverless::Function`: `Tracing` (after SAM Globals) is `Active`.",
        Deviations = "Checkov has no CloudFormation check for this; it follows the Security Hub control.",
        CountLabel = "Lambda function without X-Ray active tracing",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        string[] path = context.IsServerless ? ["Tracing"] : ["TracingConfig", "Mode"];
        var mode = ValuePath.Get(context.Properties, path);
        var name = string.Join('.', path);
        return mode switch
        {
            ScalarValue { Text: "Active" } => Verdict.Pass($"{name} is Active"),
            UnknownValue => Verdict.Unknown($"{name} is {ValueChecks.Describe(mode)}", mode.Origin),
            _ => Verdict.Fail($"{name} is {ValueChecks.Describe(mode)}: requests through the function are not traced", ValueChecks.Locate(context.Properties, path)),
        };
    }
}
