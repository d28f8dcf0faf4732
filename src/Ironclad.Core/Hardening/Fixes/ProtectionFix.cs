using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;
using Ironclad.Core.Rules.DynamoDb;
using Ironclad.Core.Rules.Kinesis;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Tables and Streams (rules IC2003, IC6201): deletion protection on tables (on
/// every replica of a global table) and server-side encryption of Kinesis streams with the AWS-managed key
/// <c>alias/aws/kinesis</c>, which needs no key policy and no grant: the account's producers and consumers
/// may use it through Kinesis. A SimpleTable's IC2003 finding goes with its other findings in
/// <see cref="DynamoDbFix"/> (declined, or converted with <c>--convert-simple-tables</c>).
/// </summary>
internal static class ProtectionFix
{
    public const string KinesisManagedKey = "alias/aws/kinesis";

    public static void Apply(PlanContext context)
    {
        var protectedTables = new List<string>();
        foreach (var finding in context.Failures(DynamoDbDeletionProtection.Info.Id).Where(f => f.ResourceType is "AWS::DynamoDB::Table" or "AWS::DynamoDB::GlobalTable"))
        {
            var table = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            context.Fix(finding, () =>
            {
                if (table.Type == "AWS::DynamoDB::Table")
                {
                    context.SetProperty(table, ["DeletionProtectionEnabled"], Bool(true), "deletion protection on", reference);
                }
                else
                {
                    foreach (var (replica, index) in Replicas(table))
                    {
                        // A replica already protected, or protected by a value known only at deployment, is left as written.
                        var value = context.Evaluator.Evaluate(replica["DeletionProtectionEnabled"]);
                        if (value is not UnknownValue && (value as ScalarValue)?.AsBool() != true)
                        {
                            context.SetIn(table, $"Properties.Replicas[{index}]", replica, ["DeletionProtectionEnabled"], Bool(true), "deletion protection on", reference);
                        }
                    }
                }

                protectedTables.Add(table.LogicalId);
            });
        }

        if (protectedTables.Count > 0)
        {
            context.Warn(
                WarningKind.DeployTime,
                $"Deletion protection is on for {string.Join(", ", protectedTables)}: deleting the stack (sam delete, aws cloudformation delete-stack) or an update that removes or replaces such a table now fails until an update sets DeletionProtectionEnabled: false on it first.");
        }

        foreach (var finding in context.Failures(KinesisStreamEncrypted.Info.Id))
        {
            var stream = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            context.Fix(finding, () =>
            {
                var properties = context.PropertiesOf(stream);
                if (ValuePath.Get(properties, "StreamEncryption", "EncryptionType") is not ScalarValue { Text: "KMS" })
                {
                    context.SetProperty(stream, ["StreamEncryption", "EncryptionType"], Str("KMS"), "server-side encryption with KMS", reference);
                }

                // A key written already is the user's choice; only a missing one becomes the AWS-managed key.
                if (ValuePath.Get(properties, "StreamEncryption", "KeyId") is null or ScalarValue { IsEmpty: true })
                {
                    context.SetProperty(stream, ["StreamEncryption", "KeyId"], Str(KinesisManagedKey), "the AWS-managed key " + KinesisManagedKey, reference);
                }
            });
        }
    }

    private static IEnumerable<(MappingNode Replica, int Index)> Replicas(ResourceDefinition table)
    {
        if (Buckets.Own(table, "Replicas") is not SequenceNode { Items.Count: > 0 } replicas || Intrinsics.TryGetCall(replicas, out _, out _))
        {
            throw new UnfixableException("Replicas is not a list written in the template: set DeletionProtectionEnabled: true in each replica by hand");
        }

        return replicas.Items.Select((r, i) => r is MappingNode map && !Intrinsics.TryGetCall(map, out _, out _)
            ? (map, i)
            : throw new UnfixableException($"replica {i + 1} is written with an intrinsic: set its DeletionProtectionEnabled: true by hand"));
    }
}
