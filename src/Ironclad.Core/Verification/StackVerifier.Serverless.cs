using Ironclad.Core.Data;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.ApiGateway;
using Ironclad.Core.Rules.DynamoDb;
using Ironclad.Core.Rules.Kinesis;
using Ironclad.Core.Rules.Lambda;
using Ironclad.Core.Rules.SecretsManager;
using Ironclad.Core.Rules.Sns;
using Ironclad.Core.Rules.StepFunctions;

namespace Ironclad.Core.Verification;

// The live counterparts of the serverless rules beyond the guide (Lambda runtime, tracing, URL and
// permissions; API Gateway stages; SNS, Kinesis, Step Functions, DynamoDB deletion protection and
// Secrets Manager). docs/design/verify.md lists which call answers each.
public sealed partial class StackVerifier
{
    private static readonly string[] ScopingConditionKeys = ["AWS:SourceArn", "AWS:SourceAccount", "aws:SourceArn", "aws:SourceAccount"];

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> FunctionServerlessChecks(LiveState live, string name) =>
    [
        (LambdaRuntimeSupported.Info, () => Runtime(live, name)),
        (LambdaTracing.Info, () => Tracing(live, name)),
        (LambdaUrlAuth.Info, () => UrlAuth(live, name)),
        (LambdaPermissionScoped.Info, () => Permissions(live, name)),
    ];

    private static async Task<LiveVerdict?> Runtime(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        if (string.Equals(function.PackageType, "Image", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (function.Runtime is not { Length: > 0 } runtime)
        {
            return LiveVerdict.Unknown("GetFunctionConfiguration names no Runtime");
        }

        if (LambdaRuntimes.Find(runtime) is not { } known)
        {
            return LiveVerdict.Unknown($"Runtime {runtime} is not in Ironclad's runtime table (as of {LambdaRuntimes.AsOf})");
        }

        if (!known.IsDeprecatedOn(DateOnly.FromDateTime(DateTime.UtcNow)))
        {
            return LiveVerdict.Pass(known.Deprecated is null ? $"Runtime {runtime} is supported" : $"Runtime {runtime} is supported until {known.Deprecated}");
        }

        // The same words as the scan rule's finding, so that a report reads alike before and after deployment.
        var blocks = new[] { (Date: known.CreateBlocked, What: "creating functions blocked from"), (Date: known.UpdateBlocked, What: "updating blocked from") }
            .Where(b => b.Date is not null)
            .Select(b => $"{b.What} {b.Date}")
            .ToList();
        var detail = blocks.Count == 0 ? "" : $" ({string.Join(", ", blocks)})";
        return LiveVerdict.Fail($"Runtime {runtime} is deprecated since {known.Deprecated}{detail}{(known.Successor is null ? "" : ": move to " + known.Successor)}");
    }

    private static async Task<LiveVerdict?> Tracing(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        return string.Equals(function.TracingMode, "Active", StringComparison.Ordinal)
            ? LiveVerdict.Pass("TracingConfig.Mode is Active")
            : LiveVerdict.Fail($"TracingConfig.Mode is {function.TracingMode ?? "absent"}, not Active");
    }

    private static async Task<LiveVerdict?> UrlAuth(LiveState live, string name)
    {
        var authType = await live.Aws.Lambda.GetFunctionUrlAuthTypeAsync(name, live.CancellationToken).ConfigureAwait(false);
        return authType switch
        {
            null => null,
            "AWS_IAM" => LiveVerdict.Pass("the function URL requires AWS_IAM authentication"),
            _ => LiveVerdict.Fail($"the function URL's AuthType is {authType}: anyone who has the URL can invoke the function"),
        };
    }

    // The function's resource policy holds every AWS::Lambda::Permission of the template (and any
    // added outside it), one statement each: reported under the function, naming the statements.
    private static async Task<LiveVerdict?> Permissions(LiveState live, string name)
    {
        var json = await live.Aws.Lambda.GetPolicyAsync(name, live.CancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        var problems = new List<string>();
        var judged = 0;
        foreach (var (statement, index) in PolicyDocument.Parse(json).Statements.Select((s, i) => (s, i)).Where(p => p.s.IsAllow))
        {
            var sid = statement.Sid ?? $"statement {index + 1}";
            var scoped = statement.Conditions.Values.Any(keys => keys.Keys.Any(k => ScopingConditionKeys.Contains(k, StringComparer.OrdinalIgnoreCase)));
            if (statement.Principals.Any(p => p.Value == "*"))
            {
                judged++;
                var org = statement.Conditions.Values.Any(keys => keys.Keys.Any(k => string.Equals(k, "aws:PrincipalOrgID", StringComparison.OrdinalIgnoreCase)));
                if (!scoped && !org)
                {
                    problems.Add($"{sid} allows Principal '*' with no source or organization condition: anyone can invoke the function");
                }
            }
            else if (statement.Principals.FirstOrDefault(p => string.Equals(p.Type, "Service", StringComparison.OrdinalIgnoreCase)) is { Value: { } service })
            {
                judged++;
                if (!scoped)
                {
                    problems.Add($"{sid} allows {service} with no SourceArn or SourceAccount: any account's {service.Split('.')[0]} resource can invoke the function");
                }
            }
        }

        if (judged == 0)
        {
            return null;
        }

        return problems.Count == 0
            ? LiveVerdict.Pass($"{judged} service or public permission{(judged == 1 ? "" : "s")}, each limited by a source condition")
            : LiveVerdict.Fail(string.Join("; ", problems));
    }

    private static async Task<LiveVerdict?> DeletionProtection(LiveState live, string table) =>
        await live.Aws.DynamoDb.DescribeTableDeletionProtectionAsync(table, live.CancellationToken).ConfigureAwait(false)
            ? LiveVerdict.Pass("DeletionProtectionEnabled is true")
            : LiveVerdict.Fail("DeletionProtectionEnabled is false: the table can be deleted with its data");

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> TopicChecks(LiveState live, StackResource resource) =>
        [(SnsTopicEncrypted.Info, () => TopicEncrypted(live, resource.PhysicalId!))];

    private static async Task<LiveVerdict?> TopicEncrypted(LiveState live, string topicArn)
    {
        var attributes = await live.Topic(topicArn).ConfigureAwait(false);
        return attributes.GetValueOrDefault("KmsMasterKeyId") is { Length: > 0 } key
            ? LiveVerdict.Pass("KmsMasterKeyId is " + key)
            : LiveVerdict.Fail("no KmsMasterKeyId: messages are stored unencrypted");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> StreamChecks(LiveState live, StackResource resource) =>
        [(KinesisStreamEncrypted.Info, () => StreamEncrypted(live, resource.PhysicalId!))];

    private static async Task<LiveVerdict?> StreamEncrypted(LiveState live, string stream)
    {
        var encryption = await live.Stream(stream).ConfigureAwait(false);
        return string.Equals(encryption.EncryptionType, "KMS", StringComparison.OrdinalIgnoreCase)
            ? LiveVerdict.Pass($"EncryptionType is KMS with {encryption.KeyId ?? "a key"}")
            : LiveVerdict.Fail($"EncryptionType is {encryption.EncryptionType}: records are stored unencrypted");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> StateMachineChecks(LiveState live, StackResource resource) =>
    [
        (StepFunctionsLogging.Info, () => StateMachineLogged(live, resource.PhysicalId!)),
        (StepFunctionsTracing.Info, () => StateMachineTraced(live, resource.PhysicalId!)),
    ];

    private static async Task<LiveVerdict?> StateMachineLogged(LiveState live, string arn)
    {
        var logging = await live.StateMachine(arn).ConfigureAwait(false);
        if (string.Equals(logging.Level, "OFF", StringComparison.OrdinalIgnoreCase))
        {
            return LiveVerdict.Fail("loggingConfiguration.level is OFF");
        }

        return logging.LogGroupArns.Count > 0
            ? LiveVerdict.Pass($"logs {logging.Level} to {string.Join(", ", logging.LogGroupArns)}")
            : LiveVerdict.Fail($"loggingConfiguration.level is {logging.Level} but no log group is a destination");
    }

    private static async Task<LiveVerdict?> StateMachineTraced(LiveState live, string arn) =>
        (await live.StateMachine(arn).ConfigureAwait(false)).TracingEnabled
            ? LiveVerdict.Pass("tracingConfiguration.enabled is true")
            : LiveVerdict.Fail("tracingConfiguration.enabled is false: executions are not traced");

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> SecretChecks(LiveState live, StackResource resource) =>
        [(SecretsManagerCmk.Info, () => SecretKey(live, resource.PhysicalId!))];

    private static async Task<LiveVerdict?> SecretKey(LiveState live, string secret)
    {
        var key = await live.Secret(secret).ConfigureAwait(false);
        if (key is null || key.EndsWith("alias/aws/secretsmanager", StringComparison.Ordinal))
        {
            return LiveVerdict.Fail("encrypted with the AWS-managed key aws/secretsmanager (no KmsKeyId)");
        }

        var description = await live.Key(key).ConfigureAwait(false);
        return string.Equals(description.KeyManager, "CUSTOMER", StringComparison.OrdinalIgnoreCase)
            ? LiveVerdict.Pass($"encrypted with the customer-managed key {key}")
            : LiveVerdict.Fail($"encrypted with the AWS-managed key {key} (KeyManager {description.KeyManager})");
    }

    // ListStackResources names a REST stage only by its stage name, without its API: the stages are
    // read through the API the stack owns and reported under it, which is also the logical ID of a
    // SAM AWS::Serverless::Api (so drift against a SAM template lines up).
    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> RestApiChecks(LiveState live, StackResource resource)
    {
        var api = resource.PhysicalId!;
        return
        [
            (ApiGatewayAccessLogging.Info, () => Stages(live.RestStages(api), s => s.AccessLogDestination is { Length: > 0 }, s => "access logs to " + s.AccessLogDestination, _ => "no access log destination")),
            (ApiGatewayExecutionLogging.Info, () => Stages(live.RestStages(api), s => s.ExecutionLogLevel is "INFO" or "ERROR", s => "execution logging " + s.ExecutionLogLevel, s => $"execution logging is {s.ExecutionLogLevel ?? "OFF"}")),
            (ApiGatewayTracing.Info, () => Stages(live.RestStages(api), s => s.TracingEnabled, _ => "X-Ray tracing on", _ => "X-Ray tracing off")),
            (ApiGatewayAuthorization.Info, async () => Authorization(await live.Aws.ApiGateway.GetRestApiMethodsAsync(api, live.CancellationToken).ConfigureAwait(false), "method")),
        ];
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> HttpApiChecks(LiveState live, StackResource resource) =>
    [
        (ApiGatewayV2AccessLogging.Info, () => Stages(live.ApiStages(resource.PhysicalId!), s => s.AccessLogDestination is { Length: > 0 }, s => "access logs to " + s.AccessLogDestination, _ => "no access log destination")),
        (ApiGatewayAuthorization.Info, () => RouteAuthorization(live, resource.PhysicalId!)),
    ];

    // A WebSocket API authorizes its connection: only $connect can take an authorizer, as in the scan rule.
    private static async Task<LiveVerdict?> RouteAuthorization(LiveState live, string apiId)
    {
        var routes = await live.Aws.ApiGateway.GetApiRoutesAsync(apiId, live.CancellationToken).ConfigureAwait(false);
        if (routes.Count == 0)
        {
            return null;
        }

        var websocket = string.Equals(await live.Aws.ApiGateway.GetApiProtocolTypeAsync(apiId, live.CancellationToken).ConfigureAwait(false), "WEBSOCKET", StringComparison.OrdinalIgnoreCase);
        return Authorization(websocket ? routes.Where(r => r.Key == "$connect").ToList() : routes, "route");
    }

    /// <summary>
    /// IC6005 over the methods or routes read live, as the scan rule judges them: OPTIONS (CORS preflight) is exempt; an
    /// authorization type other than NONE or a required API key passes. Each open one is named.
    /// </summary>
    private static LiveVerdict? Authorization(IReadOnlyList<ApiMethod> methods, string noun)
    {
        var judged = methods.Where(m => !m.Key.StartsWith("OPTIONS ", StringComparison.Ordinal)).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        if (judged.Count == 0)
        {
            return null;
        }

        var open = judged.Where(m => string.Equals(m.AuthorizationType, "NONE", StringComparison.OrdinalIgnoreCase) && !m.ApiKeyRequired).ToList();
        return open.Count == 0
            ? LiveVerdict.Pass(string.Join("; ", judged.Select(m => $"{m.Key}: {(string.Equals(m.AuthorizationType, "NONE", StringComparison.OrdinalIgnoreCase) ? "API key required" : m.AuthorizationType)}")))
            : LiveVerdict.Fail($"{string.Join(", ", open.Select(m => m.Key))}: AuthorizationType NONE and no API key: anyone can call {(open.Count == 1 ? "this " + noun : "these " + noun + "s")}");
    }

    /// <summary>One verdict over every stage of an API: each stage that falls short is named.</summary>
    private static async Task<LiveVerdict?> Stages(Task<IReadOnlyList<ApiStage>> read, Func<ApiStage, bool> good, Func<ApiStage, string> pass, Func<ApiStage, string> fail)
    {
        var stages = await read.ConfigureAwait(false);
        if (stages.Count == 0)
        {
            return null;
        }

        var bad = stages.Where(s => !good(s)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        return bad.Count == 0
            ? LiveVerdict.Pass(string.Join("; ", stages.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => $"stage {s.Name}: {pass(s)}")))
            : LiveVerdict.Fail(string.Join("; ", bad.Select(s => $"stage {s.Name}: {fail(s)}")));
    }
}
