namespace Ironclad.Core.Rules.DynamoDb;

internal static class DynamoDbTypes
{
    public const string Table = "AWS::DynamoDB::Table";

    public const string GlobalTable = "AWS::DynamoDB::GlobalTable";

    public const string SimpleTable = "AWS::Serverless::SimpleTable";

    public static IReadOnlyList<string> All { get; } = [Table, GlobalTable, SimpleTable];

    /// <summary>A GlobalTable's replica as messages name it: by region, else by position.</summary>
    public static string ReplicaName(Evaluation.Value replica, int index) =>
        ValuePath.Get(replica, "Region") is Evaluation.ScalarValue { IsEmpty: false } region ? $"replica {region.Text}" : $"replica {index + 1}";

    /// <summary>A replica that lacks the setting altogether is reported at the replica, not at the table's key.</summary>
    public static Verdict AtReplica(Verdict verdict, Evaluation.Value replica) =>
        verdict.Status == ResultStatus.Pass ? verdict : verdict with { At = verdict.At ?? replica.Origin };
}
