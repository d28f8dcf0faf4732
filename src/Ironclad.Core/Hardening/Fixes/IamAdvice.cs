using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;
using Ironclad.Core.Rules.Iam;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, What needs a human (rules IC7001, IC7002): <c>Action: '*'</c> is never narrowed
/// by the tool, since only the code knows what the principal calls. The report names, per resource of the
/// offending statement, the actions such a resource is usually used with, as the list to start from; a
/// statement on <c>Resource: '*'</c> suggests nothing, and the report points to IAM Access Analyzer's policy
/// generation from CloudTrail instead.
/// </summary>
internal static class IamAdvice
{
    private static readonly Dictionary<string, string> ServiceOfType = new(StringComparer.Ordinal)
    {
        ["AWS::DynamoDB::Table"] = "dynamodb",
        ["AWS::DynamoDB::GlobalTable"] = "dynamodb",
        ["AWS::Serverless::SimpleTable"] = "dynamodb",
        ["AWS::S3::Bucket"] = "s3",
        ["AWS::SQS::Queue"] = "sqs",
        ["AWS::SNS::Topic"] = "sns",
        ["AWS::Lambda::Function"] = "lambda",
        ["AWS::Serverless::Function"] = "lambda",
        ["AWS::Kinesis::Stream"] = "kinesis",
        ["AWS::StepFunctions::StateMachine"] = "states",
        ["AWS::Serverless::StateMachine"] = "states",
        ["AWS::SecretsManager::Secret"] = "secretsmanager",
        ["AWS::KMS::Key"] = "kms",
        ["AWS::Logs::LogGroup"] = "logs",
        ["AWS::Events::EventBus"] = "events",
        ["AWS::SSM::Parameter"] = "ssm",
    };

    /// <summary>The actions a principal usually calls on a resource of the service (read and write, no administration).</summary>
    private static readonly Dictionary<string, string[]> UsualActions = new(StringComparer.Ordinal)
    {
        ["dynamodb"] = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"],
        ["s3"] = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
        ["sqs"] = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        ["sns"] = ["sns:Publish"],
        ["lambda"] = ["lambda:InvokeFunction"],
        ["kinesis"] = ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary", "kinesis:ListShards"],
        ["states"] = ["states:StartExecution", "states:DescribeExecution"],
        ["secretsmanager"] = ["secretsmanager:GetSecretValue"],
        ["kms"] = ["kms:Decrypt", "kms:GenerateDataKey"],
        ["logs"] = ["logs:CreateLogStream", "logs:PutLogEvents"],
        ["events"] = ["events:PutEvents"],
        ["ssm"] = ["ssm:GetParameter", "ssm:GetParameters"],
    };

    public static void Apply(PlanContext context)
    {
        foreach (var finding in context.Failures(IamFullAdmin.Info.Id).Concat(context.Failures(IamWildcardAction.Info.Id)))
        {
            var resource = context.Resource(finding.Resource);
            var wildcard = Documents(resource, context.PropertiesOf(resource))
                .SelectMany(PolicyReader.Statements)
                .Where(s => s.Allow && s.Actions.Contains("*"))
                .ToList();
            var suggestions = wildcard.SelectMany(s => s.Resources).Select(r => Suggest(context, r)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var advice = suggestions.Count > 0
                ? $"replace Action '*' by the actions the principal calls; its resources suggest starting from {string.Join("; ", suggestions)} (keep only those the code calls)"
                : "replace Action '*' by the actions the principal calls, on the ARNs it uses; the statement's Resource '*' suggests none, so list them from the code, or generate a policy from the principal's CloudTrail activity with IAM Access Analyzer";
            context.LeaveUnfixed(finding, $"no automatic fix: {advice} ({finding.Message})");
        }
    }

    private static IEnumerable<Value> Documents(ResourceDefinition resource, MapValue? properties)
    {
        switch (resource.Type)
        {
            case "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy":
                return properties?["PolicyDocument"] is { } document ? [document] : [];
            case "AWS::Serverless::Function" or "AWS::Serverless::StateMachine":
                return PolicyReader.SamPolicyItems(properties).OfType<MapValue>().Where(m => m["Statement"] is not null);
            default:
                return properties?["Policies"] is ListValue policies
                    ? policies.Items.OfType<MapValue>().Select(p => p["PolicyDocument"]).OfType<Value>()
                    : [];
        }
    }

    /// <summary>"Table (AWS::DynamoDB::Table): dynamodb:GetItem, ..." for a resource the statement names; null for '*' or one not recognised.</summary>
    private static string? Suggest(PlanContext context, Value resource)
    {
        string? service = null;
        string name;
        switch (resource)
        {
            case UnknownValue { ReferencedResource: { } id } when context.FindResource(id) is { } target:
                service = ServiceOfType.GetValueOrDefault(target.Type);
                name = $"{id} ({target.Type})";
                break;
            case ScalarValue { Text: var arn } when arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Split(':') is { Length: > 2 } parts:
                service = parts[2];
                name = arn;
                break;
            default:
                return null;
        }

        return service is not null && UsualActions.TryGetValue(service, out var actions) ? $"{name}: {string.Join(", ", actions)}" : null;
    }
}
