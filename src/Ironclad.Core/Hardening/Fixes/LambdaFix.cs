using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// HARDENING.md section 3 (rules IC1001-IC1005). For SAM, concurrency, dead-letter queue and key go
/// into <c>Globals.Function</c> so that every function inherits them (a function's own value wins);
/// <c>VpcConfig</c> goes on each function, never into Globals, because SAM would merge a global
/// <c>VpcConfig</c> into a function's own and mix the subnets and security groups of two VPCs.
/// </summary>
internal static class LambdaFix
{
    private const string Serverless = "AWS::Serverless::Function";

    public static void Apply(PlanContext context)
    {
        Concurrency(context);
        DeadLetterQueue(context);
        Vpc(context);
        EnvironmentKey(context);
        foreach (var secret in context.Failures("IC1005"))
        {
            context.LeaveUnfixed(secret, "an environment variable holds what looks like a credential: move it to Secrets Manager or SSM Parameter Store and read it at run time (the tool never moves secrets)");
        }
    }

    private static void Concurrency(PlanContext context)
    {
        var failures = context.Failures("IC1001").ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var limit = context.Parameter("LambdaConcurrencyLimit", "Number", "10", "Reserved concurrent executions of each function (the account keeps at least 100 unreserved)", d => d.Set("MinValue", Num(1)).Set("MaxValue", Num(1000)));
        Distribute(context, failures, "ReservedConcurrentExecutions", ["ReservedConcurrentExecutions"], _ => Ref(limit), passingMayInherit: true, context.Limited, "!Ref " + limit);
        foreach (var id in context.Limited)
        {
            var provisioned = ValuePath.Get(context.PropertiesOf(context.Resource(id)), "ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions");
            if (provisioned is ScalarValue s && s.AsNumber() is > 10)
            {
                context.Warn(WarningKind.ReservedConcurrency, $"{id} has {s.Text} provisioned concurrent executions, more than the default limit of 10: deploy with LambdaConcurrencyLimit={s.Text} or more, or give it its own ReservedConcurrentExecutions, or the deploy fails.");
            }
        }
    }

    private static void DeadLetterQueue(PlanContext context)
    {
        var failures = context.Failures("IC1002").ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var queue = Infrastructure.LambdaDeadLetterQueue(context, [.. failures.Select(PlanContext.Ref)]);
        Distribute(
            context,
            failures,
            "DeadLetterQueue",
            ["DeadLetterConfig"],
            sam => sam ? Map(("Type", Str("SQS")), ("TargetArn", GetAtt(queue.Id, "Arn"))) : Map(("TargetArn", GetAtt(queue.Id, "Arn"))),
            passingMayInherit: false,
            context.WithDeadLetterQueue,
            $"{{Type: SQS, TargetArn: !GetAtt {queue.Id}.Arn}}");
    }

    private static void EnvironmentKey(PlanContext context)
    {
        var failures = context.Failures("IC1004").ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var key = Infrastructure.LambdaKmsKey(context, [.. failures.Select(PlanContext.Ref)]);
        Distribute(context, failures, "KmsKeyArn", ["KmsKeyArn"], _ => GetAtt(key.Id, "Arn"), passingMayInherit: true, context.WithKey, $"!GetAtt {key.Id}.Arn");
    }

    private static void Vpc(PlanContext context)
    {
        var failures = context.Failures("IC1003").ToList();
        var movable = new List<(ScanResult Finding, ResourceDefinition Function)>();
        foreach (var failure in failures)
        {
            var function = context.Resource(failure.Resource);
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

        var fixes = movable.Select(m => PlanContext.Ref(m.Finding)).ToArray();
        var network = context.Network ??= Network.Ensure(context, fixes);
        foreach (var (finding, function) in movable)
        {
            var config = Map(("SecurityGroupIds", List(Ref(network.SecurityGroup))), ("SubnetIds", network.SubnetIds.Clone()));
            context.Fix(finding, () =>
            {
                context.SetProperty(function, ["VpcConfig"], config, "the Lambda security group and the private subnets", PlanContext.Ref(finding));
                context.InVpc.Add(function.LogicalId);
            });
        }
    }

    /// <summary>
    /// Sets one property on the failing functions: through Globals.Function for SAM functions that do
    /// not set it themselves, unless a function that would inherit it opted out (a suppression) or
    /// passes in another way that the global value would change; else on each function.
    /// </summary>
    private static void Distribute(
        PlanContext context,
        List<ScanResult> failures,
        string samKey,
        string[] lambdaPath,
        Func<bool, NewNode> value,
        bool passingMayInherit,
        HashSet<string> wired,
        string summary)
    {
        var ruleId = failures[0].Rule.Id;
        var samFunctions = context.Template.Resources.Where(r => r.Type == Serverless).ToList();
        var inheritors = samFunctions.Where(f => f.Properties?.Find(samKey) is null).ToList();
        var blocked = inheritors.Any(f => context.Result(ruleId, f.LogicalId)?.Status switch
        {
            ResultStatus.Suppressed => true,
            ResultStatus.Pass or ResultStatus.Unknown => !passingMayInherit,
            _ => false,
        });

        var viaGlobals = context.Template.IsSam && !blocked
            ? failures.Where(f => inheritors.Any(i => i.LogicalId == f.Resource)).ToList()
            : [];
        if (viaGlobals.Count > 0)
        {
            context.SetGlobal("Function", [samKey], value(true), summary + $" (inherited by {inheritors.Count} functions)", [.. viaGlobals.Select(PlanContext.Ref)]);
            wired.UnionWith(inheritors.Select(i => i.LogicalId));
        }

        foreach (var failure in failures.Where(f => !viaGlobals.Contains(f)))
        {
            var function = context.Resource(failure.Resource);
            var sam = function.Type == Serverless;
            context.Fix(failure, () =>
            {
                context.SetProperty(function, sam ? [samKey] : lambdaPath, value(sam), summary, PlanContext.Ref(failure));
                wired.Add(function.LogicalId);
            });
        }
    }
}
