using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Permissions: the permissions the new wiring needs. A function whose environment is
/// encrypted with the Lambda key needs <c>kms:Decrypt</c> on it (the guide's "KMS access denied");
/// one that sends failures to the encrypted queue needs <c>sqs:SendMessage</c> (SAM adds that for
/// its own roles) and <c>kms:GenerateDataKey</c> and <c>kms:Decrypt</c>; one in a VPC needs the
/// network-interface permissions (SAM adds those too). Template roles get the statements; a role
/// from outside the template is not guessed at: the report says exactly what it needs.
/// </summary>
internal static class PermissionFix
{
    private const string VpcAccessPolicy = "AWSLambdaVPCAccessExecutionRole";
    private const string HardeningPolicyName = "IroncladLambdaHardening";

    /// <summary>The rules whose fixes create the wiring that needs permissions.</summary>
    private static readonly string[] WiringRules = [LambdaDeadLetterQueue.Info.Id, LambdaInsideVpc.Info.Id, LambdaEnvironmentEncrypted.Info.Id];

    public static void Apply(PlanContext context, LambdaFixResult lambda)
    {
        var keyId = context.LogicalId(Infrastructure.LambdaKey, "AWS::KMS::Key");
        var queueId = context.LogicalId(Infrastructure.DeadLetterQueue, "AWS::SQS::Queue");
        var keyExists = context.FindPlanned(keyId) is not null || context.FindResource(keyId) is not null;
        var queueExists = context.FindPlanned(queueId) is not null || context.FindResource(queueId) is not null;
        var roleNeeds = new Dictionary<string, (Needs Needs, List<FindingRef> Fixes)>(StringComparer.Ordinal);
        foreach (var function in context.Template.Resources.Where(r => r.Type is "AWS::Lambda::Function" or "AWS::Serverless::Function"))
        {
            var properties = context.PropertiesOf(function);
            var needs = new Needs(
                Key: keyExists && (lambda.WithKey.Contains(function.LogicalId) || properties?["KmsKeyArn"] is { } arn && PolicyReader.Names(arn, keyId)),
                Queue: queueExists && (lambda.WithDeadLetterQueue.Contains(function.LogicalId) || QueueOf(function, properties) is { } target && PolicyReader.Names(target, queueId)),
                Vpc: lambda.InVpc.Contains(function.LogicalId));
            if (!needs.Any)
            {
                continue;
            }

            var fixes = WiringRules
                .Select(rule => context.Result(rule, function.LogicalId))
                .Where(r => r?.Status == ResultStatus.Fail)
                .Select(r => context.RefOf(r!))
                .ToArray();
            var (kind, role) = PolicyReader.RoleOf(context, function, properties);
            switch (kind)
            {
                case RoleKind.SamGenerated:
                    context.Fix(fixes, () => SamPolicies(context, function, properties, needs, keyId, fixes));
                    break;
                case RoleKind.InTemplate:
                    var entry = roleNeeds.GetValueOrDefault(role!, (new Needs(false, false, false), []));
                    entry.Needs = entry.Needs.Or(needs);
                    entry.Fixes.AddRange(fixes.Except(entry.Fixes));
                    roleNeeds[role!] = entry;
                    break;
                default:
                    context.Warn(
                        WarningKind.ExternalRole,
                        $"{function.LogicalId} uses a role from outside the template ({Describe(properties?["Role"])}); add to it: " + Advice(needs, keyId, queueId));
                    break;
            }
        }

        foreach (var (role, (needs, fixes)) in roleNeeds)
        {
            context.Fix(fixes, () => TemplateRole(context, context.Resource(role), needs, keyId, queueId, [.. fixes]));
        }
    }

    private static Value? QueueOf(ResourceDefinition function, MapValue? properties) =>
        function.IsServerless ? ValuePath.Get(properties, "DeadLetterQueue", "TargetArn") : ValuePath.Get(properties, "DeadLetterConfig", "TargetArn");

    private static void SamPolicies(PlanContext context, ResourceDefinition function, MapValue? properties, Needs needs, string keyId, FindingRef[] fixes)
    {
        var granted = PolicyReader.SamStatements(properties).ToList();
        bool OnKey(Value v) => PolicyReader.Names(v, keyId);
        if ((needs.Key || needs.Queue) && !PolicyReader.Allows(granted, "kms:Decrypt", OnKey))
        {
            // Policies written as one policy document takes statements, not policy templates: it stays one document.
            var document = Buckets.Own(function, "Policies") is MappingNode written && written.Find("Statement") is not null;
            var decrypt = document
                ? Map(("Statement", List(Map(("Effect", Str("Allow")), ("Action", Str("kms:Decrypt")), ("Resource", GetAtt(keyId, "Arn"))))))
                : Map(("KMSDecryptPolicy", Map(("KeyId", Ref(keyId)))));
            context.AppendProperty(function, ["Policies"], decrypt, $"KMSDecryptPolicy on {keyId}", fixes);
        }

        if (needs.Queue && !PolicyReader.Allows(granted, "kms:GenerateDataKey", OnKey))
        {
            context.AppendProperty(
                function,
                ["Policies"],
                Map(("Statement", List(Map(("Effect", Str("Allow")), ("Action", Str("kms:GenerateDataKey")), ("Resource", GetAtt(keyId, "Arn")))))),
                $"kms:GenerateDataKey on {keyId} (to send to the encrypted dead-letter queue)",
                fixes);
        }
    }

    private static void TemplateRole(PlanContext context, ResourceDefinition role, Needs needs, string keyId, string queueId, FindingRef[] fixes)
    {
        var granted = PolicyReader.RoleStatements(context, role.LogicalId).ToList();
        bool OnKey(Value v) => PolicyReader.Names(v, keyId);
        bool OnQueue(Value v) => PolicyReader.Names(v, queueId);
        var statements = new List<NewNode>();
        var keyActions = new List<NewNode>();
        if ((needs.Key || needs.Queue) && !PolicyReader.Allows(granted, "kms:Decrypt", OnKey))
        {
            keyActions.Add(Str("kms:Decrypt"));
        }

        if (needs.Queue && !PolicyReader.Allows(granted, "kms:GenerateDataKey", OnKey))
        {
            keyActions.Add(Str("kms:GenerateDataKey"));
        }

        if (keyActions.Count > 0)
        {
            statements.Add(Map(("Sid", Str("UseLambdaKey")), ("Effect", Str("Allow")), ("Action", List(keyActions)), ("Resource", GetAtt(keyId, "Arn"))));
        }

        if (needs.Queue && !PolicyReader.Allows(granted, "sqs:SendMessage", OnQueue))
        {
            statements.Add(Map(("Sid", Str("SendToDeadLetterQueue")), ("Effect", Str("Allow")), ("Action", Str("sqs:SendMessage")), ("Resource", GetAtt(queueId, "Arn"))));
        }

        if (needs.Vpc && !PolicyReader.RoleManagedPolicies(context, role.LogicalId).Any(p => p.Contains(VpcAccessPolicy, StringComparison.Ordinal))
            && !PolicyReader.Allows(granted, "ec2:CreateNetworkInterface", _ => false))
        {
            context.AppendProperty(role, ["ManagedPolicyArns"], Sub($"arn:${{AWS::Partition}}:iam::aws:policy/service-role/{VpcAccessPolicy}"), $"managed policy {VpcAccessPolicy} (network interfaces in the VPC)", fixes);
        }

        if (statements.Count == 0)
        {
            return;
        }

        var existing = (Buckets.Own(role, "Policies") as SequenceNode)?.Items.OfType<MappingNode>()
            .FirstOrDefault(p => (p["PolicyName"] as ScalarNode)?.Value == HardeningPolicyName);
        if (existing is not null)
        {
            if ((existing["PolicyDocument"] as MappingNode)?["Statement"] is not SequenceNode list)
            {
                throw new UnfixableException($"{role.LogicalId}'s policy {HardeningPolicyName} has no statement list to extend");
            }

            foreach (var statement in statements)
            {
                context.AppendIn(role, $"Properties.Policies[{HardeningPolicyName}].PolicyDocument.Statement", list, statement, "statement " + PlanContext.Describe(statement), fixes);
            }

            return;
        }

        context.AppendProperty(
            role,
            ["Policies"],
            Map(("PolicyName", Str(HardeningPolicyName)), ("PolicyDocument", Infrastructure.Policy([.. statements]))),
            $"inline policy {HardeningPolicyName}: " + string.Join(", ", statements.OfType<NewMapping>().Select(s => ((NewScalar)s["Sid"]!).Value)),
            fixes);
    }

    private static string Advice(Needs needs, string keyId, string queueId)
    {
        var parts = new List<string>();
        if (needs.Key || needs.Queue)
        {
            var actions = needs.Queue ? "[\"kms:Decrypt\", \"kms:GenerateDataKey\"]" : "\"kms:Decrypt\"";
            parts.Add($"{{\"Effect\": \"Allow\", \"Action\": {actions}, \"Resource\": \"<ARN of {keyId}>\"}}");
        }

        if (needs.Queue)
        {
            parts.Add($"{{\"Effect\": \"Allow\", \"Action\": \"sqs:SendMessage\", \"Resource\": \"<ARN of {queueId}>\"}}");
        }

        var text = parts.Count > 0 ? "the statements " + string.Join(", ", parts) : "";
        if (needs.Vpc)
        {
            text += (text.Length > 0 ? ", and " : "") + $"the managed policy arn:aws:iam::aws:policy/service-role/{VpcAccessPolicy}";
        }

        return text + ".";
    }

    private static string Describe(Value? role) => role switch
    {
        ScalarValue s => s.Text,
        UnknownValue u => u.Reason,
        _ => "not set",
    };

    private readonly record struct Needs(bool Key, bool Queue, bool Vpc)
    {
        public bool Any => Key || Queue || Vpc;

        public Needs Or(Needs other) => new(Key || other.Key, Queue || other.Queue, Vpc || other.Vpc);
    }
}
