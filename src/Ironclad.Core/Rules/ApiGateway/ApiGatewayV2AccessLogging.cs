namespace Ironclad.Core.Rules.ApiGateway;

// CKV_AWS_95, Security Hub APIGateway.9. Pass: AccessLogSettings.DestinationArn is set on the HTTP or WebSocket stage
// (SAM HttpApi: after Globals.HttpApi). Fail: absent or empty. Unknown: a destination known only at deployment.
public sealed class ApiGatewayV2AccessLogging : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6004",
        Name = nameof(ApiGatewayV2AccessLogging),
        Title = "API Gateway HTTP and WebSocket stages write access logs",
        Severity = Severity.Medium,
        ResourceTypes = [ApiGatewayTypes.HttpStage, ApiGatewayTypes.SamHttpApi],
        CheckovIds = ["CKV_AWS_95"],
        SecurityHubIds = ["APIGateway.9"],
        Rationale = "HTTP and WebSocket APIs have no execution logs; access logs are their only record of who called which route and with what result.",
        Remediation = "Set AccessLogSettings: {DestinationArn: <encrypted log group with retention>, Format: <JSON access-log format>}.",
        PassCondition = "`AccessLogSettings.DestinationArn` is set (`AWS::Serverless::HttpApi`: after `Globals.HttpApi`).",
        Deviations = "SAM `AWS::Serverless::HttpApi` is covered too; Checkov checks only `AWS::ApiGatewayV2::Stage`.",
        CountLabel = "HTTP or WebSocket API stage without access logging",
        Noun = "stages",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequirePresent(context.Properties, ["AccessLogSettings", "DestinationArn"], ": calls to the stage are not logged");
}
