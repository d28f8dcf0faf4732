using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// RULES.md section 3 companions on resources of the input: queues get SSE-SQS (a customer-managed
/// key would lock out producers such as SNS or EventBridge that the key policy does not name), keys
/// get rotation, log groups a retention and the Lambda key (whose policy then lets CloudWatch Logs in
/// this region use it).
/// </summary>
internal static class CompanionFix
{
    /// <summary>A year: long enough for most audits, short enough that logs do not grow without bound.</summary>
    private const int LogRetentionDays = 365;

    public static void Apply(PlanContext context)
    {
        foreach (var finding in context.Failures("IC4001"))
        {
            var queue = context.Resource(finding.Resource);
            context.Fix(finding, () =>
            {
                if (queue.Properties?.Find("KmsMasterKeyId") is not null)
                {
                    throw new UnfixableException("KmsMasterKeyId is written but empty or set only in some cases: give it a key in every case, or remove it and set SqsManagedSseEnabled: true");
                }

                context.SetProperty(queue, ["SqsManagedSseEnabled"], Bool(true), "SSE-SQS on", PlanContext.Ref(finding));
            });
        }

        foreach (var finding in context.Failures("IC4002"))
        {
            context.Fix(finding, () => context.SetProperty(context.Resource(finding.Resource), ["EnableKeyRotation"], Bool(true), "key rotation on", PlanContext.Ref(finding)));
        }

        foreach (var finding in context.Failures("IC4003"))
        {
            context.Fix(finding, () => context.SetProperty(context.Resource(finding.Resource), ["RetentionInDays"], Num(LogRetentionDays), $"{LogRetentionDays} days", PlanContext.Ref(finding)));
        }

        var encrypt = context.Failures("IC4004").ToList();
        if (encrypt.Count > 0)
        {
            var refs = encrypt.Select(PlanContext.Ref).ToArray();
            var key = Infrastructure.LambdaKmsKey(context, refs);
            Infrastructure.KeyStatement(context, key, Map(
                ("Sid", Str("AllowCloudWatchLogs")),
                ("Effect", Str("Allow")),
                ("Principal", Map(("Service", Sub("logs.${AWS::Region}.amazonaws.com")))),
                ("Action", List(Str("kms:Encrypt*"), Str("kms:Decrypt*"), Str("kms:ReEncrypt*"), Str("kms:GenerateDataKey*"), Str("kms:Describe*"))),
                ("Resource", Str("*")),
                ("Condition", Map(("ArnLike", Map(("kms:EncryptionContext:aws:logs:arn", Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"))))))), refs);
            foreach (var finding in encrypt)
            {
                context.Fix(finding, () => context.SetProperty(context.Resource(finding.Resource), ["KmsKeyId"], GetAtt(key.Id, "Arn"), $"!GetAtt {key.Id}.Arn", PlanContext.Ref(finding)));
            }

        }
    }
}
