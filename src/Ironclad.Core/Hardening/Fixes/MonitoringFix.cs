using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Monitoring: an alarm on messages in the dead-letter queue (the metric is
/// <c>ApproximateNumberOfMessagesVisible</c>; the guide's name does not exist), Lambda throttles and
/// errors (the concurrency limit makes throttling the first thing to watch), and an encrypted SNS
/// topic as their action, whose key lets CloudWatch publish.
/// </summary>
internal static class MonitoringFix
{
    public static void Apply(PlanContext context, LambdaFixResult lambda)
    {
        if (context.Options.Alarms == AlarmMode.None)
        {
            return;
        }

        var queueId = context.LogicalId(Infrastructure.DeadLetterQueue, "AWS::SQS::Queue");
        var queue = lambda.WithDeadLetterQueue.Count > 0 ? context.FindPlanned(queueId) : null;
        var limited = lambda.Limited.Count > 0;
        if (queue is null && !limited)
        {
            return;
        }

        var fixes = context.Failures(LambdaConcurrencyLimit.Info.Id).Concat(context.Failures(LambdaDeadLetterQueue.Info.Id)).Select(context.RefOf).ToArray();
        var key = Infrastructure.LambdaKmsKey(context, fixes);
        Infrastructure.KeyStatement(context, key, Map(
            ("Sid", Str("AllowCloudWatchAlarmsToPublish")),
            ("Effect", Str("Allow")),
            ("Principal", Map(("Service", Str("cloudwatch.amazonaws.com")))),
            ("Action", List(Str("kms:Decrypt"), Str("kms:GenerateDataKey*"))),
            ("Resource", Str("*")),
            ("Condition", Map(("StringEquals", Map(("aws:SourceAccount", Ref("AWS::AccountId"))))))), fixes);
        var topic = context.Resource("AlarmTopic", "AWS::SNS::Topic", ResourceGroup.Monitoring, fixes);
        if (topic.IsNew && topic.Properties.Count == 0)
        {
            topic.Properties.Set("KmsMasterKeyId", Ref(key.Id)).Set("Tags", Infrastructure.NameTag(context, "alarms", fixes));
        }

        var email = context.Parameter(fixes, "AlarmEmail", "String", "", "Address that receives the alarms; empty: no subscription");
        var hasEmail = context.Condition(fixes, "HasAlarmEmail", Not(Build.Equals(Ref(email), Str(""))));
        var subscription = context.Resource("AlarmTopicEmailSubscription", "AWS::SNS::Subscription", ResourceGroup.Monitoring, fixes);
        if (subscription.IsNew && subscription.Properties.Count == 0)
        {
            subscription.Condition = hasEmail;
            subscription.Properties.Set("TopicArn", Ref(topic.Id)).Set("Protocol", Str("email")).Set("Endpoint", Ref(email));
        }

        if (queue is not null)
        {
            Alarm(context, "LambdaDLQAlarm", topic.Id, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", "Failed asynchronous invocations are waiting in the Lambda dead-letter queue",
                Map(("Name", Str("QueueName")), ("Value", GetAtt(queue.Id, "QueueName"))), fixes, queue.Condition);
        }

        // The template's own dead-letter queues hold failures too: each gets the same alarm.
        foreach (var existing in ExistingDeadLetterQueues(context).Where(q => q != queueId))
        {
            var dlq = context.Resource(existing);
            Alarm(context, existing + "Alarm", topic.Id, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", $"Failed messages are waiting in the dead-letter queue {existing}",
                Map(("Name", Str("QueueName")), ("Value", GetAtt(existing, "QueueName"))), fixes, dlq.Condition);
        }

        if (!limited)
        {
            return;
        }

        if (context.Options.Alarms == AlarmMode.Region)
        {
            // Region-wide alarms serve the limited functions: under their conditions when all are conditional.
            var condition = context.ConditionServing("HasLimitedFunctions", lambda.Limited.Order(StringComparer.Ordinal).Select(f => context.FindResource(f)?.Condition), fixes);
            Alarm(context, "LambdaThrottlesAlarm", topic.Id, "AWS/Lambda", "Throttles", "Sum", "Lambda invocations in this region are throttled (reserved concurrency reached)", null, fixes, condition);
            Alarm(context, "LambdaErrorsAlarm", topic.Id, "AWS/Lambda", "Errors", "Sum", "Lambda invocations in this region fail", null, fixes, condition);
            return;
        }

        foreach (var function in context.Template.Resources.Where(r => r.Type is "AWS::Lambda::Function" or "AWS::Serverless::Function"))
        {
            var dimension = Map(("Name", Str("FunctionName")), ("Value", Ref(function.LogicalId)));
            Alarm(context, function.LogicalId + "ThrottlesAlarm", topic.Id, "AWS/Lambda", "Throttles", "Sum", $"{function.LogicalId} is throttled (its reserved concurrency is reached)", dimension, fixes, function.Condition);
            Alarm(context, function.LogicalId + "ErrorsAlarm", topic.Id, "AWS/Lambda", "Errors", "Sum", $"{function.LogicalId} invocations fail", dimension.Clone(), fixes, function.Condition);
        }
    }

    /// <summary>Queues of the template that receive failures: function dead-letter targets and SQS redrive targets.</summary>
    private static SortedSet<string> ExistingDeadLetterQueues(PlanContext context)
    {
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in context.Template.Resources)
        {
            var properties = context.PropertiesOf(resource);
            var target = resource.Type switch
            {
                "AWS::Serverless::Function" => ValuePath.Get(properties, "DeadLetterQueue", "TargetArn"),
                "AWS::Lambda::Function" => ValuePath.Get(properties, "DeadLetterConfig", "TargetArn"),
                "AWS::SQS::Queue" => ValuePath.Get(properties, "RedrivePolicy", "deadLetterTargetArn"),
                _ => null,
            };
            if (target is UnknownValue { ReferencedResource: { } queue } && context.FindResource(queue)?.Type == "AWS::SQS::Queue")
            {
                queues.Add(queue);
            }
        }

        return queues;
    }

    private static void Alarm(PlanContext context, string id, string topic, string ns, string metric, string statistic, string description, NewNode? dimension, FindingRef[] fixes, string? condition = null)
    {
        var alarm = context.Resource(id, "AWS::CloudWatch::Alarm", ResourceGroup.Monitoring, fixes);
        if (!alarm.IsNew || alarm.Properties.Count > 0)
        {
            return;
        }

        alarm.Condition = condition;
        alarm.Properties
            .Set("AlarmDescription", Str(description))
            .Set("Namespace", Str(ns))
            .Set("MetricName", Str(metric));
        if (dimension is not null)
        {
            alarm.Properties.Set("Dimensions", List(dimension));
        }

        alarm.Properties
            .Set("Statistic", Str(statistic))
            .Set("Period", Num(300))
            .Set("EvaluationPeriods", Num(1))
            .Set("Threshold", Num(1))
            .Set("ComparisonOperator", Str("GreaterThanOrEqualToThreshold"))
            .Set("TreatMissingData", Str("notBreaching"))
            .Set("AlarmActions", List(Ref(topic)));
        alarm.Facts["Metric"] = $"{ns} {metric}";
    }
}
