namespace Ironclad.Core.Rules.ApiGateway;

// CKV_AWS_76. Pass: AccessLogSetting.DestinationArn is set on the REST stage (SAM Api: after Globals.Api).
// Fail: absent or empty. Unknown: a destination known only at deployment.
public sealed class ApiGatewayAccessLogging : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6001",
        Name = nameof(ApiGatewayAccessLogging),
        Title = "API Gateway REST stages write access logs",
        Severity = Severity.Medium,
        ResourceTypes = [ApiGatewayTypes.RestStage, ApiGatewayTypes.SamApi],
        CheckovIds = ["CKV_AWS_76"],
        Rationale = "Access logs are the record of who called which route, from where and with what result; without them an abused or failing API leaves nothing to investigate.",
        Remediation = "Set AccessLogSetting: {DestinationArn: <encrypted log group with retention>, Format: <JSON access-log format>}. API Gateway writes logs only through the account's CloudWatch role (AWS::ApiGateway::Account, once per account and region).",
        PassCondition = "`AccessLogSetting.DestinationArn` is set (`AWS::Serverless::Api`: after `Globals.Api`).",
        Deviations = "SAM `AWS::Serverless::Api` is covered too; Checkov checks only `AWS::ApiGateway::Stage`.",
        CountLabel = "REST API stage without access logging",
        Noun = "stages",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) =>
        ValueChecks.RequirePresent(context.Properties, ["AccessLogSetting", "DestinationArn"], ": calls to the stage are not logged");
}
