using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Core.Rules.ApiGateway;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, API stages (rules IC6001, IC6002, IC6004): each stage without access logs gets a log group
/// of its own (encrypted, with retention) and a JSON access-log format; each REST stage without execution logs gets
/// <c>LoggingLevel: ERROR</c> for every method. REST stages log only through the CloudWatch Logs role set once per
/// account and region (<c>AWS::ApiGateway::Account</c>); without it the stage fails to deploy with "CloudWatch Logs
/// role ARN must be set in account settings". By default the plan adds that role and the Account resource (or
/// depends on the template's own) and warns that the setting is account-wide; <c>--apigateway-account existing</c>
/// takes it as set, <c>none</c> declines REST logging with the manual change. HTTP and WebSocket stages log through a
/// service-linked role and need none of it.
/// </summary>
internal static class ApiGatewayLoggingFix
{
    private const string AccountType = "AWS::ApiGateway::Account";
    private const string PushPolicy = "AmazonAPIGatewayPushToCloudWatchLogs";

    /// <summary>The REST access-log format: one JSON object per request, with the request ID to match execution logs.</summary>
    private const string RestFormat =
        "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\"}";

    private const string HttpFormat =
        "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\",\"httpMethod\":\"$context.httpMethod\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\",\"responseLength\":\"$context.responseLength\"}";

    private const string WebSocketFormat =
        "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\",\"eventType\":\"$context.eventType\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\",\"connectionId\":\"$context.connectionId\"}";

    private const string ManualRest =
        "Set the account's API Gateway CloudWatch Logs role once per region (a role API Gateway may assume, with the managed policy AmazonAPIGatewayPushToCloudWatchLogs: aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=ROLE_ARN), then give the stage AccessLogSetting {DestinationArn: <encrypted log group with retention>, Format: <JSON with $context.requestId>} and MethodSettings [{ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR}], or run fix with --apigateway-account existing.";

    public static void Apply(PlanContext context)
    {
        var rest = context.Failures(ApiGatewayAccessLogging.Info.Id).Concat(context.Failures(ApiGatewayExecutionLogging.Info.Id))
            .GroupBy(f => f.Resource, StringComparer.Ordinal)
            .Select(g => (Stage: context.Resource(g.Key), Findings: g.ToList()))
            .ToList();
        if (context.Options.ApiGatewayAccount == ApiGatewayAccountMode.None)
        {
            foreach (var (stage, findings) in rest)
            {
                foreach (var finding in findings)
                {
                    context.Decline(
                        stage,
                        context.RefOf(finding),
                        "REST stages log only through the account's CloudWatch Logs role (AWS::ApiGateway::Account), which fix was told not to add (--apigateway-account none)",
                        ManualRest);
                }
            }
        }
        else if (rest.Count > 0)
        {
            var all = rest.SelectMany(r => r.Findings).Select(context.RefOf).ToArray();
            var condition = context.ConditionServing("HasLoggedRestStages", rest.Select(r => r.Stage.Condition), all);
            foreach (var (stage, findings) in rest)
            {
                var refs = findings.Select(context.RefOf).ToArray();
                context.Fix(refs, () => Rest(context, stage, findings, condition, refs));
            }
        }

        foreach (var finding in context.Failures(ApiGatewayV2AccessLogging.Info.Id))
        {
            var stage = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            context.Fix(finding, () => AccessLogs(context, stage, "AccessLogSettings", IsWebSocket(context, stage) ? WebSocketFormat : HttpFormat, reference));
        }
    }

    private static void Rest(PlanContext context, ResourceDefinition stage, List<ScanResult> findings, string? condition, FindingRef[] refs)
    {
        if (findings.FirstOrDefault(f => f.Rule.Id == ApiGatewayExecutionLogging.Info.Id) is { } execution)
        {
            ExecutionLogs(context, stage, context.RefOf(execution));
        }

        if (findings.FirstOrDefault(f => f.Rule.Id == ApiGatewayAccessLogging.Info.Id) is { } access)
        {
            AccessLogs(context, stage, "AccessLogSetting", RestFormat, context.RefOf(access));
        }

        if (Account(context, condition, refs) is { } account && !stage.DependsOn.Contains(account))
        {
            // The stage (for SAM, the RestApi its stage follows) must exist only once the account's role is set.
            context.AppendAttribute(stage, ["DependsOn"], Str(account), $"waits for {account}: the account's CloudWatch Logs role", refs);
        }
    }

    private static void AccessLogs(PlanContext context, ResourceDefinition stage, string property, string format, FindingRef finding)
    {
        var group = LogGroups.Encrypted(context, stage.LogicalId + "AccessLogs", stage.Condition, $"access logs of {stage.LogicalId}", [finding]);
        if (Buckets.Own(stage, property) is MappingNode written && !Intrinsics.TryGetCall(written, out _, out _))
        {
            context.SetProperty(stage, [property, "DestinationArn"], GetAtt(group.Id, "Arn"), $"!GetAtt {group.Id}.Arn", finding);
            if (written.Find("Format") is null)
            {
                context.SetProperty(stage, [property, "Format"], Str(format), "JSON access-log format", finding);
            }

            return;
        }

        context.SetProperty(stage, [property], Map(("DestinationArn", GetAtt(group.Id, "Arn")), ("Format", Str(format))), $"access logs to {group.Id}, JSON format", finding);
    }

    private static void ExecutionLogs(PlanContext context, ResourceDefinition stage, FindingRef finding)
    {
        var entry = Map(("ResourcePath", Str("/*")), ("HttpMethod", Str("*")), ("LoggingLevel", Str("ERROR")));
        var written = Buckets.Own(stage, "MethodSettings");
        if (written is null)
        {
            context.SetProperty(stage, ["MethodSettings"], List(entry), "LoggingLevel ERROR on every method", finding);
            WarnExecutionLogGroup(context, stage);
            return;
        }

        if (written is not SequenceNode list || Intrinsics.TryGetCall(written, out _, out _))
        {
            throw new UnfixableException("MethodSettings is not a list written in the template: add {ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR} by hand");
        }

        if (list.Items.OfType<MappingNode>().Any(m => m["LoggingLevel"] is ScalarNode { Value: "OFF" }))
        {
            throw new UnfixableException("a MethodSettings entry sets LoggingLevel OFF, taken as a decision: set it to ERROR by hand if the method should log");
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is MappingNode item && item["ResourcePath"] is ScalarNode { Value: "/*" } && item["HttpMethod"] is ScalarNode { Value: "*" } && item.Find("LoggingLevel") is null)
            {
                context.SetIn(stage, $"Properties.MethodSettings[{i}]", item, ["LoggingLevel"], Str("ERROR"), "LoggingLevel ERROR on every method", finding);
                WarnExecutionLogGroup(context, stage);
                return;
            }
        }

        context.AppendProperty(stage, ["MethodSettings"], entry, "LoggingLevel ERROR on every method", finding);
        WarnExecutionLogGroup(context, stage);
    }

    /// <summary>
    /// Execution logs go to a log group API Gateway names and creates itself on the first request; creating it in the
    /// template instead would race that first request (and, for SAM, make the API depend on a group named after it).
    /// </summary>
    private static void WarnExecutionLogGroup(PlanContext context, ResourceDefinition stage) =>
        context.Warn(
            WarningKind.DeployTime,
            $"{stage.LogicalId}: API Gateway writes execution logs to a log group it creates itself, API-Gateway-Execution-Logs_<rest-api-id>/<stage>, unencrypted and kept forever: after the first deploy, set its retention (aws logs put-retention-policy --retention-in-days {LogGroups.RetentionDays}) and, if required, its key (aws logs associate-kms-key).");

    /// <summary>The Account resource REST stages wait for: the template's own, a new one (with its role), or none when the account has it already.</summary>
    private static string? Account(PlanContext context, string? condition, FindingRef[] fixes)
    {
        if (context.Options.ApiGatewayAccount == ApiGatewayAccountMode.Existing)
        {
            context.Warn(
                WarningKind.DeployTime,
                "REST stages now log, through the CloudWatch Logs role of the account's API Gateway settings (--apigateway-account existing): check it is set in the deploy region (aws apigateway get-account shows cloudwatchRoleArn), or the deploy fails with \"CloudWatch Logs role ARN must be set in account settings\".");
            return null;
        }

        if (context.Template.Resources.FirstOrDefault(r => r.Type == AccountType) is { } own)
        {
            return own.LogicalId;
        }

        var role = context.Resource("ApiGatewayCloudWatchRole", "AWS::IAM::Role", ResourceGroup.Monitoring, fixes);
        if (role.IsNew && role.Properties.Count == 0)
        {
            // Retained: the account setting outlives the stack, and would otherwise name a deleted role.
            role.Retain = true;
            role.Condition = condition;
            role.Properties
                .Set("AssumeRolePolicyDocument", Infrastructure.Policy(Map(
                    ("Effect", Str("Allow")),
                    ("Principal", Map(("Service", Str("apigateway.amazonaws.com")))),
                    ("Action", Str("sts:AssumeRole")))))
                .Set("ManagedPolicyArns", List(Sub($"arn:${{AWS::Partition}}:iam::aws:policy/service-role/{PushPolicy}")));
        }

        var account = context.Resource("ApiGatewayAccount", AccountType, ResourceGroup.Monitoring, fixes);
        if (account.IsNew && account.Properties.Count == 0)
        {
            account.Anchor = role.Id;
            account.Condition = condition;
            account.Properties.Set("CloudWatchRoleArn", GetAtt(role.Id, "Arn"));
            account.Facts["Scope"] = "account and region";
        }

        context.Warn(
            WarningKind.DeployTime,
            $"{account.Id} sets API Gateway's CloudWatch Logs role for the whole account and region, replacing any role set before (by hand or by another stack); {role.Id} is retained on stack deletion so that the setting keeps working. If the account has the role already (aws apigateway get-account), run fix with --apigateway-account existing; to add no account-wide setting, --apigateway-account none.");
        return account.Id;
    }

    /// <summary>A stage of a WebSocket API: its ApiId names an AWS::ApiGatewayV2::Api of the template with ProtocolType WEBSOCKET.</summary>
    private static bool IsWebSocket(PlanContext context, ResourceDefinition stage) =>
        stage.Type == "AWS::ApiGatewayV2::Stage"
        && context.PropertiesOf(stage)?["ApiId"] is UnknownValue { ReferencedResource: { } api }
        && context.FindResource(api) is { Type: "AWS::ApiGatewayV2::Api" } definition
        && context.PropertiesOf(definition)?["ProtocolType"] is ScalarValue { Text: "WEBSOCKET" };
}
