using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.StepFunctions;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Tracing (rule IC6302): X-Ray tracing on state machines (<c>TracingConfiguration:
/// {Enabled: true}</c>; SAM: <c>Tracing: {Enabled: true}</c>). Step Functions sends the segments as the state
/// machine's role, which needs the X-Ray write and sampling actions on <c>*</c>. SAM attaches
/// AWSXrayWriteOnlyAccess to the role it generates for a traced state machine (one without <c>Role</c>), so that
/// one needs nothing; a role of the template gets an inline policy, and a role from outside is named in a warning
/// with the statement to add. Tracing and the grant are one transaction: a role that cannot be extended leaves
/// tracing off. A written <c>Enabled: false</c> is taken as a decision and left alone.
/// </summary>
internal static class StateMachineTracingFix
{
    private const string PolicyName = "IroncladStateMachineXRay";

    /// <summary>What Step Functions needs to send traces and follow the sampling rules; X-Ray takes no resource-level permissions.</summary>
    private static readonly string[] Actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"];

    /// <summary>AWS managed policies that grant every action above already.</summary>
    private static readonly string[] WritePolicies = ["AWSXrayWriteOnlyAccess", "AWSXRayDaemonWriteAccess", "AWSXrayFullAccess"];

    public static void Apply(PlanContext context)
    {
        var granted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in context.Failures(StepFunctionsTracing.Info.Id))
        {
            var machine = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            string? role = null;
            if (context.Transaction(() => role = Trace(context, machine, reference, granted)) is { } reason)
            {
                context.LeaveUnfixed(reference, reason);
            }
            else if (role is not null)
            {
                granted.Add(role);
            }
        }
    }

    /// <returns>The template role given the grant, or null when none was needed.</returns>
    private static string? Trace(PlanContext context, ResourceDefinition machine, FindingRef finding, HashSet<string> granted)
    {
        var property = machine.IsServerless ? "Tracing" : "TracingConfiguration";
        if (ValuePath.Get(context.PropertiesOf(machine), property, "Enabled") is ScalarValue written)
        {
            throw new UnfixableException($"{property}.Enabled is written as '{written.Text}', which is taken as a decision: set it to true by hand to trace executions");
        }

        var role = Grant(context, machine, finding, granted);
        if (machine.Properties?.Find(property) is null)
        {
            context.SetProperty(machine, [property], Map(("Enabled", Bool(true))), "X-Ray tracing on", finding);
        }
        else
        {
            context.SetProperty(machine, [property, "Enabled"], Bool(true), "X-Ray tracing on", finding);
        }

        return role;
    }

    private static NewMapping Statement() => Map(
        ("Sid", Str("SendStateMachineTraces")),
        ("Effect", Str("Allow")),
        ("Action", List(Actions.Select(a => (NewNode)Str(a)))),
        ("Resource", Str("*")));

    /// <summary>The X-Ray actions, in the role the state machine runs as; the template role granted, or null.</summary>
    private static string? Grant(PlanContext context, ResourceDefinition machine, FindingRef finding, HashSet<string> granted)
    {
        var properties = context.PropertiesOf(machine);
        var role = machine.IsServerless ? properties?["Role"] : properties?["RoleArn"];
        if (machine.IsServerless && role is null)
        {
            // SAM adds AWSXrayWriteOnlyAccess to the role it generates once Tracing.Enabled is true.
            return null;
        }

        if (role is UnknownValue { ReferencedResource: { } target } && context.FindResource(target) is { Type: "AWS::IAM::Role" } templateRole)
        {
            if (granted.Contains(target)
                || PolicyReader.RoleManagedPolicies(context, target).Any(p => WritePolicies.Any(w => p.EndsWith("/" + w, StringComparison.Ordinal)))
                || Actions.All(a => PolicyReader.Allows(PolicyReader.RoleStatements(context, target), a, _ => false)))
            {
                return null;
            }

            if (Buckets.Own(templateRole, "Policies") is { } policies && (policies is not SequenceNode || Intrinsics.TryGetCall(policies, out _, out _)))
            {
                throw new UnfixableException($"{target}'s Policies is not a list written in the template: add the X-Ray statement by hand: {Infrastructure.PolicyText(Statement())}");
            }

            context.AppendProperty(templateRole, ["Policies"], Map(("PolicyName", Str(PolicyName)), ("PolicyDocument", Infrastructure.Policy(Statement()))), $"inline policy {PolicyName}: X-Ray traces", finding);
            return target;
        }

        context.Warn(
            WarningKind.ExternalRole,
            $"{machine.LogicalId} now traces with X-Ray and runs as a role from outside the template ({Describe(role)}); add to it the statement {Infrastructure.PolicyText(Statement())} (or the managed policy arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess), else its traces are not sent.");
        return null;
    }

    private static string Describe(Value? role) => role switch
    {
        ScalarValue s => s.Text,
        UnknownValue u => u.Reason,
        _ => "not set",
    };
}
