using System.Globalization;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.DynamoDb;
using Ironclad.Core.Rules.Kms;
using Ironclad.Core.Rules.Sqs;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Verification;

public sealed partial class StackVerifier
{
    /// <summary>Fourteen days, the SQS maximum, as the guide sets on the dead-letter queue.</summary>
    public const int DeadLetterRetentionSeconds = 1_209_600;

    /// <summary>The SQS metric of messages waiting; the guide's alarm misspells it.</summary>
    public const string VisibleMessagesMetric = "ApproximateNumberOfMessagesVisible";

    /// <summary>The metric name the guide's alarm uses; SQS publishes no such metric.</summary>
    public const string MisspelledMetric = "ApproximateNumberOfVisibleMessages";

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> TableChecks(LiveState live, StackResource resource)
    {
        var table = resource.PhysicalId!;
        return
        [
            (DynamoDbTableCmk.Info, () => TableKey(live, table)),
            (DynamoDbPointInTimeRecovery.Info, () => PointInTimeRecovery(live, table)),
            (DynamoDbDeletionProtection.Info, () => DeletionProtection(live, table)),
        ];
    }

    private static async Task<LiveVerdict?> TableKey(LiveState live, string table)
    {
        var sse = await live.Aws.DynamoDb.DescribeTableEncryptionAsync(table, live.CancellationToken).ConfigureAwait(false);
        if (sse is null || !string.Equals(sse.Status, "ENABLED", StringComparison.OrdinalIgnoreCase))
        {
            return LiveVerdict.Fail(sse is null
                ? "encrypted with an AWS-owned key (no SSEDescription)"
                : $"SSEDescription.Status is {sse.Status}");
        }

        if (!string.Equals(sse.SseType, "KMS", StringComparison.OrdinalIgnoreCase) || sse.KmsKeyArn is not { Length: > 0 } key)
        {
            return LiveVerdict.Fail($"SSEType is {sse.SseType ?? "absent"}, not KMS with a key");
        }

        var description = await live.Key(key).ConfigureAwait(false);
        return string.Equals(description.KeyManager, "CUSTOMER", StringComparison.OrdinalIgnoreCase)
            ? LiveVerdict.Pass($"encrypted with the customer-managed key {key}")
            : LiveVerdict.Fail($"encrypted with the AWS-managed key {key} (KeyManager {description.KeyManager})");
    }

    private static async Task<LiveVerdict?> PointInTimeRecovery(LiveState live, string table)
    {
        var status = await live.Aws.DynamoDb.DescribePointInTimeRecoveryAsync(table, live.CancellationToken).ConfigureAwait(false);
        return string.Equals(status, "ENABLED", StringComparison.OrdinalIgnoreCase)
            ? LiveVerdict.Pass("point-in-time recovery is ENABLED")
            : LiveVerdict.Fail($"point-in-time recovery is {status}");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> KeyChecks(LiveState live, StackResource resource)
    {
        var key = resource.PhysicalId!;
        return [(KmsKeyRotation.Info, () => Rotation(live, key))];
    }

    private static async Task<LiveVerdict?> Rotation(LiveState live, string key)
    {
        var description = await live.Key(key).ConfigureAwait(false);
        if (!string.Equals(description.KeySpec, "SYMMETRIC_DEFAULT", StringComparison.OrdinalIgnoreCase)
            || string.Equals(description.Origin, "EXTERNAL", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // KMS keeps the rotation flag of a disabled key or one pending deletion, but rotates nothing:
        // such a key is a finding whatever the flag says.
        if (!string.Equals(description.KeyState, "Enabled", StringComparison.OrdinalIgnoreCase))
        {
            return LiveVerdict.Fail($"the key is {description.KeyState}: a key that is not enabled is never rotated");
        }

        return await live.Aws.Kms.GetKeyRotationStatusAsync(key, live.CancellationToken).ConfigureAwait(false)
            ? LiveVerdict.Pass("automatic rotation is enabled")
            : LiveVerdict.Fail("automatic rotation is disabled");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> AliasChecks(LiveState live, StackResource resource)
    {
        var alias = resource.PhysicalId!;
        return [(VerifyDescriptors.KmsAliasResolves, () => AliasResolves(live, alias))];
    }

    private static async Task<LiveVerdict?> AliasResolves(LiveState live, string alias)
    {
        var description = await live.Key(alias).ConfigureAwait(false);
        return string.Equals(description.KeyState, "Enabled", StringComparison.OrdinalIgnoreCase)
            ? LiveVerdict.Pass($"{alias} → {description.KeyId} (Enabled)")
            : LiveVerdict.Fail($"{alias} → {description.KeyId}, which is {description.KeyState}");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> QueueChecks(LiveState live, StackContext context, StackResource resource, MappingNode? planned)
    {
        var url = resource.PhysicalId!;
        return
        [
            (SqsQueueEncrypted.Info, () => QueueEncrypted(live, url, planned)),
            (VerifyDescriptors.DeadLetterQueueRetention, () => DeadLetterRetention(live, context, url)),
            (VerifyDescriptors.DeadLetterQueueAlarm, () => DeadLetterAlarm(live, context, url)),
        ];
    }

    private static async Task<LiveVerdict?> QueueEncrypted(LiveState live, string url, MappingNode? planned)
    {
        var attributes = await live.Queue(url).ConfigureAwait(false);
        if (attributes.TryGetValue("KmsMasterKeyId", out var key) && key.Length > 0)
        {
            return LiveVerdict.Pass("encrypted with KMS key " + key);
        }

        var managed = attributes.TryGetValue("SqsManagedSseEnabled", out var flag) && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);

        // Either encryption passes the rule, but a customer-managed key swapped for SSE-SQS live is
        // still a change nobody made in the template: the key's policy no longer guards the messages.
        if (planned?["KmsMasterKeyId"] is { } plannedKey && !(plannedKey is ScalarNode scalar && scalar.IsNull))
        {
            return LiveVerdict.DriftFrom(managed ? "the queue has no KmsMasterKeyId: it is encrypted with SSE-SQS" : "the queue has no KmsMasterKeyId and no SSE-SQS: it is not encrypted");
        }

        return managed
            ? LiveVerdict.Pass("encrypted with SSE-SQS")
            : LiveVerdict.Fail("neither KmsMasterKeyId nor SqsManagedSseEnabled is set");
    }

    /// <summary>
    /// The queue's attributes when a function of the stack uses it as its dead-letter queue or
    /// on-failure destination, else null. Whether it is one is decided from the URL (its account and
    /// name), so a failing read never turns a check that does not apply into an unknown.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>?> DeadLetterQueue(LiveState live, StackContext context, string url)
    {
        var parts = url.TrimEnd('/').Split('/');
        if (parts.Length < 2 || !context.DeadLetterTargets.Any(arn => arn.EndsWith($":{parts[^2]}:{parts[^1]}", StringComparison.Ordinal)))
        {
            return null;
        }

        return await live.Queue(url).ConfigureAwait(false);
    }

    private static async Task<LiveVerdict?> DeadLetterRetention(LiveState live, StackContext context, string url)
    {
        if (await DeadLetterQueue(live, context, url).ConfigureAwait(false) is not { } attributes)
        {
            return null;
        }

        var seconds = attributes.TryGetValue("MessageRetentionPeriod", out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 345_600;
        var days = string.Create(CultureInfo.InvariantCulture, $"{seconds} s ({seconds / 86_400.0:0.#} days)");
        return seconds >= DeadLetterRetentionSeconds
            ? LiveVerdict.Pass("messages are kept " + days)
            : LiveVerdict.Fail($"messages are kept {days}, not {DeadLetterRetentionSeconds} s (14 days)");
    }

    private static async Task<LiveVerdict?> DeadLetterAlarm(LiveState live, StackContext context, string url)
    {
        if (await DeadLetterQueue(live, context, url).ConfigureAwait(false) is null)
        {
            return null;
        }

        var queue = url.TrimEnd('/')[(url.TrimEnd('/').LastIndexOf('/') + 1)..];
        var alarms = (await live.Alarms().ConfigureAwait(false))
            .Where(a => a.Namespace == "AWS/SQS" && a.Dimensions.TryGetValue("QueueName", out var q) && q == queue)
            .ToList();
        if (alarms.FirstOrDefault(a => a.MetricName == VisibleMessagesMetric) is { } alarm)
        {
            var threshold = alarm.Threshold?.ToString(CultureInfo.InvariantCulture) ?? "?";
            return alarm.ActionsEnabled
                ? LiveVerdict.Pass($"alarm {alarm.Name} on {VisibleMessagesMetric} {alarm.ComparisonOperator} {threshold}")
                : LiveVerdict.Fail($"alarm {alarm.Name} exists but its actions are disabled");
        }

        var message = $"no alarm on AWS/SQS {VisibleMessagesMetric} for {queue}";
        if (alarms.FirstOrDefault(a => a.MetricName == MisspelledMetric) is { } misspelled)
        {
            message += $"; alarm {misspelled.Name} watches {MisspelledMetric}, a metric that does not exist, so it never fires";
        }

        return LiveVerdict.Fail(message);
    }
}
