namespace Ironclad.Core.Rules.StepFunctions;

// AWS Control Tower CT.STEPFUNCTIONS.PR.2 checks the same setting. Pass: TracingConfiguration.Enabled is true (SAM:
// Tracing.Enabled; SAM's Globals cannot set it). Fail: absent or false. Unknown: a value known only at deployment.
public sealed class StepFunctionsTracing : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6302",
        Name = nameof(StepFunctionsTracing),
        Title = "Step Functions state machines have AWS X-Ray tracing",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"],
        Rationale = "A state machine joins the functions and services of a workflow; without tracing, the X-Ray trace of a request stops at the state machine, and a slow or failing step has to be found by reading logs.",
        Remediation = "Set TracingConfiguration: {Enabled: true} (SAM: Tracing: {Enabled: true}); the state machine's role needs xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules and xray:GetSamplingTargets on '*'.",
        PassCondition = "`TracingConfiguration.Enabled` is true (`AWS::Serverless::StateMachine`: `Tracing.Enabled`).",
        Deviations = "Checkov has this check (CKV_AWS_284) for Terraform only and Security Hub has no control for it, so the rule carries no alias; the string `\"true\"` is true.",
        CountLabel = "state machine without X-Ray tracing",
        Noun = "state machines",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequireTrue(context.Properties, context.IsServerless ? ["Tracing", "Enabled"] : ["TracingConfiguration", "Enabled"], ": executions are not traced");
}
