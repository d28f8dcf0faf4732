using Ironclad.Core.Editing;
using Ironclad.Core.Rules.Deployability;
using Ironclad.Core.Rules.Sns;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Topics (rule IC6101): unencrypted topics get <c>SNSKMSKey</c>. Its policy lets every
/// principal of the account use it through SNS in this region (so each function or role that publishes keeps
/// publishing, with no IAM change), and lets each AWS service that publishes to one of the topics as itself (S3 event
/// notifications, EventBridge rules, CloudWatch alarms, the service principals of a topic policy) use it for this
/// account only (<c>aws:SourceAccount</c>): a topic under a key its publishers cannot use drops their messages
/// silently; a topic under this key that gains a publisher later (IC8002) gets its statement on the next run.
/// <c>aws:SourceArn</c> is not used: the publisher's ARN would make the key depend on the bucket, rule or
/// alarm that depends on the topic, a circular dependency.
/// </summary>
internal static class TopicEncryptionFix
{
    public const string TopicKey = "SNSKMSKey";

    public static void Apply(PlanContext context)
    {
        var publishers = context.Facts.Derived(TopicPublishers.Build);
        foreach (var finding in context.Failures(SnsTopicEncrypted.Info.Id))
        {
            var topic = context.Resource(finding.Resource);
            var reference = context.RefOf(finding);
            context.Fix(finding, () =>
            {
                var key = AdmitPublishers(context, publishers, topic, reference);
                context.SetProperty(topic, ["KmsMasterKeyId"], Ref(key.Id), $"!Ref {key.Id}", reference);
            });
        }

        // A topic an earlier run put under the key, which has gained a publishing service since: the key learns about it.
        var ours = context.FindResource(context.LogicalId(TopicKey, "AWS::KMS::Key"));
        foreach (var finding in context.Failures(KmsKeyUsable.Info.Id).Where(f => f.ResourceType == "AWS::SNS::Topic"))
        {
            var topic = context.Resource(finding.Resource);
            if (ours is null || !Refs.Mentions(topic.Properties?["KmsMasterKeyId"], ours.LogicalId))
            {
                continue;
            }

            var reference = context.RefOf(finding);
            context.Fix(finding, () => AdmitPublishers(context, publishers, topic, reference));
        }
    }

    /// <summary>The topics' key, with a statement for each service that publishes to <paramref name="topic"/>.</summary>
    private static PlannedResource AdmitPublishers(PlanContext context, TopicPublishers publishers, ResourceDefinition topic, FindingRef reference)
    {
        var key = Key(context, reference);
        foreach (var service in publishers.Of(topic.LogicalId).Select(p => p.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Infrastructure.KeyStatement(context, key, ServiceStatement(service), reference);
        }

        return key;
    }

    private static PlannedResource Key(PlanContext context, params FindingRef[] fixes)
    {
        var key = Infrastructure.Key(context, TopicKey, "sns", "Encrypts the SNS topics", fixes);
        Infrastructure.KeyStatement(context, key, Map(
            ("Sid", Str("AllowUseThroughSNSForThisAccount")),
            ("Effect", Str("Allow")),
            ("Principal", Map(("AWS", Str("*")))),
            ("Action", List(Str("kms:Decrypt"), Str("kms:GenerateDataKey*"))),
            ("Resource", Str("*")),
            ("Condition", Map(("StringEquals", Map(
                ("kms:CallerAccount", Ref("AWS::AccountId")),
                ("kms:ViaService", Sub("sns.${AWS::Region}.amazonaws.com"))))))), fixes);
        return key;
    }

    /// <summary>The key statement for a service that publishes as itself: <c>AllowS3ToPublish</c> for <c>s3.amazonaws.com</c>.</summary>
    private static NewMapping ServiceStatement(string service)
    {
        var name = string.Concat(service.Split('.')[0].Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return Map(
            ("Sid", Str($"Allow{name}ToPublish")),
            ("Effect", Str("Allow")),
            ("Principal", Map(("Service", Str(service)))),
            ("Action", List(Str("kms:Decrypt"), Str("kms:GenerateDataKey*"))),
            ("Resource", Str("*")),
            ("Condition", Map(("StringEquals", Map(("aws:SourceAccount", Ref("AWS::AccountId")))))));
    }
}
