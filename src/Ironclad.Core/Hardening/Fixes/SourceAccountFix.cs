using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;
using Ironclad.Core.Rules.Lambda;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Lambda permissions (rule IC1009): a permission for an AWS service principal without
/// <c>SourceArn</c> or <c>SourceAccount</c> is scoped in one of two ways, and only where the scope is known to hold
/// at run time (a condition the invoking service does not satisfy silently stops every invocation):
/// <list type="bullet">
/// <item>for the services whose documentation shows <c>SourceAccount</c> on the permission (they put the account of
/// the invoking bucket, alarm, log group... in the request), <c>SourceAccount: !Ref AWS::AccountId</c>;</item>
/// <item>for SNS, EventBridge and Cognito, whose documentation scopes by <c>SourceArn</c> only, the ARN of the one
/// topic, rule or user pool of the template that invokes the function, when there is exactly one and referring to it
/// creates no dependency cycle and no reference to a resource that may not exist.</item>
/// </list>
/// Everything else (API Gateway, load balancers, several or no invoking resources, <c>Principal: '*'</c>) is left with
/// the change to make by hand. Both properties are create-only: CloudFormation replaces the permission, which holds
/// no state, creating the new statement before it deletes the old.
/// </summary>
internal static class SourceAccountFix
{
    /// <summary>
    /// The service principals whose AWS documentation shows <c>SourceAccount</c> on the permission that lets them
    /// invoke a function: S3 (Lambda guide), SES (receipt rules), CloudWatch Logs (subscription filters), AWS Config
    /// (custom rules), AWS IoT (rule actions) and CloudWatch alarm actions. SNS, EventBridge, Cognito and Secrets
    /// Manager are documented with <c>SourceArn</c> only, so the account is not relied on for them.
    /// </summary>
    private static readonly HashSet<string> PassSourceAccount = new(StringComparer.Ordinal)
    {
        "s3", "ses", "logs", "config", "iot", "lambda.alarms.cloudwatch",
    };

    public static void Apply(PlanContext context)
    {
        var added = new List<string>();
        foreach (var finding in context.Failures(LambdaPermissionScoped.Info.Id))
        {
            var permission = context.Resource(finding.Resource);
            var properties = context.PropertiesOf(permission);
            var principal = (ValuePath.Get(properties, "Principal") as ScalarValue)?.Text ?? "";
            if (principal == "*")
            {
                context.LeaveUnfixed(finding, "Principal '*' lets anyone invoke the function: replace it by the account or service that calls it, or add SourceArn, SourceAccount or PrincipalOrgID; if the function is public by design, suppress IC1009 on it with the reason");
                continue;
            }

            var service = Service(principal);
            var reference = context.RefOf(finding);
            if (PassSourceAccount.Contains(service))
            {
                context.Fix(finding, () =>
                {
                    context.SetProperty(permission, ["SourceAccount"], Ref("AWS::AccountId"), "SourceAccount: !Ref AWS::AccountId", reference);
                    added.Add(permission.LogicalId);
                });
                continue;
            }

            if (!Invokers.TryGetValue(service, out var kind))
            {
                context.LeaveUnfixed(finding, $"{principal} is scoped by SourceArn, the ARN of the resource that invokes the function (for API Gateway: arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:<api-id>/*); add it by hand");
                continue;
            }

            var target = (ValuePath.Get(properties, "FunctionName") as UnknownValue)?.ReferencedResource;
            var sources = target is null ? [] : kind.Find(context, target).ToList();
            if (sources.Count != 1)
            {
                var found = sources.Count == 0 ? $"no {kind.Noun} of the template invokes it" : $"{sources.Count} {kind.Noun}s of the template invoke it ({string.Join(", ", sources.Select(s => s.Resource.LogicalId))})";
                context.LeaveUnfixed(finding, $"{principal} is scoped by SourceArn, the ARN of the {kind.Noun} that invokes the function, and {found}: add SourceArn by hand (one permission per {kind.Noun})");
                continue;
            }

            var source = sources[0];
            if (source.Resource.Condition is { } condition && condition != permission.Condition)
            {
                context.LeaveUnfixed(finding, $"the {kind.Noun} {source.Resource.LogicalId} that invokes the function exists only under the condition {condition}, and {permission.LogicalId} does not carry it: add Condition: {condition} and SourceArn by hand");
                continue;
            }

            if (DependsOn(context.Template, source.Resource.LogicalId, permission.LogicalId))
            {
                context.LeaveUnfixed(finding, $"the {kind.Noun} {source.Resource.LogicalId} that invokes the function depends on {permission.LogicalId}, so a SourceArn naming it would be a dependency cycle: write its ARN as text by hand");
                continue;
            }

            context.Fix(finding, () => context.SetProperty(permission, ["SourceArn"], source.Arn, $"SourceArn: the {kind.Noun} {source.Resource.LogicalId}", reference));
        }

        if (added.Count > 0)
        {
            context.Warn(
                WarningKind.DeployTime,
                $"SourceAccount: !Ref AWS::AccountId on {string.Join(", ", added)}: only this account's resources may invoke through them; if the bucket, topic or rule that invokes is in another account, set SourceAccount to that account. SourceAccount is create-only: CloudFormation replaces these permissions (no state, no downtime: the new statement exists before the old is deleted).");
        }
    }

    private sealed record Invoker(ResourceDefinition Resource, Editing.NewNode Arn);

    private sealed record InvokerKind(string Noun, Func<PlanContext, string, IEnumerable<Invoker>> Find);

    /// <summary>For each service scoped by SourceArn, the resources of the template that invoke a function through it.</summary>
    private static readonly Dictionary<string, InvokerKind> Invokers = new(StringComparer.Ordinal)
    {
        ["sns"] = new("topic", Topics),
        ["events"] = new("rule", Rules),
        ["cognito-idp"] = new("user pool", UserPools),
    };

    /// <summary>Topics that deliver to the function: a subscription of protocol <c>lambda</c>, or a topic's own list.</summary>
    private static IEnumerable<Invoker> Topics(PlanContext context, string function)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (subscription, properties) in context.Facts.ResourcesOfType("AWS::SNS::Subscription"))
        {
            if (IsLambda(properties) && Names(ValuePath.Get(properties, "Endpoint"), function)
                && ValuePath.Get(properties, "TopicArn") is UnknownValue { ReferencedResource: { } topic }
                && context.FindResource(topic) is { Type: "AWS::SNS::Topic" } resource && seen.Add(topic))
            {
                yield return new Invoker(resource, Ref(topic));
            }
        }

        foreach (var (topic, properties) in context.Facts.ResourcesOfType("AWS::SNS::Topic"))
        {
            if (ValuePath.Get(properties, "Subscription") is ListValue list
                && list.Items.Any(s => IsLambda(s as MapValue) && Names(ValuePath.Get(s as MapValue, "Endpoint"), function))
                && seen.Add(topic.LogicalId))
            {
                yield return new Invoker(topic, Ref(topic.LogicalId));
            }
        }
    }

    private static IEnumerable<Invoker> Rules(PlanContext context, string function) =>
        context.Facts.ResourcesOfType("AWS::Events::Rule")
            .Where(r => ValuePath.Get(r.Properties, "Targets") is ListValue targets
                && targets.Items.Any(t => Names(ValuePath.Get(t as MapValue, "Arn"), function)))
            .Select(r => new Invoker(r.Resource, GetAtt(r.Resource.LogicalId, "Arn")));

    private static IEnumerable<Invoker> UserPools(PlanContext context, string function) =>
        context.Facts.ResourcesOfType("AWS::Cognito::UserPool")
            .Where(p => ValuePath.Get(p.Properties, "LambdaConfig") is MapValue config
                && config.Entries.Any(e => Names(e.Value, function) || Names(ValuePath.Get(e.Value as MapValue, "LambdaArn"), function)))
            .Select(p => new Invoker(p.Resource, GetAtt(p.Resource.LogicalId, "Arn")));

    private static bool IsLambda(MapValue? subscription) => ValuePath.Get(subscription, "Protocol") is ScalarValue { Text: "lambda" };

    private static bool Names(Value? value, string function) => value is UnknownValue { ReferencedResource: var named } && named == function;

    /// <summary>True when <paramref name="from"/> reaches <paramref name="to"/> through Ref, GetAtt, Sub or DependsOn.</summary>
    private static bool DependsOn(CfnTemplate template, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out var id))
        {
            if (template.FindResource(id) is not { } resource)
            {
                continue;
            }

            var next = Refs.Targets(resource.Node);
            next.UnionWith(resource.DependsOn);
            if (next.Contains(to))
            {
                return true;
            }

            foreach (var dependency in next.Where(seen.Add))
            {
                pending.Push(dependency);
            }
        }

        return false;
    }

    /// <summary>
    /// The service part of a principal: <c>s3</c> of <c>s3.amazonaws.com</c>, <c>lambda.alarms.cloudwatch</c> of
    /// <c>lambda.alarms.cloudwatch.amazonaws.com</c>, <c>logs</c> of the regional <c>logs.eu-west-1.amazonaws.com</c>.
    /// </summary>
    private static string Service(string principal)
    {
        foreach (var suffix in new[] { ".amazonaws.com.cn", ".amazonaws.com" })
        {
            if (principal.EndsWith(suffix, StringComparison.Ordinal))
            {
                var service = principal[..^suffix.Length];
                return service.StartsWith("logs.", StringComparison.Ordinal) ? "logs" : service;
            }
        }

        return principal;
    }
}
