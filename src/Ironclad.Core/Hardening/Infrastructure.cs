using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>
/// The shared resources of the hardened architecture (docs/design/hardening.md, Lambda and Data): the keys and
/// their aliases, the dead-letter queue, the access-log bucket. Each is planned once and reused by
/// every fix that needs it, and reused from the input when an earlier run added it.
/// </summary>
internal static class Infrastructure
{
    public const string LambdaKey = "LambdaKMSKey";
    public const string DynamoDbKey = "DynamoDBKMSKey";
    public const string DeadLetterQueue = "LambdaDeadLetterQueue";
    public const string AccessLogBucket = "AccessLoggingBucket";

    public static PlannedResource LambdaKmsKey(PlanContext context, params FindingRef[] fixes) =>
        Key(context, LambdaKey, "lambda", "Encrypts Lambda environment variables, the Lambda dead-letter queue and the alarm topic", fixes);

    /// <summary>
    /// The tables' key. DynamoDB calls KMS on behalf of whoever calls the table, so the key policy
    /// carries the statement of the AWS-managed DynamoDB key: any principal of the account may use
    /// the key through DynamoDB in this region. Without it every function, integration role or
    /// pipe that has table rights but no KMS rights gets AccessDeniedException on every call.
    /// </summary>
    public static PlannedResource DynamoDbKmsKey(PlanContext context, params FindingRef[] fixes)
    {
        var key = Key(context, DynamoDbKey, "dynamodb", "Encrypts the DynamoDB tables", fixes);
        KeyStatement(context, key, DynamoDbUseStatement(), fixes);
        return key;
    }

    /// <summary>The statement of the AWS-managed key <c>aws/dynamodb</c>: use through DynamoDB, by principals of this account.</summary>
    public static NewMapping DynamoDbUseStatement() => Map(
        ("Sid", Str("AllowUseThroughDynamoDBForThisAccount")),
        ("Effect", Str("Allow")),
        ("Principal", Map(("AWS", Str("*")))),
        ("Action", List(Str("kms:Encrypt"), Str("kms:Decrypt"), Str("kms:ReEncrypt*"), Str("kms:GenerateDataKey*"), Str("kms:DescribeKey"), Str("kms:CreateGrant"))),
        ("Resource", Str("*")),
        ("Condition", Map(("StringEquals", Map(
            ("kms:CallerAccount", Ref("AWS::AccountId")),
            ("kms:ViaService", Sub("dynamodb.${AWS::Region}.amazonaws.com")))))));

    /// <summary>Makes sure a key's policy has a statement (by Sid), in the new key or appended to the existing one.</summary>
    public static void KeyStatement(PlanContext context, PlannedResource key, NewMapping statement, params FindingRef[] fixes)
    {
        var sid = ((NewScalar)statement["Sid"]!).Value;
        if (key.IsNew)
        {
            var statements = (NewSequence)((NewMapping)key.Properties["KeyPolicy"]!)["Statement"]!;
            if (!statements.Items.OfType<NewMapping>().Any(s => s["Sid"] is NewScalar { Value: var existing } && existing == sid))
            {
                statements.Add(statement);
            }

            return;
        }

        var properties = context.PropertiesOf(key.Existing!);
        if (properties?["KeyPolicy"] is not MapValue policy)
        {
            if (properties?["KeyPolicy"] is null)
            {
                context.SetProperty(key.Existing!, ["KeyPolicy"], Policy(RootStatement(), statement), $"key policy with {sid}", fixes);
            }
            else
            {
                context.Warn(WarningKind.DeployTime, $"{key.Id}: its key policy is not a mapping the tool can extend; add a statement {sid} by hand: {PolicyText(statement)}");
            }

            return;
        }

        // Once per key and Sid: several fixes may ask for the same statement.
        if (!TemplateFacts.Statements(policy).Any(s => s["Sid"] is ScalarValue { Text: var text } && text == sid)
            && context.Seen(key.Id + "/KeyPolicy").Add(sid))
        {
            context.AppendProperty(key.Existing!, ["KeyPolicy", "Statement"], statement, $"key policy statement {sid}", fixes);
        }
    }

    public static PlannedResource LambdaDeadLetterQueue(PlanContext context, params FindingRef[] fixes)
    {
        var key = LambdaKmsKey(context, fixes);
        var queue = context.Resource(DeadLetterQueue, "AWS::SQS::Queue", ResourceGroup.Queues, fixes);
        if (queue.IsNew && queue.Properties.Count == 0)
        {
            // Retained, so no fixed QueueName: a retained queue with a fixed name would block
            // re-creating a stack of the same name (CloudFormation names it from the stack instead).
            queue.Retain = true;
            queue.Properties
                .Set("MessageRetentionPeriod", Num(1209600))
                .Set("KmsMasterKeyId", Ref(key.Id));
            queue.Facts["RetentionSeconds"] = "1209600";
            queue.Facts["Key"] = key.Id;
        }

        return queue;
    }

    public static NewMapping RootStatement() => Map(
        ("Sid", Str("EnableAccountAdministration")),
        ("Effect", Str("Allow")),
        ("Principal", Map(("AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")))),
        ("Action", Str("kms:*")),
        ("Resource", Str("*")));

    public static NewMapping Policy(params NewNode[] statements) => Map(("Version", Str("2012-10-17")), ("Statement", List(statements)));

    /// <summary>A statement as one line of JSON, for advice the user applies by hand.</summary>
    public static string PolicyText(NewNode node) => JsonRenderer.JsonCompact(node);

    /// <summary>The tag of a new resource's name, so that the console shows what it belongs to.</summary>
    public static NewSequence NameTag(PlanContext context, string suffix, FindingRef[] fixes) =>
        List(Map(("Key", Str("Name")), ("Value", Sub($"{context.Prefix}-{suffix}-${{{context.Stage(fixes)}}}"))));

    /// <summary>A rotating, retained customer-managed key with its alias <c>alias/PREFIX-PURPOSE-STAGE</c>, planned once per logical ID.</summary>
    public static PlannedResource Key(PlanContext context, string id, string purpose, string description, FindingRef[] fixes)
    {
        var key = context.Resource(id, "AWS::KMS::Key", ResourceGroup.Keys, fixes);
        if (!key.IsNew || key.Properties.Count > 0)
        {
            return key;
        }

        key.Retain = true;
        key.Properties
            .Set("Description", Str(description))
            .Set("EnableKeyRotation", Bool(true))
            .Set("KeyPolicy", Policy(RootStatement()));
        var alias = context.Resource(key.Id + "Alias", "AWS::KMS::Alias", ResourceGroup.Keys, fixes);
        if (alias.IsNew && alias.Properties.Count == 0)
        {
            alias.Anchor = key.Id;
            alias.Properties
                .Set("AliasName", Sub($"alias/{context.Prefix}-{purpose}-${{{context.Stage(fixes)}}}"))
                .Set("TargetKeyId", Ref(key.Id));
        }

        key.Facts["Rotation"] = "true";
        key.Facts["Alias"] = $"alias/{context.Prefix}-{purpose}-${{{context.Stage(fixes)}}}";
        return key;
    }
}
