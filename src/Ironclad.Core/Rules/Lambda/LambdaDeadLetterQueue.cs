using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// docs/design/rules.md, Lambda. Pass: an on-failure destination (SAM EventInvokeConfig, or an AWS::Lambda::EventInvokeConfig
// naming the function), else a dead-letter queue: Lambda DeadLetterConfig.TargetArn; SAM DeadLetterQueue with
// Type SQS or SNS and a TargetArn. Fail: neither, or an incomplete one. Unknown: a target or type known only at deployment.
public sealed class LambdaDeadLetterQueue : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1002",
        Name = nameof(LambdaDeadLetterQueue),
        Title = "Lambda functions send failed asynchronous events to a dead-letter queue",
        Severity = Severity.Medium,
        ResourceTypes = LambdaTypes.All,
        CheckovIds = ["CKV_AWS_116"],
        ConfigIdentifier = "LAMBDA_DLQ_CHECK",
        ConfigRuleName = "lambda-dlq-check",
        Rationale = "Lambda retries a failed asynchronous invocation twice and then drops the event; without a dead-letter queue or an on-failure destination the event, and the evidence of the failure, is lost.",
        Remediation = "SAM: set DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt LambdaDeadLetterQueue.Arn} (in Globals.Function for every function). Lambda: set DeadLetterConfig.TargetArn. An EventInvokeConfig with DestinationConfig.OnFailure also satisfies the rule.",
        PassCondition = "`AWS::Lambda::Function`: `DeadLetterConfig.TargetArn` is set. `AWS::Serverless::Function`: `DeadLetterQueue` has `Type` `SQS` or `SNS` and a `TargetArn`. Either passes instead when failed events go to an on-failure destination: SAM `EventInvokeConfig.DestinationConfig.OnFailure`, or an `AWS::Lambda::EventInvokeConfig` for the function with `DestinationConfig.OnFailure.Destination`.",
        Deviations = "On-failure destinations count as a dead-letter target. A SAM function is judged by `DeadLetterQueue` and needs its `Type` too. A parent wrapped in `!If` is evaluated per branch instead of failing.",
        CountLabel = "Lambda function without a dead-letter queue",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        if (context.Facts.HasOnFailureDestination(context.LogicalId))
        {
            return Verdict.Pass("an AWS::Lambda::EventInvokeConfig sends failed events to an on-failure destination");
        }

        if (context.IsServerless && SamOnFailure(context) is { } onFailure)
        {
            return onFailure;
        }

        return context.IsServerless ? SamQueue(context) : LambdaQueue(context);
    }

    private static Verdict? SamOnFailure(ResourceContext context)
    {
        var onFailure = context.Get("EventInvokeConfig", "DestinationConfig", "OnFailure");
        if (onFailure is not MapValue map)
        {
            return null;
        }

        var destination = ValueChecks.PresenceOf(map["Destination"]);
        if (destination == Presence.Present)
        {
            return Verdict.Pass("EventInvokeConfig sends failed events to an on-failure destination");
        }

        // SAM creates the queue or topic itself when OnFailure names only an SQS or SNS type.
        if (destination == Presence.Absent && map["Type"] is ScalarValue { Text: "SQS" or "SNS" } type)
        {
            return Verdict.Pass($"EventInvokeConfig sends failed events to an on-failure {type.Text} destination that SAM creates");
        }

        return null;
    }

    private static Verdict SamQueue(ResourceContext context)
    {
        if (context.Get("DeadLetterConfig") is not null && context.Get("DeadLetterQueue") is null)
        {
            return Verdict.Fail(
                "DeadLetterConfig is the AWS::Lambda::Function property; a SAM function takes DeadLetterQueue with Type and TargetArn",
                ValueChecks.Locate(context.Properties, "DeadLetterConfig"));
        }

        var queue = context.Get("DeadLetterQueue");
        switch (queue)
        {
            case null:
                return Verdict.Fail("DeadLetterQueue is not set and no on-failure destination is configured");
            case UnknownValue:
                return Verdict.Unknown($"DeadLetterQueue is {ValueChecks.Describe(queue)}", queue.Origin);
            case not MapValue:
                return Verdict.Fail($"DeadLetterQueue is {ValueChecks.Describe(queue)}, not a mapping with Type and TargetArn", queue.Origin);
        }

        var type = context.Get("DeadLetterQueue", "Type");
        var typeVerdict = type switch
        {
            null => Verdict.Fail("DeadLetterQueue has no Type (SQS or SNS)", ValueChecks.Locate(context.Properties, "DeadLetterQueue", "Type")),
            UnknownValue => Verdict.Unknown($"DeadLetterQueue.Type is {ValueChecks.Describe(type)}", type.Origin),
            ScalarValue { Text: "SQS" or "SNS" } s => Verdict.Pass($"DeadLetterQueue sends failed events to {s.Text}"),
            _ => Verdict.Fail($"DeadLetterQueue.Type is {ValueChecks.Describe(type)}; it must be SQS or SNS", type.Origin),
        };
        return ValueChecks.Worst(typeVerdict, Target(context, "DeadLetterQueue"));
    }

    private static Verdict LambdaQueue(ResourceContext context)
    {
        var config = context.Get("DeadLetterConfig");
        return config switch
        {
            null => Verdict.Fail("DeadLetterConfig is not set and no on-failure destination is configured"),
            UnknownValue => Verdict.Unknown($"DeadLetterConfig is {ValueChecks.Describe(config)}", config.Origin),
            not MapValue => Verdict.Fail($"DeadLetterConfig is {ValueChecks.Describe(config)}, not a mapping with a TargetArn", config.Origin),
            _ => Target(context, "DeadLetterConfig"),
        };
    }

    private static Verdict Target(ResourceContext context, string parent)
    {
        var target = context.Get(parent, "TargetArn");
        return ValueChecks.PresenceOf(target) switch
        {
            Presence.Present => Verdict.Pass($"{parent}.TargetArn is set"),
            Presence.Unknown => Verdict.Unknown($"{parent}.TargetArn is {ValueChecks.Describe(target)}", target?.Origin),
            Presence.Empty => Verdict.Fail($"{parent}.TargetArn is {ValueChecks.Describe(target)}", target?.Origin),
            _ => Verdict.Fail($"{parent} has no TargetArn", ValueChecks.Locate(context.Properties, parent, "TargetArn")),
        };
    }
}
