using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.DynamoDb;

// docs/design/rules.md, DynamoDB. Pass: SSE enabled, SSEType KMS or absent, and KMSMasterKeyId naming a customer-managed key
// (GlobalTable: on every replica). Fail: SSE off or absent, the AWS-managed key, an empty key; a SimpleTable always.
// Unknown: a setting known only at deployment.
public sealed class DynamoDbTableCmk : Rule
{
    private const string AwsManagedAlias = "alias/aws/dynamodb";

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC2001",
        Name = nameof(DynamoDbTableCmk),
        Title = "DynamoDB tables are encrypted with a customer-managed KMS key",
        Severity = Severity.Medium,
        ResourceTypes = DynamoDbTypes.All,
        CheckovIds = ["CKV_AWS_119"],
        ConfigIdentifier = "DYNAMODB_TABLE_ENCRYPTED_KMS",
        ConfigRuleName = "dynamodb-table-encrypted-kms",
        CfnNagIds = ["W74"],
        Rationale = "A table encrypted with an AWS-owned or AWS-managed key can be read by anyone the table's IAM policies allow; a customer-managed key adds a key policy that must also allow it, can be disabled to cut off access, and logs every use.",
        Remediation = "Set SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref DynamoDBKMSKey} (GlobalTable: SSEEnabled and SSEType at the top, KMSMasterKeyId in each replica's SSESpecification). An AWS::Serverless::SimpleTable cannot take a customer-managed key: replace it with an AWS::DynamoDB::Table, which replaces the table, so migrate its data first.",
        PassCondition = "`SSESpecification.SSEEnabled` is true, `SSEType` is `KMS` or absent, and `KMSMasterKeyId` names a customer-managed key (not empty, not `alias/aws/dynamodb`). `AWS::DynamoDB::GlobalTable`: `KMSMasterKeyId` in every replica's `SSESpecification`. `AWS::Serverless::SimpleTable` always fails: it cannot take a customer-managed key.",
        Deviations = "The string `\"false\"` is false. The AWS-managed alias fails. `AWS::DynamoDB::GlobalTable` and `AWS::Serverless::SimpleTable` are covered; Checkov checks only `AWS::DynamoDB::Table`.",
        CountLabel = "DynamoDB table without a customer-managed key",
        Noun = "tables",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) => context.Resource.Type switch
    {
        DynamoDbTypes.SimpleTable => Verdict.Fail("an AWS::Serverless::SimpleTable cannot use a customer-managed key: replace it with an AWS::DynamoDB::Table (this replaces the table: migrate its data first)"),
        DynamoDbTypes.GlobalTable => GlobalTable(context),
        _ => Table(context),
    };

    private static Verdict Table(ResourceContext context)
    {
        var sse = context.Get("SSESpecification");
        return sse switch
        {
            null => Verdict.Fail("SSESpecification is not set: the table is encrypted with an AWS-owned key"),
            UnknownValue => Verdict.Unknown($"SSESpecification is {ValueChecks.Describe(sse)}", sse.Origin),
            not MapValue => Verdict.Fail($"SSESpecification is {ValueChecks.Describe(sse)}, not a mapping", sse.Origin),
            _ => ValueChecks.Worst(Enabled(context), SseType(context), Key(context.Properties, "", "SSESpecification", "KMSMasterKeyId")),
        };
    }

    private static Verdict GlobalTable(ResourceContext context)
    {
        var sse = context.Get("SSESpecification");
        if (sse is null)
        {
            return Verdict.Fail("SSESpecification is not set: the table is encrypted with an AWS-owned key");
        }

        var replicas = context.Get("Replicas");
        var verdicts = new List<Verdict> { Enabled(context), SseType(context) };
        switch (replicas)
        {
            case null:
                verdicts.Add(Verdict.Fail("Replicas is not set"));
                break;
            case UnknownValue:
                verdicts.Add(Verdict.Unknown($"Replicas is {ValueChecks.Describe(replicas)}", replicas.Origin));
                break;
            case ListValue list:
                verdicts.AddRange(list.Items.Select((replica, i) => replica is UnknownValue
                    ? Verdict.Unknown($"{DynamoDbTypes.ReplicaName(replica, i)} is {ValueChecks.Describe(replica)}", replica.Origin)
                    : DynamoDbTypes.AtReplica(Key(replica, DynamoDbTypes.ReplicaName(replica, i) + ": ", "SSESpecification", "KMSMasterKeyId"), replica)));
                break;
            default:
                verdicts.Add(Verdict.Fail($"Replicas is {ValueChecks.Describe(replicas)}, not a list", replicas.Origin));
                break;
        }

        return ValueChecks.Worst(verdicts);
    }

    private static Verdict Enabled(ResourceContext context) =>
        ValueChecks.RequireTrue(context.Properties, ["SSESpecification", "SSEEnabled"], ": the table is encrypted with an AWS-owned key");

    private static Verdict SseType(ResourceContext context)
    {
        var type = context.Get("SSESpecification", "SSEType");
        return type switch
        {
            null or ScalarValue { Text: "KMS" } => Verdict.Pass("SSEType is KMS"),
            UnknownValue => Verdict.Unknown($"SSESpecification.SSEType is {ValueChecks.Describe(type)}", type.Origin),
            _ => Verdict.Fail($"SSESpecification.SSEType is {ValueChecks.Describe(type)}; it must be KMS", type.Origin),
        };
    }

    private static Verdict Key(Value? root, string subject, params string[] path)
    {
        var verdict = ValueChecks.RequirePresent(root, path, ": the table uses the AWS-managed key aws/dynamodb", subject);
        var key = ValuePath.Get(root, path);
        return verdict.Status == ResultStatus.Pass && IsAwsManaged(key)
            ? Verdict.Fail($"{subject}{string.Join('.', path)} is the AWS-managed key {AwsManagedAlias}, not a customer-managed key", key!.Origin)
            : verdict;
    }

    // The alias is often written as an ARN built with !Sub, whose value is unknown but whose ending is not.
    private static bool IsAwsManaged(Value? key)
    {
        var text = key switch
        {
            ScalarValue s => s.Text,
            UnknownValue u when Intrinsics.TryGetCall(u.Origin, out var function, out var argument) && function == "Fn::Sub" => argument switch
            {
                ScalarNode format => format.Value,
                SequenceNode { Items: [ScalarNode format, ..] } => format.Value,
                _ => null,
            },
            _ => null,
        };
        return text is not null && (text == AwsManagedAlias || text.EndsWith(":" + AwsManagedAlias, StringComparison.Ordinal));
    }
}
