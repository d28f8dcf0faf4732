using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;
using Ironclad.Core.Rules.StepFunctions;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, State machines (rule IC6301): each state machine without logging logs its errors
/// (<c>Level: ERROR</c>, without execution data, which may carry personal data) to a log group of its own, encrypted
/// and with retention, named under <c>/aws/vendedlogs/</c> so that Step Functions does not grow the account's size-limited
/// CloudWatch Logs resource policy. Step Functions checks at creation that the state machine's role may deliver logs:
/// the log-delivery actions go into the role when it is in the template (SAM: a statement in <c>Policies</c>);
/// a role from outside is named in a warning with the statement to add.
/// </summary>
internal static class StateMachineLoggingFix
{
    private const string PolicyName = "IroncladStateMachineLogging";

    /// <summary>The actions Step Functions needs to set up log delivery; they act on no single resource, hence <c>*</c>.</summary>
    private static readonly string[] DeliveryActions =
    [
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
        "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ];

    public static void Apply(PlanContext context)
    {
        foreach (var finding in context.Failures(StepFunctionsLogging.Info.Id))
        {
            var machine = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            context.Fix(finding, () => Log(context, machine, reference));
        }
    }

    private static void Log(PlanContext context, ResourceDefinition machine, FindingRef finding)
    {
        var property = machine.IsServerless ? "Logging" : "LoggingConfiguration";
        if (machine.Properties?.Find(property) is not null)
        {
            throw new UnfixableException($"{property} is written without a level or destination that logs; its Level OFF or missing Destinations is taken as a decision: set Level ERROR and a log group by hand");
        }

        var group = LogGroups.Encrypted(context, machine.LogicalId + "LogGroup", machine.Condition, $"executions of {machine.LogicalId}", [finding], $"/aws/vendedlogs/states/${{AWS::StackName}}-{machine.LogicalId}");
        Grant(context, machine, finding);
        context.SetProperty(
            machine,
            [property],
            Map(
                ("Level", Str("ERROR")),
                ("IncludeExecutionData", Bool(false)),
                ("Destinations", List(Map(("CloudWatchLogsLogGroup", Map(("LogGroupArn", GetAtt(group.Id, "Arn")))))))),
            $"errors logged to {group.Id}",
            finding);
    }

    private static NewMapping Statement() => Map(
        ("Sid", Str("DeliverStateMachineLogs")),
        ("Effect", Str("Allow")),
        ("Action", List(DeliveryActions.Select(a => (NewNode)Str(a)))),
        ("Resource", Str("*")));

    /// <summary>The log-delivery permissions, in the role the state machine runs as.</summary>
    private static void Grant(PlanContext context, ResourceDefinition machine, FindingRef finding)
    {
        var properties = context.PropertiesOf(machine);
        var role = machine.IsServerless ? properties?["Role"] : properties?["RoleArn"];
        if (machine.IsServerless && role is null)
        {
            if (PolicyReader.Allows(PolicyReader.SamStatements(properties), "logs:CreateLogDelivery", _ => false))
            {
                return;
            }

            if (Buckets.Own(machine, "Policies") is ScalarNode || (Buckets.Own(machine, "Policies") is { } written && Intrinsics.TryGetCall(written, out _, out _)))
            {
                throw new UnfixableException("Policies is one policy name or an intrinsic, which a statement cannot join: make it a list and add the log-delivery statement " + Infrastructure.PolicyText(Statement()));
            }

            context.AppendProperty(machine, ["Policies"], Map(("Statement", List(Statement()))), "log-delivery statement DeliverStateMachineLogs", finding);
            return;
        }

        if (role is UnknownValue { ReferencedResource: { } target } && context.FindResource(target) is { Type: "AWS::IAM::Role" } templateRole)
        {
            if (PolicyReader.Allows(PolicyReader.RoleStatements(context, target), "logs:CreateLogDelivery", _ => false))
            {
                return;
            }

            if (Buckets.Own(templateRole, "Policies") is { } policies && (policies is not SequenceNode || Intrinsics.TryGetCall(policies, out _, out _)))
            {
                throw new UnfixableException($"{target}'s Policies is not a list written in the template: add the log-delivery statement by hand: {Infrastructure.PolicyText(Statement())}");
            }

            context.AppendProperty(templateRole, ["Policies"], Map(("PolicyName", Str(PolicyName)), ("PolicyDocument", Infrastructure.Policy(Statement()))), $"inline policy {PolicyName}: log delivery", finding);
            return;
        }

        context.Warn(
            WarningKind.ExternalRole,
            $"{machine.LogicalId} runs as a role from outside the template: Step Functions refuses the logging configuration unless that role may deliver logs; add to it the statement {Infrastructure.PolicyText(Statement())}.");
    }
}
