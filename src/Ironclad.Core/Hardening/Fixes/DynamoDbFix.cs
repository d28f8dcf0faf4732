using System.Globalization;
using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.DynamoDb;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Tables (rules IC2001, IC2002): server-side encryption with
/// <c>DynamoDBKMSKey</c> and point-in-time recovery, on every replica of a global table. A
/// SimpleTable cannot take either: it is converted to <c>AWS::DynamoDB::Table</c> only with
/// <c>--convert-simple-tables</c> (and a warning), otherwise both findings are suppressed with the
/// reason and the report says how to migrate.
/// </summary>
internal static class DynamoDbFix
{
    private const string Table = "AWS::DynamoDB::Table";
    private const string GlobalTable = "AWS::DynamoDB::GlobalTable";
    private const string SimpleTable = "AWS::Serverless::SimpleTable";

    private static readonly string[] RetainAttributes = ["DeletionPolicy", "UpdateReplacePolicy"];

    public static void Apply(PlanContext context)
    {
        var simple = context.Failures(DynamoDbTableCmk.Info.Id).Concat(context.Failures(DynamoDbPointInTimeRecovery.Info.Id))
            .Concat(context.Failures(DynamoDbDeletionProtection.Info.Id))
            .Where(f => f.ResourceType == SimpleTable)
            .GroupBy(f => f.Resource)
            .ToList();
        foreach (var table in simple)
        {
            SimpleTables(context, context.Resource(table.Key), table.ToList());
        }

        foreach (var finding in context.Failures(DynamoDbTableCmk.Info.Id).Where(f => f.ResourceType != SimpleTable))
        {
            context.Fix(finding, () => Encrypt(context, context.Resource(finding.Resource), context.RefOf(finding)));
        }

        foreach (var finding in context.Failures(DynamoDbPointInTimeRecovery.Info.Id).Where(f => f.ResourceType != SimpleTable))
        {
            context.Fix(finding, () => PointInTimeRecovery(context, context.Resource(finding.Resource), context.RefOf(finding)));
        }

        OwnKeys(context);
    }

    /// <summary>
    /// A table already under a customer-managed key of the template is not touched, nor is its key
    /// (another key policy is the user's design): the report names the principals that use the table,
    /// each of which needs that key (see docs/design/hardening.md, Data).
    /// </summary>
    private static void OwnKeys(PlanContext context)
    {
        var ours = context.LogicalId(Infrastructure.DynamoDbKey, "AWS::KMS::Key");
        foreach (var (table, properties) in context.Facts.ResourcesOfType(Table))
        {
            if (ValuePath.Get(properties, "SSESpecification", "KMSMasterKeyId") is not UnknownValue { ReferencedResource: { } key }
                || key == ours || context.FindResource(key)?.Type != "AWS::KMS::Key")
            {
                continue;
            }

            var users = context.Template.Resources
                .Where(r => r.Type is "AWS::Serverless::Function" or "AWS::IAM::Role" or "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" or "AWS::Pipes::Pipe")
                .Where(r => References(context.PropertiesOf(r), table.LogicalId))
                .Select(r => r.LogicalId)
                .ToList();
            if (users.Count > 0)
            {
                context.Warn(WarningKind.DeployTime, $"{table.LogicalId} is encrypted with {key}, which the tool does not edit: DynamoDB calls KMS on behalf of each caller, so these principals need kms:Decrypt, kms:Encrypt, kms:GenerateDataKey* and kms:DescribeKey on {key} (in its key policy, or in IAM where the key policy delegates to IAM): {string.Join(", ", users)}.");
            }
        }
    }

    /// <summary>True when a value refers to the resource anywhere inside it.</summary>
    private static bool References(Value? value, string logicalId) => value switch
    {
        UnknownValue u => u.ReferencedResource == logicalId,
        MapValue map => map.Entries.Any(e => References(e.Value, logicalId)),
        ListValue list => list.Items.Any(i => References(i, logicalId)),
        _ => false,
    };

    private static NewMapping Sse(string key) => Map(("SSEEnabled", Bool(true)), ("SSEType", Str("KMS")), ("KMSMasterKeyId", Ref(key)));

    private static NewMapping Pitr() => Map(("PointInTimeRecoveryEnabled", Bool(true)));

    private static void Encrypt(PlanContext context, ResourceDefinition table, FindingRef finding)
    {
        var key = Infrastructure.DynamoDbKmsKey(context, finding);
        if (table.Type == Table)
        {
            context.SetProperty(table, ["SSESpecification"], Sse(key.Id), $"SSE with {key.Id}", finding);
            return;
        }

        context.SetProperty(table, ["SSESpecification"], Map(("SSEEnabled", Bool(true)), ("SSEType", Str("KMS"))), "SSE with customer-managed keys", finding);
        foreach (var (replica, index) in Replicas(table))
        {
            context.SetIn(table, $"Properties.Replicas[{index}]", replica, ["SSESpecification", "KMSMasterKeyId"], ReplicaKey(context, key.Id, replica, table.LogicalId, finding), "replica key", finding);
        }
    }

    private static void PointInTimeRecovery(PlanContext context, ResourceDefinition table, FindingRef finding)
    {
        if (table.Type == Table)
        {
            context.SetProperty(table, ["PointInTimeRecoverySpecification"], Pitr(), "point-in-time recovery on", finding);
            return;
        }

        foreach (var (replica, index) in Replicas(table))
        {
            context.SetIn(table, $"Properties.Replicas[{index}]", replica, ["PointInTimeRecoverySpecification"], Pitr(), "point-in-time recovery on", finding);
        }
    }

    private static IEnumerable<(MappingNode Replica, int Index)> Replicas(ResourceDefinition table)
    {
        if (Buckets.Own(table, "Replicas") is not SequenceNode { Items.Count: > 0 } replicas || Intrinsics.TryGetCall(replicas, out _, out _))
        {
            throw new UnfixableException("Replicas is not a list written in the template: set each replica's key and point-in-time recovery by hand");
        }

        return replicas.Items.Select((r, i) => r is MappingNode map && !Intrinsics.TryGetCall(map, out _, out _)
            ? (map, i)
            : throw new UnfixableException($"replica {i + 1} is written with an intrinsic: set its key and point-in-time recovery by hand"));
    }

    /// <summary>
    /// The key of one replica: the stack's key for the replica in the stack's region; a key in another
    /// region cannot come from this stack, so its ARN becomes a parameter the user must supply.
    /// </summary>
    private static NewCall ReplicaKey(PlanContext context, string key, MappingNode replica, string table, FindingRef finding)
    {
        var region = replica["Region"];
        if (region is MappingNode && Intrinsics.TryGetCall(region, out var fn, out var arg) && fn == "Ref" && arg is ScalarNode { Value: "AWS::Region" })
        {
            return Ref(key);
        }

        var name = (region as ScalarNode)?.Value ?? throw new UnfixableException("a replica's Region is neither AWS::Region nor a literal region: set its key by hand");
        var parameter = "DynamoDBKMSKeyArn" + string.Concat(name.Split('-').Select(p => p.Length == 0 ? p : char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
        parameter = context.Parameter([finding], parameter, "String", null, $"ARN of a customer-managed KMS key in {name} for the replicas there (a stack cannot create keys in other regions)");
        context.Warn(WarningKind.Other, $"{table}: the replica in {name} needs a customer-managed key in {name}; create one there and pass its ARN as {parameter} (if {name} is the stack's own region, pass the ARN of the key alias/{context.Prefix}-dynamodb-<stage> after a first deploy).");
        return Ref(parameter);
    }

    private static void SimpleTables(PlanContext context, ResourceDefinition table, List<ScanResult> findings)
    {
        if (!context.Options.ConvertSimpleTables)
        {
            foreach (var finding in findings)
            {
                context.Decline(
                    table,
                    context.RefOf(finding),
                    finding.Rule.Id == DynamoDbDeletionProtection.Info.Id
                        ? "an AWS::Serverless::SimpleTable cannot take deletion protection; converting it to AWS::DynamoDB::Table is done only with --convert-simple-tables"
                        : "an AWS::Serverless::SimpleTable cannot take a customer-managed key or point-in-time recovery; converting it to AWS::DynamoDB::Table is done only with --convert-simple-tables",
                    "Run fix with --convert-simple-tables (it keeps the logical ID, table name, key schema and billing mode that SAM generates), review the change set for replacement, and back up the table first.");
            }

            context.Warn(WarningKind.SimpleTable, $"{table.LogicalId} is an AWS::Serverless::SimpleTable: no customer-managed key, no point-in-time recovery and no deletion protection are possible; findings suppressed with the reason. To migrate, run fix with --convert-simple-tables (or convert it by hand) and back the table up first.");
            return;
        }

        var refs = findings.Select(context.RefOf).ToArray();
        context.Fix(findings[0], () =>
        {
            var key = Infrastructure.DynamoDbKmsKey(context, refs);
            var converted = Converted(context, table, key.Id, findings.Any(f => f.Rule.Id == DynamoDbDeletionProtection.Info.Id));
            context.ReplaceType(table, Table, "converted from AWS::Serverless::SimpleTable", refs);
            if (table.Node.Find("Properties") is { } properties)
            {
                context.ReplaceIn(table, "Properties", properties.Value, converted, "DynamoDB table properties: key schema, billing, SSE with the key, PITR", refs);
            }
            else
            {
                context.SetAttribute(table, ["Properties"], converted, "DynamoDB table properties: key schema, billing, SSE with the key, PITR", refs);
            }

            foreach (var attribute in RetainAttributes.Where(a => table.Node.Find(a) is null))
            {
                context.SetAttribute(table, [attribute], Str("Retain"), "Retain (the conversion must never delete data)", refs);
            }

            context.Warn(WarningKind.SimpleTable, $"{table.LogicalId}: converted from AWS::Serverless::SimpleTable to AWS::DynamoDB::Table with the table name, key schema and billing mode SAM generated, so CloudFormation should update the table in place; check the change set shows no replacement, and back the table up first (DeletionPolicy and UpdateReplacePolicy are Retain).");
        });
    }

    /// <summary>The properties of the AWS::DynamoDB::Table that SAM generates for a SimpleTable, with the key, PITR and (IC2003 failing) deletion protection.</summary>
    private static NewMapping Converted(PlanContext context, ResourceDefinition table, string key, bool deletionProtection)
    {
        var properties = context.PropertiesOf(table);
        var primary = properties?["PrimaryKey"] as MapValue;
        var name = (primary?["Name"] as ScalarValue)?.Text ?? "id";
        var type = (primary?["Type"] as ScalarValue)?.Text switch
        {
            "Number" => "N",
            "Binary" => "B",
            _ => "S",
        };
        var result = new NewMapping();
        if (table.Properties?["TableName"] is { } tableName)
        {
            result.Set("TableName", NewNode.From(tableName, context.Document.Text));
        }

        result.Set("AttributeDefinitions", List(Map(("AttributeName", Str(name)), ("AttributeType", Str(type)))));
        result.Set("KeySchema", List(Map(("AttributeName", Str(name)), ("KeyType", Str("HASH")))));
        if (table.Properties?["ProvisionedThroughput"] is { } throughput)
        {
            result.Set("ProvisionedThroughput", NewNode.From(throughput, context.Document.Text));
        }
        else
        {
            result.Set("BillingMode", Str("PAY_PER_REQUEST"));
        }

        result.Set("SSESpecification", Sse(key));
        result.Set("PointInTimeRecoverySpecification", Pitr());
        if (deletionProtection)
        {
            result.Set("DeletionProtectionEnabled", Bool(true));
        }

        if (table.Properties?["Tags"] is MappingNode tags)
        {
            result.Set("Tags", List(tags.Entries.Select(e => (NewNode)Map(("Key", Str(e.Key.Value)), ("Value", NewNode.From(e.Value, context.Document.Text))))));
        }

        return result;
    }
}
