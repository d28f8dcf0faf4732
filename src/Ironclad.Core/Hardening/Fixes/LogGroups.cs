using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// The log groups the plan adds for services that log (API Gateway stages, state machines): encrypted with the
/// Lambda key, whose policy then lets CloudWatch Logs in this region use it (as for the input's log groups, IC4004),
/// and kept for a year (IC4003). Unnamed unless the service asks for a name: CloudFormation names them from the stack.
/// </summary>
internal static class LogGroups
{
    /// <summary>A year: long enough for most audits, short enough that logs do not grow without bound.</summary>
    public const int RetentionDays = 365;

    /// <summary>The key statement that lets CloudWatch Logs in this region encrypt this account's log groups with the key.</summary>
    public static void AllowCloudWatchLogs(PlanContext context, PlannedResource key, params FindingRef[] fixes) =>
        Infrastructure.KeyStatement(context, key, Map(
            ("Sid", Str("AllowCloudWatchLogs")),
            ("Effect", Str("Allow")),
            ("Principal", Map(("Service", Sub("logs.${AWS::Region}.amazonaws.com")))),
            ("Action", List(Str("kms:Encrypt*"), Str("kms:Decrypt*"), Str("kms:ReEncrypt*"), Str("kms:GenerateDataKey*"), Str("kms:Describe*"))),
            ("Resource", Str("*")),
            ("Condition", Map(("ArnLike", Map(("kms:EncryptionContext:aws:logs:arn", Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"))))))), fixes);

    /// <summary>
    /// An encrypted log group with retention, created once under <paramref name="id"/> (reused from an earlier run), under
    /// the condition of the resource it serves.
    /// </summary>
    public static PlannedResource Encrypted(PlanContext context, string id, string? condition, string purpose, FindingRef[] fixes, string? name = null)
    {
        var key = Infrastructure.LambdaKmsKey(context, fixes);
        AllowCloudWatchLogs(context, key, fixes);
        var group = context.Resource(id, "AWS::Logs::LogGroup", ResourceGroup.Monitoring, fixes);
        if (group.IsNew && group.Properties.Count == 0)
        {
            group.Condition = condition;
            if (name is not null)
            {
                group.Properties.Set("LogGroupName", Sub(name));
            }

            group.Properties
                .Set("RetentionInDays", Num(RetentionDays))
                .Set("KmsKeyId", GetAtt(key.Id, "Arn"));
            group.Facts["RetentionDays"] = RetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
            group.Facts["Key"] = key.Id;
            group.Facts["Purpose"] = purpose;
        }

        return group;
    }
}
