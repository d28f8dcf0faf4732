using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Lambda (rules IC1001-IC1005). For SAM, concurrency, dead-letter queue and key go
/// into <c>Globals.Function</c> so that every function inherits them (a function's own value wins);
/// <c>VpcConfig</c> goes on each function, never into Globals, because SAM would merge a global
/// <c>VpcConfig</c> into a function's own and mix the subnets and security groups of two VPCs.
/// </summary>
internal static class LambdaFix
{
    private const string Serverless = "AWS::Serverless::Function";

    public static LambdaFixResult Apply(PlanContext context)
    {
        var result = new LambdaFixResult();
        var edge = EdgeFunctions(context);
        foreach (var finding in context.Failures(LambdaDeadLetterQueue.Info.Id).Concat(context.Failures(LambdaInsideVpc.Info.Id)).Where(f => edge.Contains(f.Resource)))
        {
            context.Decline(
                context.Resource(finding.Resource),
                context.RefOf(finding),
                "a Lambda@Edge function (a CloudFront distribution runs it) cannot run in a VPC or send failures to a dead-letter queue",
                "Keep Lambda@Edge functions small and stateless; watch their errors in the CloudWatch logs of the regions where they run.");
        }

        Concurrency(context, result.Limited);
        DeadLetterQueue(context, edge, result.WithDeadLetterQueue);
        Vpc(context, edge, result);
        EnvironmentKey(context, edge, result.WithKey);
        foreach (var secret in context.Failures(LambdaEnvironmentSecrets.Info.Id))
        {
            context.LeaveUnfixed(secret, "an environment variable holds what looks like a credential: move it to Secrets Manager or SSM Parameter Store and read it at run time (the tool never moves secrets)");
        }

        return result;
    }

    private static void Concurrency(PlanContext context, HashSet<string> limited)
    {
        var failures = context.Failures(LambdaConcurrencyLimit.Info.Id).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var limit = context.Parameter([.. failures.Select(context.RefOf)], "LambdaConcurrencyLimit", "Number", "10", "Reserved concurrent executions of each function (the account keeps at least 100 unreserved)", d => d.Set("MinValue", Num(1)).Set("MaxValue", Num(1000)));
        Distribute(context, failures, "ReservedConcurrentExecutions", ["ReservedConcurrentExecutions"], _ => Ref(limit), passingMayInherit: true, [], limited, "!Ref " + limit);
        foreach (var id in limited)
        {
            var provisioned = ValuePath.Get(context.PropertiesOf(context.Resource(id)), "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions");
            if (provisioned is ScalarValue s && s.AsNumber() is > 10)
            {
                context.Warn(WarningKind.ReservedConcurrency, $"{id} has {s.Text} provisioned concurrent executions, more than the default limit of 10: deploy with LambdaConcurrencyLimit={s.Text} or more, or give it its own ReservedConcurrentExecutions, or the deploy fails.");
            }
        }
    }

    private static void DeadLetterQueue(PlanContext context, HashSet<string> edge, HashSet<string> wired)
    {
        var failures = context.Failures(LambdaDeadLetterQueue.Info.Id).Where(f => !edge.Contains(f.Resource)).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var queue = Infrastructure.LambdaDeadLetterQueue(context, [.. failures.Select(context.RefOf)]);
        Distribute(
            context,
            failures,
            "DeadLetterQueue",
            ["DeadLetterConfig"],
            sam => sam ? Map(("Type", Str("SQS")), ("TargetArn", GetAtt(queue.Id, "Arn"))) : Map(("TargetArn", GetAtt(queue.Id, "Arn"))),
            passingMayInherit: false,
            edge,
            wired,
            $"{{Type: SQS, TargetArn: !GetAtt {queue.Id}.Arn}}");
    }

    private static void EnvironmentKey(PlanContext context, HashSet<string> edge, HashSet<string> wired)
    {
        var failures = context.Failures(LambdaEnvironmentEncrypted.Info.Id).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var key = Infrastructure.LambdaKmsKey(context, [.. failures.Select(context.RefOf)]);
        Distribute(context, failures, "KmsKeyArn", ["KmsKeyArn"], _ => GetAtt(key.Id, "Arn"), passingMayInherit: true, edge, wired, $"!GetAtt {key.Id}.Arn");
    }

    private static void Vpc(PlanContext context, HashSet<string> edge, LambdaFixResult result)
    {
        var failures = context.Failures(LambdaInsideVpc.Info.Id).Where(f => !edge.Contains(f.Resource)).ToList();
        var movable = new List<(ScanResult Finding, ResourceDefinition Function)>();
        foreach (var failure in failures)
        {
            var function = context.Resource(failure.Resource);
            if (LambdaInsideVpc.CapacityProviderArn(context.PropertiesOf(function)) is not null)
            {
                // SAM rejects CapacityProviderConfig beside VpcConfig: the network is the capacity provider's.
                context.LeaveUnfixed(failure, failure.Message + ": set VpcConfig (private subnets and a security group) on the capacity provider; the function itself cannot have one beside CapacityProviderConfig");
                continue;
            }

            var own = function.Properties?.Find("VpcConfig");
            var global = function.IsServerless ? (context.Template.Globals?["Function"] as MappingNode)?.Find("VpcConfig") : null;
            if (own is not null || global is not null)
            {
                context.LeaveUnfixed(failure, "VpcConfig is written but incomplete or conditional; completing it could mix subnets and security groups of two VPCs, so give it SubnetIds and SecurityGroupIds of one VPC by hand");
                continue;
            }

            movable.Add((failure, function));
        }

        if (movable.Count == 0)
        {
            return;
        }

        var fixes = movable.Select(m => context.RefOf(m.Finding)).ToArray();
        context.Fix(fixes, () => result.Network ??= Network.Ensure(context, fixes));
        if (result.Network is not { } network)
        {
            return;
        }

        foreach (var (finding, function) in movable)
        {
            var config = Map(("SecurityGroupIds", network.SecurityGroupIds.Clone()), ("SubnetIds", network.SubnetIds.Clone()));
            context.Fix(finding, () =>
            {
                context.SetProperty(function, ["VpcConfig"], config, "the Lambda security group and the private subnets", context.RefOf(finding));
                result.InVpc.Add(function.LogicalId);
            });
        }

        WaitForTheWayOut(context, network, result.InVpc);
    }

    /// <summary>
    /// A custom resource whose handler now runs in the VPC runs during the deploy: it waits for the
    /// default routes and gateway endpoints, else it may run before its way out exists and the stack
    /// waits for the custom resource's timeout.
    /// </summary>
    private static void WaitForTheWayOut(PlanContext context, NetworkRefs network, HashSet<string> inVpc)
    {
        if (network.WayOut.Count == 0)
        {
            return;
        }

        foreach (var custom in context.Template.Resources.Where(r => r.Type == "AWS::CloudFormation::CustomResource" || r.Type.StartsWith("Custom::", StringComparison.Ordinal)))
        {
            var token = custom.Properties?["ServiceToken"];
            if (token is null || !Names(token).Any(inVpc.Contains))
            {
                continue;
            }

            var existing = custom.DependsOn.ToHashSet(StringComparer.Ordinal);
            var handlers = Names(token).Where(inVpc.Contains).Select(h => context.Result(LambdaInsideVpc.Info.Id, h)).OfType<ScanResult>().Select(context.RefOf).ToArray();
            foreach (var id in network.WayOut.Where(id => !existing.Contains(id)))
            {
                context.AppendAttribute(custom, ["DependsOn"], Str(id), $"waits for {id}: its handler runs in the VPC during the deploy", handlers);
            }
        }
    }

    /// <summary>
    /// Sets one property on the failing functions: through Globals.Function for SAM functions that do
    /// not set it themselves, unless a function that would inherit it opted out (a suppression), passes
    /// in another way that the global value would change, or must not have it (<paramref name="excluded"/>);
    /// else on each function.
    /// </summary>
    private static void Distribute(
        PlanContext context,
        List<ScanResult> failures,
        string samKey,
        string[] lambdaPath,
        Func<bool, NewNode> value,
        bool passingMayInherit,
        HashSet<string> excluded,
        HashSet<string> wired,
        string summary)
    {
        var ruleId = failures[0].Rule.Id;
        var samFunctions = context.Template.Resources.Where(r => r.Type == Serverless).ToList();
        var inheritors = samFunctions.Where(f => f.Properties?.Find(samKey) is null).ToList();
        var blocked = inheritors.Any(f => excluded.Contains(f.LogicalId)) || inheritors.Any(f => context.Result(ruleId, f.LogicalId)?.Status switch
        {
            ResultStatus.Suppressed => true,
            ResultStatus.Pass or ResultStatus.Unknown => !passingMayInherit,
            _ => false,
        });

        var inheriting = inheritors.Select(i => i.LogicalId).ToHashSet(StringComparer.Ordinal);
        var viaGlobals = context.Template.IsSam && !blocked
            ? failures.Where(f => inheriting.Contains(f.Resource)).ToHashSet()
            : [];
        if (viaGlobals.Count > 0)
        {
            context.SetGlobal("Function", [samKey], value(true), summary + $" (inherited by {inheritors.Count} functions)", [.. viaGlobals.Select(context.RefOf)]);
            wired.UnionWith(inheritors.Select(i => i.LogicalId));
        }

        foreach (var failure in failures.Where(f => !viaGlobals.Contains(f) && !excluded.Contains(f.Resource)))
        {
            var function = context.Resource(failure.Resource);
            var sam = function.Type == Serverless;
            context.Fix(failure, () =>
            {
                context.SetProperty(function, sam ? [samKey] : lambdaPath, value(sam), summary, context.RefOf(failure));
                wired.Add(function.LogicalId);
            });
        }
    }

    /// <summary>
    /// Functions that CloudFront runs as Lambda@Edge (named by a distribution's
    /// <c>LambdaFunctionAssociations</c>, directly or through a version): they cannot have a VPC, a
    /// dead-letter queue or environment variables, so no fix (nor Globals value) may give them one.
    /// </summary>
    internal static HashSet<string> EdgeFunctions(PlanContext context)
    {
        var edge = new HashSet<string>(StringComparer.Ordinal);
        foreach (var distribution in context.Template.Resources.Where(r => r.Type == "AWS::CloudFront::Distribution"))
        {
            foreach (var arn in Values(distribution.Node, "LambdaFunctionARN"))
            {
                foreach (var name in Names(arn))
                {
                    var target = context.FindResource(name);
                    if (target?.Type == "AWS::Lambda::Version" && context.Evaluator.Evaluate(target.Properties?["FunctionName"]) is UnknownValue { ReferencedResource: { } function })
                    {
                        edge.Add(function);
                    }
                    else if (target?.Type is "AWS::Lambda::Function" or Serverless)
                    {
                        edge.Add(name);
                    }
                }
            }
        }

        return edge;
    }

    private static IEnumerable<TemplateNode> Values(TemplateNode node, string key) => node switch
    {
        MappingNode map => map.Entries.SelectMany(e => e.Key.Value == key ? [e.Value] : Values(e.Value, key)),
        SequenceNode seq => seq.Items.SelectMany(i => Values(i, key)),
        _ => [],
    };

    /// <summary>The logical IDs an expression names: <c>!Ref X</c>, <c>!Ref X.Version</c>, <c>!GetAtt X.Arn</c>, <c>${X.Version}</c>.</summary>
    private static IEnumerable<string> Names(TemplateNode node)
    {
        if (Intrinsics.TryGetCall(node, out var function, out var argument))
        {
            var text = argument switch
            {
                ScalarNode s => s.Value,
                SequenceNode { Items: [ScalarNode first, ..] } => first.Value,
                _ => null,
            };
            if (function is "Ref" or "Fn::GetAtt" && text is not null)
            {
                return [text.Split('.')[0]];
            }

            if (function == "Fn::Sub" && text is not null)
            {
                return text.Split("${").Skip(1).Select(p => p.Split('}')[0].Split('.')[0]);
            }
        }

        return node switch
        {
            MappingNode map => map.Entries.SelectMany(e => Names(e.Value)),
            SequenceNode seq => seq.Items.SelectMany(Names),
            _ => [],
        };
    }
}
