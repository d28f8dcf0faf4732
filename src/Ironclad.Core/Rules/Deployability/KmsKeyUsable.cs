using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. A resource encrypted with a customer-managed key of the template is usable
// only by principals that can use the key: the service calls KMS on behalf of the caller (DynamoDB, SQS, SNS,
// Kinesis, Secrets Manager, S3), so a reader needs kms:Decrypt and a writer kms:GenerateDataKey, granted by the key
// policy (for the principal, or for everyone through kms:ViaService or kms:CallerAccount) or by IAM when the key
// policy leaves the key to IAM. A log group's key is used by CloudWatch Logs itself, which the key policy must allow; a
// topic's key by the services that publish to it as themselves (S3, EventBridge, CloudWatch alarms...), whose principals
// the key policy must admit.
public sealed class KmsKeyUsable : Rule
{
    /// <summary>What a service needs of a topic's key to publish to it.</summary>
    private static readonly string[] PublisherActions = ["kms:GenerateDataKey", "kms:Decrypt"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8002",
        Name = nameof(KmsKeyUsable),
        Title = "Every principal that uses an encrypted resource can use its key",
        Severity = Severity.High,
        ResourceTypes = [.. KeyUsage.Types],
        Family = RuleFamily.Deployability,
        Rationale = "A table, queue, topic, stream, secret or bucket encrypted with a customer-managed key can be read or written only by a principal that may use the key: the service calls KMS on the caller's behalf, and every call of a principal without kms:Decrypt (or kms:GenerateDataKey to write) fails with AccessDenied at runtime, though the stack deploys. A log group whose key policy does not admit CloudWatch Logs fails at deploy. A topic whose key policy does not admit a service that publishes to it (S3 event notifications, EventBridge rules, CloudWatch alarms) drops that service's messages without an error.",
        Remediation = "Grant the principal the key: a key-policy statement for its role, a statement for `AWS: '*'` conditioned on `kms:ViaService` (the service) and `kms:CallerAccount`, or, when the key policy leaves the key to IAM (the account root), a `kms:Decrypt`/`kms:GenerateDataKey` statement on the key in the principal's policies (SAM: `KMSDecryptPolicy`). For a log group, allow `logs.<region>.amazonaws.com` in the key policy; for a topic, allow each publishing service's principal (`s3.amazonaws.com`, `events.amazonaws.com`, `cloudwatch.amazonaws.com`...) `kms:GenerateDataKey*` and `kms:Decrypt`, conditioned on `aws:SourceAccount`.",
        PassCondition = "Every principal of the template that uses the resource (SAM policy template, inline statement, managed policy by name with the resource in its environment, event source, event source mapping, pipe or integration role) can call `kms:Decrypt` to read and `kms:GenerateDataKey` to write on the resource's key, through the key policy or through IAM; a log group's key policy admits CloudWatch Logs; a topic's key policy admits every service that publishes to it (S3 event notifications, EventBridge rule targets, CloudWatch alarm actions, CodeStar notification rules, budgets, backup vaults, service principals of its topic policy).",
        Deviations = "No peer tool has this check. Keys from outside the template are not judged.",
        CountLabel = "encrypted resource whose users cannot use its key",
        Noun = "encrypted resources",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var written = KeyProperty(context.Resource);
        var usage = context.Facts.Derived(KeyUsage.Build);
        if (written is null || usage.KeyOf(written.Value) is not { } key)
        {
            return Verdict.NotApplicable("not encrypted with a customer-managed key of the template");
        }

        var service = KeyUsage.ServiceOf(context.Resource.Type);
        if (service == "logs")
        {
            return KeyUsage.ServiceCanUse(key, "logs", "kms:GenerateDataKey")
                ? Verdict.Pass($"the key policy of {key.LogicalId} admits CloudWatch Logs")
                : Verdict.Fail($"{context.LogicalId} is encrypted with {KeyLine(key)}, whose key policy does not let logs.<region>.amazonaws.com use it: creating the log group fails", written.Key);
        }

        var blocked = new List<string>();
        if (service == "sns")
        {
            foreach (var publisher in context.Facts.Derived(TopicPublishers.Build).Of(context.LogicalId))
            {
                var prefix = publisher.Service.Split('.')[0];
                var missing = PublisherActions.Where(a => !KeyUsage.ServiceCanUse(key, prefix, a)).ToList();
                if (missing.Count > 0)
                {
                    blocked.Add($"{publisher.Service} ({publisher.How}, line {publisher.At.Span.Start.Line}) lacks {string.Join(" and ", missing)} in the key policy, so its messages are dropped");
                }
            }
        }

        foreach (var use in usage.UsesOf(context.LogicalId))
        {
            // What the principal needs and cannot call, in this order; the entry is written only for one that lacks some:
            // thousands of uses are asked, and nearly all of them can.
            var decrypt = (use.Reads || service == "dynamodb") && !usage.CanUse(use.Principal, key, service, "kms:Decrypt");
            var generate = use.Writes && service != "dynamodb" && !usage.CanUse(use.Principal, key, service, "kms:GenerateDataKey");
            if (!decrypt && !generate)
            {
                continue;
            }

            var missing = decrypt && generate ? "kms:Decrypt and kms:GenerateDataKey" : decrypt ? "kms:Decrypt" : "kms:GenerateDataKey";
            var entry = $"{use.Principal.Display} ({use.How}, line {use.At.Span.Start.Line}) lacks {missing}";
            if (!blocked.Contains(entry))
            {
                blocked.Add(entry);
            }
        }

        if (blocked.Count == 0)
        {
            return Verdict.Pass($"every principal that uses {context.LogicalId} can use {key.LogicalId}");
        }

        var listed = string.Join("; ", blocked.Take(3)) + (blocked.Count > 3 ? $"; and {blocked.Count - 3} more" : "");
        return Verdict.Fail(
            $"{context.LogicalId} is encrypted with {KeyLine(key)}, which neither its key policy nor IAM lets these principals use: {listed}",
            written.Key);
    }

    /// <summary>How a failing verdict names the key.</summary>
    private static string KeyLine(ResourceDefinition key) => $"{key.LogicalId} (line {key.Key.Span.Start.Line})";

    /// <summary>The written property that names the resource's key (the first S3 encryption rule with one).</summary>
    private static MappingEntry? KeyProperty(ResourceDefinition resource)
    {
        var properties = resource.Properties;
        return resource.Type switch
        {
            "AWS::DynamoDB::Table" => (properties?["SSESpecification"] as MappingNode)?.Find("KMSMasterKeyId"),
            "AWS::SQS::Queue" or "AWS::SNS::Topic" => properties?.Find("KmsMasterKeyId"),
            "AWS::Logs::LogGroup" or "AWS::SecretsManager::Secret" => properties?.Find("KmsKeyId"),
            "AWS::Kinesis::Stream" => (properties?["StreamEncryption"] as MappingNode)?.Find("KeyId"),
            "AWS::S3::Bucket" => BucketKeyProperty(((properties?["BucketEncryption"] as MappingNode)?["ServerSideEncryptionConfiguration"] as SequenceNode)?.Items ?? []),
            _ => null,
        };
    }

    /// <summary>The first encryption rule of a bucket that names a key: a loop, as every bucket of the template is asked.</summary>
    private static MappingEntry? BucketKeyProperty(IReadOnlyList<TemplateNode> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is MappingNode rule && (rule["ServerSideEncryptionByDefault"] as MappingNode)?.Find("KMSMasterKeyID") is { } entry)
            {
                return entry;
            }
        }

        return null;
    }
}
