using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.DynamoDb;

// Security Hub DynamoDB.6. Pass: DeletionProtectionEnabled is true (GlobalTable: on every replica). Fail: absent or
// false; a SimpleTable, which cannot set it. Unknown: a value known only at deployment.
public sealed class DynamoDbDeletionProtection : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC2003",
        Name = nameof(DynamoDbDeletionProtection),
        Title = "DynamoDB tables have deletion protection",
        Severity = Severity.Medium,
        ResourceTypes = DynamoDbTypes.All,
        SecurityHubIds = ["DynamoDB.6"],
        Rationale = "A table without deletion protection is deleted with its data by one API call, a console slip or a stack update that replaces or removes it; point-in-time recovery does not survive the table's deletion beyond its backup window.",
        Remediation = "Set DeletionProtectionEnabled: true (GlobalTable: in every replica). An AWS::Serverless::SimpleTable cannot set it: replace it with an AWS::DynamoDB::Table.",
        PassCondition = "`DeletionProtectionEnabled` is true; `AWS::DynamoDB::GlobalTable`: in every replica. `AWS::Serverless::SimpleTable` always fails: it cannot set the property.",
        Deviations = "Checkov has no CloudFormation check for this; it follows the Security Hub control, and covers global tables per replica.",
        CountLabel = "DynamoDB table without deletion protection",
        Noun = "tables",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        const string consequence = ": one call deletes the table and its data";
        switch (context.Resource.Type)
        {
            case DynamoDbTypes.SimpleTable:
                return Verdict.Fail("an AWS::Serverless::SimpleTable cannot enable deletion protection: replace it with an AWS::DynamoDB::Table");
            case DynamoDbTypes.GlobalTable:
                return context.Get("Replicas") switch
                {
                    ListValue { Items.Count: > 0 } list => ValueChecks.Worst(list.Items.Select((replica, i) => DynamoDbTypes.AtReplica(
                        ValueChecks.RequireTrue(replica, ["DeletionProtectionEnabled"], consequence, DynamoDbTypes.ReplicaName(replica, i) + ": "),
                        replica))),
                    UnknownValue replicas => Verdict.Unknown($"Replicas is {ValueChecks.Describe(replicas)}", replicas.Origin),
                    var replicas => Verdict.Fail($"Replicas is {ValueChecks.Describe(replicas)}", ValueChecks.Locate(context.Properties, "Replicas")),
                };
            default:
                return ValueChecks.RequireTrue(context.Properties, ["DeletionProtectionEnabled"], consequence);
        }
    }
}
