using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Kms;
using Ironclad.Core.Rules.Logs;
using Ironclad.Core.Rules.Sqs;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// The companions on resources of the input (docs/design/hardening.md, Queues, keys and log groups of the input): queues get SSE-SQS (a customer-managed
/// key would lock out producers such as SNS or EventBridge that the key policy does not name), keys
/// get rotation, log groups a retention and the Lambda key (whose policy then lets CloudWatch Logs in
/// this region use it).
/// </summary>
internal static class CompanionFix
{
    public static void Apply(PlanContext context)
    {
        foreach (var finding in context.Failures(SqsQueueEncrypted.Info.Id))
        {
            var queue = context.Resource(finding.Resource);
            context.Fix(finding, () =>
            {
                if (queue.Properties?.Find("KmsMasterKeyId") is not null)
                {
                    throw new UnfixableException("KmsMasterKeyId is written but empty or set only in some cases: give it a key in every case, or remove it and set SqsManagedSseEnabled: true");
                }

                context.SetProperty(queue, ["SqsManagedSseEnabled"], Bool(true), "SSE-SQS on", context.RefOf(finding));
            });
        }

        foreach (var finding in context.Failures(KmsKeyRotation.Info.Id))
        {
            context.Fix(finding, () => context.SetProperty(context.Resource(finding.Resource), ["EnableKeyRotation"], Bool(true), "key rotation on", context.RefOf(finding)));
        }

        // Retention added to a log group that keeps everything deletes the older events on the next
        // deploy, irreversibly: only on explicit request (see docs/design/hardening.md, deploy-time risks).
        foreach (var finding in context.Failures(LogGroupRetention.Info.Id))
        {
            var group = context.Resource(finding.Resource);
            if (context.Options.LogRetentionExisting is { } days)
            {
                context.Fix(finding, () => context.SetProperty(group, ["RetentionInDays"], Num(days), $"{days} days (--log-retention-existing)", context.RefOf(finding)));
                context.Warn(WarningKind.DeployTime, $"{group.LogicalId}: RetentionInDays {days} deletes its events older than {days} days on the next deploy, irreversibly; export them first if they matter.");
                continue;
            }

            context.Decline(
                group,
                context.RefOf(finding),
                "the log group exists and keeps its events forever; adding a retention would delete the older events on the next deploy, irreversibly",
                $"Export the events you need, then set RetentionInDays (for example {LogGroups.RetentionDays}), or run fix with --log-retention-existing {LogGroups.RetentionDays}.");
        }

        var encrypt = context.Failures(LogGroupEncrypted.Info.Id).ToList();
        if (encrypt.Count > 0)
        {
            var refs = encrypt.Select(context.RefOf).ToArray();
            var key = Infrastructure.LambdaKmsKey(context, refs);
            LogGroups.AllowCloudWatchLogs(context, key, refs);
            foreach (var finding in encrypt)
            {
                context.Fix(finding, () => context.SetProperty(context.Resource(finding.Resource), ["KmsKeyId"], GetAtt(key.Id, "Arn"), $"!GetAtt {key.Id}.Arn", context.RefOf(finding)));
            }
        }
    }
}
