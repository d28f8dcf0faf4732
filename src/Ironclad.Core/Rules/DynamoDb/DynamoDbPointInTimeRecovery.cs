using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.DynamoDb;

// docs/design/rules.md, DynamoDB. Pass: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is true (GlobalTable: on every
// replica). Fail: false or absent; a SimpleTable always. Unknown: a flag known only at deployment.
public sealed class DynamoDbPointInTimeRecovery : Rule
{
    private static readonly string[] FlagPath = ["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC2002",
        Name = nameof(DynamoDbPointInTimeRecovery),
        Title = "DynamoDB tables have point-in-time recovery enabled",
        Severity = Severity.Medium,
        ResourceTypes = DynamoDbTypes.All,
        CheckovIds = ["CKV_AWS_28", "CKV_AWS_165"],
        ConfigIdentifier = "DYNAMODB_PITR_ENABLED",
        ConfigRuleName = "dynamodb-pitr-enabled",
        CfnNagIds = ["W78"],
        SecurityHubIds = ["DynamoDB.2"],
        Rationale = "Point-in-time recovery restores a table to any second of the last 35 days; without it a bad deployment, a bug or a deleted item can only be undone from whatever on-demand backup happens to exist.",
        Remediation = "Set PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true} (GlobalTable: in every replica). An AWS::Serverless::SimpleTable cannot enable it: replace it with an AWS::DynamoDB::Table, which replaces the table, so migrate its data first.",
        PassCondition = "`PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled` is true. `AWS::DynamoDB::GlobalTable`: on every replica. `AWS::Serverless::SimpleTable` always fails: it has no such setting.",
        Deviations = "Every replica of a global table is checked, not only the first. `AWS::Serverless::SimpleTable` is covered.",
        CountLabel = "DynamoDB table without point-in-time recovery",
        Noun = "tables",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context) => context.Resource.Type switch
    {
        DynamoDbTypes.SimpleTable => Verdict.Fail("an AWS::Serverless::SimpleTable cannot enable point-in-time recovery: replace it with an AWS::DynamoDB::Table (this replaces the table: migrate its data first)"),
        DynamoDbTypes.GlobalTable => Replicas(context),
        _ => ValueChecks.RequireTrue(context.Properties, FlagPath, ": point-in-time recovery is off"),
    };

    private static Verdict Replicas(ResourceContext context)
    {
        var replicas = context.Get("Replicas");
        return replicas switch
        {
            null => Verdict.Fail("Replicas is not set"),
            UnknownValue => Verdict.Unknown($"Replicas is {ValueChecks.Describe(replicas)}", replicas.Origin),
            ListValue { Items.Count: > 0 } list => ValueChecks.Worst(list.Items.Select((replica, i) => replica is UnknownValue
                ? Verdict.Unknown($"{DynamoDbTypes.ReplicaName(replica, i)} is {ValueChecks.Describe(replica)}", replica.Origin)
                : DynamoDbTypes.AtReplica(ValueChecks.RequireTrue(replica, FlagPath, ": point-in-time recovery is off", DynamoDbTypes.ReplicaName(replica, i) + ": "), replica))),
            _ => Verdict.Fail($"Replicas is {ValueChecks.Describe(replicas)}, not a list of replicas", replicas.Origin),
        };
    }
}
