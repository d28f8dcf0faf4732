using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Core.Rules.ApiGateway;
using Ironclad.Core.Rules.Lambda;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Tracing (rules IC1007, IC6003): X-Ray active tracing on functions and REST
/// stages. SAM functions get <c>Tracing: Active</c> through <c>Globals.Function</c> when every function
/// that would inherit it fails the rule (none opted out, none is Lambda@Edge, none chose its mode by an
/// intrinsic), else on each function; plain functions get <c>TracingConfig: {Mode: Active}</c>. A traced
/// function writes segments with <c>xray:PutTraceSegments</c> and <c>xray:PutTelemetryRecords</c>: SAM
/// grants them to the roles it generates, not to a role the function names, so a role of the template
/// gets them as an inline policy and a role from outside is named in a warning. API Gateway writes the
/// stage's segments through its service-linked role: a stage needs nothing more.
/// </summary>
internal static class TracingFix
{
    private const string Serverless = "AWS::Serverless::Function";
    private const string PolicyName = "IroncladXRayTracing";

    /// <summary>AWS managed policies that grant the two write actions already.</summary>
    private static readonly string[] WritePolicies = ["AWSXrayWriteOnlyAccess", "AWSXRayDaemonWriteAccess", "AWSXrayFullAccess"];

    public static void Apply(PlanContext context)
    {
        Functions(context);
        foreach (var stage in context.Failures(ApiGatewayTracing.Info.Id))
        {
            context.Fix(stage, () => context.SetProperty(context.Resource(stage.Resource), ["TracingEnabled"], Bool(true), "X-Ray tracing on", context.RefOf(stage)));
        }
    }

    private static void Functions(PlanContext context)
    {
        var failures = context.Failures(LambdaTracing.Info.Id).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var edge = LambdaFix.EdgeFunctions(context);
        foreach (var finding in failures.Where(f => edge.Contains(f.Resource)))
        {
            context.Decline(
                context.Resource(finding.Resource),
                context.RefOf(finding),
                "a Lambda@Edge function (a CloudFront distribution runs it) cannot use AWS X-Ray active tracing",
                "Follow Lambda@Edge requests in the CloudWatch logs of the regions where they run, and CloudFront's standard or real-time logs.");
        }

        // Globals only when every function that would inherit the value fails the rule: a passing or unknown one
        // chose its mode in another way, a suppressed one opted out, an edge function cannot take it.
        var inheritors = context.Template.Resources.Where(r => r.Type == Serverless && r.Properties?.Find("Tracing") is null).ToList();
        // Sets, not searches of the lists: a template of thousands of functions made these two look-ups quadratic.
        var inheritorIds = inheritors.Select(i => i.LogicalId).ToHashSet(StringComparer.Ordinal);
        var viaGlobals = context.Template.IsSam && inheritors.All(f => !edge.Contains(f.LogicalId) && context.Result(LambdaTracing.Info.Id, f.LogicalId)?.Status == ResultStatus.Fail)
            ? failures.Where(f => inheritorIds.Contains(f.Resource)).ToList()
            : [];
        var inherited = viaGlobals.ToHashSet();
        var granted = new HashSet<string>(StringComparer.Ordinal);
        if (viaGlobals.Count > 0)
        {
            var refs = viaGlobals.Select(context.RefOf).ToArray();
            Transaction(context, refs, granted, () =>
            {
                context.SetGlobal("Function", ["Tracing"], Str("Active"), $"Tracing: Active (inherited by {inheritors.Count} functions)", refs);
                return viaGlobals.Select(f => (context.Resource(f.Resource), context.RefOf(f))).ToList();
            });
        }

        foreach (var failure in failures.Where(f => !edge.Contains(f.Resource) && !inherited.Contains(f)))
        {
            var function = context.Resource(failure.Resource);
            var reference = context.RefOf(failure);
            Transaction(context, [reference], granted, () =>
            {
                if (function.Type == Serverless)
                {
                    context.SetProperty(function, ["Tracing"], Str("Active"), "Tracing: Active", reference);
                }
                else
                {
                    context.SetProperty(function, ["TracingConfig"], Map(("Mode", Str("Active"))), "TracingConfig.Mode: Active", reference);
                }

                return [(function, reference)];
            });
        }
    }

    /// <summary>
    /// Turns tracing on and grants the roles of the traced functions the write actions, as one transaction: a role
    /// that cannot be extended leaves the function's tracing off (traced without the right to write, it would log
    /// an error per invocation). <paramref name="granted"/> holds the roles already given the policy.
    /// </summary>
    private static void Transaction(PlanContext context, FindingRef[] findings, HashSet<string> granted, Func<List<(ResourceDefinition Function, FindingRef Finding)>> traceOn)
    {
        var roles = new List<string>();
        var reason = context.Transaction(() =>
        {
            foreach (var group in traceOn().GroupBy(t => Role(context, t.Function)).Where(g => g.Key is not null))
            {
                if (!granted.Contains(group.Key!))
                {
                    Grant(context, context.Resource(group.Key!), [.. group.Select(g => g.Finding)]);
                    roles.Add(group.Key!);
                }
            }
        });
        if (reason is not null)
        {
            foreach (var finding in findings)
            {
                context.LeaveUnfixed(finding, reason);
            }

            return;
        }

        granted.UnionWith(roles);
    }

    /// <summary>The template role to grant the write actions to; null when SAM grants them or the role is external (warned).</summary>
    private static string? Role(PlanContext context, ResourceDefinition function)
    {
        var properties = context.PropertiesOf(function);
        var (kind, role) = PolicyReader.RoleOf(context, function, properties);
        switch (kind)
        {
            case RoleKind.InTemplate:
                return role;
            case RoleKind.External:
                context.Warn(
                    WarningKind.ExternalRole,
                    $"{function.LogicalId} now traces with X-Ray and uses a role from outside the template ({Describe(properties?["Role"])}); add to it: {{\"Effect\": \"Allow\", \"Action\": [\"xray:PutTraceSegments\", \"xray:PutTelemetryRecords\"], \"Resource\": \"*\"}} (or the managed policy arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess).");
                return null;
            default:
                return null;
        }
    }

    private static void Grant(PlanContext context, ResourceDefinition role, FindingRef[] fixes)
    {
        if (PolicyReader.RoleManagedPolicies(context, role.LogicalId).Any(p => WritePolicies.Any(w => p.EndsWith("/" + w, StringComparison.Ordinal)))
            || (PolicyReader.Allows(PolicyReader.RoleStatements(context, role.LogicalId).ToList(), "xray:PutTraceSegments", _ => false)
                && PolicyReader.Allows(PolicyReader.RoleStatements(context, role.LogicalId).ToList(), "xray:PutTelemetryRecords", _ => false)))
        {
            return;
        }

        // X-Ray's write actions take no resource-level permissions: Resource must be '*'.
        var statement = Map(
            ("Sid", Str("WriteXRaySegments")),
            ("Effect", Str("Allow")),
            ("Action", List(Str("xray:PutTraceSegments"), Str("xray:PutTelemetryRecords"))),
            ("Resource", Str("*")));
        context.AppendProperty(
            role,
            ["Policies"],
            Map(("PolicyName", Str(PolicyName)), ("PolicyDocument", Infrastructure.Policy(statement))),
            $"inline policy {PolicyName}: xray:PutTraceSegments, xray:PutTelemetryRecords",
            fixes);
    }

    private static string Describe(Value? role) => role switch
    {
        ScalarValue s => s.Text,
        UnknownValue u => u.Reason,
        _ => "not set",
    };
}
