using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.ApiGateway;

// Security Hub APIGateway.1. Pass: a MethodSettings entry sets LoggingLevel ERROR or INFO (SAM Api: after Globals.Api).
// Fail: no entry does, or one sets OFF. Unknown: a level known only at deployment.
public sealed class ApiGatewayExecutionLogging : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6002",
        Name = nameof(ApiGatewayExecutionLogging),
        Title = "API Gateway REST stages write execution logs",
        Severity = Severity.Medium,
        ResourceTypes = [ApiGatewayTypes.RestStage, ApiGatewayTypes.SamApi],
        SecurityHubIds = ["APIGateway.1"],
        Rationale = "Execution logs record how API Gateway handled each request (authorizer decisions, integration errors, throttling); without them a 5xx or a denied call cannot be explained.",
        Remediation = "Add MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR}] (INFO while debugging; set DataTraceEnabled only outside production, as it logs bodies). API Gateway writes logs only through the account's CloudWatch role (AWS::ApiGateway::Account).",
        PassCondition = "A `MethodSettings` entry has `LoggingLevel` `ERROR` or `INFO`, and no entry sets `OFF` (`AWS::Serverless::Api`: after `Globals.Api`).",
        Deviations = "Checkov has no CloudFormation check for this; it follows the Security Hub control for REST stages.",
        CountLabel = "REST API stage without execution logging",
        Noun = "stages",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var settings = context.Get("MethodSettings");
        switch (settings)
        {
            case null:
                return Verdict.Fail("MethodSettings is not set: no execution logging level");
            case UnknownValue:
                return Verdict.Unknown($"MethodSettings is {ValueChecks.Describe(settings)}", settings.Origin);
            case not ListValue:
                return Verdict.Fail($"MethodSettings is {ValueChecks.Describe(settings)}, not a list", settings.Origin);
        }

        var levels = ((ListValue)settings).Items.Select(item => ValuePath.Get(item, "LoggingLevel")).Where(l => l is not null).ToList();
        if (levels.FirstOrDefault(l => l is ScalarValue { Text: "OFF" }) is { } off)
        {
            return Verdict.Fail("MethodSettings sets LoggingLevel OFF", off.Origin);
        }

        if (levels.FirstOrDefault(l => l is ScalarValue { Text: "ERROR" or "INFO" }) is ScalarValue on)
        {
            return Verdict.Pass($"MethodSettings sets LoggingLevel {on.Text}");
        }

        return levels.FirstOrDefault(l => l is UnknownValue) is { } unknown
            ? Verdict.Unknown($"MethodSettings LoggingLevel is {ValueChecks.Describe(unknown)}", unknown.Origin)
            : Verdict.Fail("no MethodSettings entry sets LoggingLevel ERROR or INFO: execution is not logged", ValueChecks.Locate(context.Properties, "MethodSettings"));
    }
}
