namespace Ironclad.Core.Rules.ApiGateway;

// CKV_AWS_73, Security Hub APIGateway.3. Pass: TracingEnabled is true (SAM Api: after Globals.Api).
// Fail: absent or false. Unknown: a value known only at deployment.
public sealed class ApiGatewayTracing : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6003",
        Name = nameof(ApiGatewayTracing),
        Title = "API Gateway REST stages have X-Ray tracing",
        Severity = Severity.Low,
        ResourceTypes = [ApiGatewayTypes.RestStage, ApiGatewayTypes.SamApi],
        CheckovIds = ["CKV_AWS_73"],
        SecurityHubIds = ["APIGateway.3"],
        Rationale = "Tracing at the stage starts the trace that the functions behind it continue; without it the time spent in API Gateway and the path of a failing request are invisible.",
        Remediation = "Set TracingEnabled: true on the stage (SAM: in Globals.Api).",
        PassCondition = "`TracingEnabled` is true (`AWS::Serverless::Api`: after `Globals.Api`).",
        Deviations = "SAM `AWS::Serverless::Api` is covered too; the string `\"true\"` is true.",
        CountLabel = "REST API stage without X-Ray tracing",
        Noun = "stages",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequireTrue(context.Properties, ["TracingEnabled"], ": requests through the stage are not traced");
}
