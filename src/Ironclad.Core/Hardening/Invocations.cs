using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// How the template's functions are invoked, for the report (see docs/design/hardening.md, deploy-time
/// risks): synchronously by users (API, function URL, load balancer, Cognito trigger), where reserved
/// concurrency throttles the next user, and asynchronously (S3, SNS, EventBridge, schedules), the only
/// invocations that ever reach a dead-letter queue.
/// </summary>
internal static class Invocations
{
    private static readonly Dictionary<string, string> SyncEvents = new(StringComparer.Ordinal)
    {
        ["Api"] = "API",
        ["HttpApi"] = "HTTP API",
        ["Cognito"] = "Cognito trigger",
    };

    private static readonly Dictionary<string, string> AsyncEvents = new(StringComparer.Ordinal)
    {
        ["S3"] = "S3",
        ["SNS"] = "SNS",
        ["EventBridgeRule"] = "EventBridge",
        ["CloudWatchEvent"] = "EventBridge",
        ["Schedule"] = "schedule",
        ["ScheduleV2"] = "schedule",
        ["IoTRule"] = "IoT rule",
        ["CloudWatchLogs"] = "CloudWatch Logs",
    };

    private static readonly Dictionary<string, (string Label, bool Sync)> Principals = new(StringComparer.Ordinal)
    {
        ["apigateway.amazonaws.com"] = ("API", true),
        ["elasticloadbalancing.amazonaws.com"] = ("load balancer", true),
        ["cognito-idp.amazonaws.com"] = ("Cognito trigger", true),
        ["s3.amazonaws.com"] = ("S3", false),
        ["sns.amazonaws.com"] = ("SNS", false),
        ["events.amazonaws.com"] = ("EventBridge", false),
        ["scheduler.amazonaws.com"] = ("schedule", false),
        ["logs.amazonaws.com"] = ("CloudWatch Logs", false),
        ["iot.amazonaws.com"] = ("IoT rule", false),
    };

    /// <summary>
    /// The report lines: which functions that answer users synchronously get the concurrency limit,
    /// and which functions actually feed the dead-letter queue the plan wires.
    /// </summary>
    public static void Report(PlanContext context, HashSet<string> withDeadLetterQueue, Func<ResourceDefinition, bool> limited, int limit)
    {
        var users = Synchronous(context)
            .Where(f => f.Value.Count > 0 && context.FindResource(f.Key) is { } r && limited(r))
            .Select(f => $"{f.Key} ({string.Join(", ", f.Value)})")
            .ToList();
        if (users.Count > 0)
        {
            context.Warn(
                WarningKind.ReservedConcurrency,
                $"{users.Count} functions that answer users synchronously get reserved concurrency LambdaConcurrencyLimit (default {limit}): the next concurrent request beyond it is throttled (HTTP 429, a failed sign-in). Raise LambdaConcurrencyLimit or give these functions their own ReservedConcurrentExecutions: {string.Join(", ", users)}.");
        }

        var queue = context.LogicalId(Infrastructure.DeadLetterQueue, "AWS::SQS::Queue");
        if (withDeadLetterQueue.Count == 0 || context.FindPlanned(queue) is null)
        {
            return;
        }

        var asynchronous = Asynchronous(context);
        var feeders = withDeadLetterQueue
            .Where(f => asynchronous.GetValueOrDefault(f) is { Count: > 0 })
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f} ({string.Join(", ", asynchronous[f])})")
            .ToList();
        var others = withDeadLetterQueue.Count - feeders.Count;
        context.Warn(
            WarningKind.Other,
            feeders.Count > 0
                ? $"{queue} receives only failed asynchronous invocations; fed by {string.Join(", ", feeders)}. The other {others} functions given the queue are invoked synchronously or by pollers (API, Cognito, streams, SQS): their failures never reach it."
                : $"{queue} receives only failed asynchronous invocations, and no source in the template invokes the {withDeadLetterQueue.Count} functions given the queue asynchronously (API, Cognito, streams, SQS never reach it): it catches only asynchronous Invoke calls from outside the template.");
    }

    /// <summary>Each function of the template, with how users call it synchronously (empty: they do not).</summary>
    public static Dictionary<string, SortedSet<string>> Synchronous(PlanContext context) => Classify(context, sync: true);

    /// <summary>Each function of the template, with the asynchronous sources that invoke it (empty: none in the template).</summary>
    public static Dictionary<string, SortedSet<string>> Asynchronous(PlanContext context) => Classify(context, sync: false);

    private static Dictionary<string, SortedSet<string>> Classify(PlanContext context, bool sync)
    {
        var result = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var functions = context.Template.Resources.Where(r => r.Type is "AWS::Lambda::Function" or "AWS::Serverless::Function").ToList();
        foreach (var function in functions)
        {
            result[function.LogicalId] = new SortedSet<string>(StringComparer.Ordinal);
        }

        void Add(string? function, string label)
        {
            if (function is not null && result.TryGetValue(function, out var set))
            {
                set.Add(label);
            }
        }

        foreach (var function in functions.Where(f => f.IsServerless))
        {
            var properties = context.PropertiesOf(function);
            if (sync && properties?["FunctionUrlConfig"] is not null)
            {
                Add(function.LogicalId, "function URL");
            }

            if (properties?["Events"] is not MapValue events)
            {
                continue;
            }

            foreach (var (_, value) in events.Entries)
            {
                if (ValuePath.Get(value, "Type") is ScalarValue { Text: var type }
                    && (sync ? SyncEvents : AsyncEvents).TryGetValue(type, out var label))
                {
                    Add(function.LogicalId, label);
                }
            }
        }

        foreach (var resource in context.Template.Resources)
        {
            var properties = context.PropertiesOf(resource);
            switch (resource.Type)
            {
                case "AWS::Lambda::Permission"
                    when ValuePath.Get(properties, "Principal") is ScalarValue { Text: var principal } && Principals.TryGetValue(principal, out var kind) && kind.Sync == sync:
                    Add(Target(properties?["FunctionName"]), kind.Label);
                    break;
                case "AWS::Lambda::Url" when sync:
                    Add(Target(properties?["TargetFunctionArn"]), "function URL");
                    break;
                case "AWS::Cognito::UserPool" when sync && ValuePath.Get(properties, "LambdaConfig") is MapValue triggers:
                    foreach (var (_, trigger) in triggers.Entries)
                    {
                        Add(Target(trigger) ?? Target(ValuePath.Get(trigger, "LambdaArn")), "Cognito trigger");
                    }

                    break;
                case "AWS::ElasticLoadBalancingV2::TargetGroup" when sync && ValuePath.Get(properties, "Targets") is ListValue targets:
                    foreach (var target in targets.Items)
                    {
                        Add(Target(ValuePath.Get(target, "Id")), "load balancer");
                    }

                    break;
                case "AWS::SNS::Subscription" when !sync && ValuePath.Get(properties, "Protocol") is ScalarValue { Text: "lambda" }:
                    Add(Target(properties?["Endpoint"]), "SNS");
                    break;
                case "AWS::Events::Rule" when !sync && ValuePath.Get(properties, "Targets") is ListValue ruleTargets:
                    var label = ValuePath.Get(properties, "ScheduleExpression") is not null ? "schedule" : "EventBridge";
                    foreach (var target in ruleTargets.Items)
                    {
                        Add(Target(ValuePath.Get(target, "Arn")), label);
                    }

                    break;
                case "AWS::S3::Bucket" when !sync && ValuePath.Get(properties, "NotificationConfiguration", "LambdaConfigurations") is ListValue notifications:
                    foreach (var notification in notifications.Items)
                    {
                        Add(Target(ValuePath.Get(notification, "Function")), "S3");
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>The function a value names (Ref, GetAtt ...Arn, or a Sub built on one).</summary>
    private static string? Target(Value? value) => value is UnknownValue { ReferencedResource: { } target } ? target : null;
}
