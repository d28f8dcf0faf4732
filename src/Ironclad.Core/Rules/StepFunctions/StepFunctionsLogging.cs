using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.StepFunctions;

// Security Hub StepFunctions.1. Pass: a logging level other than OFF and at least one destination (StepFunctions:
// LoggingConfiguration; SAM: Logging, after Globals). Fail: no logging, level OFF, or no destination.
// Unknown: values known only at deployment.
public sealed class StepFunctionsLogging : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC6301",
        Name = nameof(StepFunctionsLogging),
        Title = "Step Functions state machines log their executions",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"],
        SecurityHubIds = ["StepFunctions.1"],
        Rationale = "Execution history of standard workflows expires after 90 days and express workflows keep none; without logs to CloudWatch a failed or abused execution leaves no record.",
        Remediation = "Set LoggingConfiguration (SAM: Logging) with Level ERROR or ALL and a Destinations entry naming an encrypted log group with retention; the role needs the logs:*LogDelivery* permissions.",
        PassCondition = "`LoggingConfiguration` (SAM: `Logging`, after Globals) has a `Level` other than `OFF` and at least one `Destinations` entry.",
        Deviations = "Checkov has no CloudFormation check for this; it follows the Security Hub control.",
        CountLabel = "state machine without logging",
        Noun = "state machines",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var key = context.IsServerless ? "Logging" : "LoggingConfiguration";
        var logging = context.Get(key);
        switch (logging)
        {
            case null:
                return Verdict.Fail($"{key} is not set: executions are not logged");
            case UnknownValue:
                return Verdict.Unknown($"{key} is {ValueChecks.Describe(logging)}", logging.Origin);
        }

        var level = context.Get(key, "Level");
        var levelVerdict = level switch
        {
            ScalarValue { Text: "ALL" or "ERROR" or "FATAL" } s => Verdict.Pass($"{key}.Level is {s.Text}"),
            UnknownValue => Verdict.Unknown($"{key}.Level is {ValueChecks.Describe(level)}", level.Origin),
            _ => Verdict.Fail($"{key}.Level is {ValueChecks.Describe(level)}: executions are not logged", ValueChecks.Locate(context.Properties, key, "Level")),
        };
        var destinations = context.Get(key, "Destinations");
        var destinationVerdict = destinations switch
        {
            ListValue { Items.Count: > 0 } => Verdict.Pass($"{key}.Destinations is set"),
            UnknownValue => Verdict.Unknown($"{key}.Destinations is {ValueChecks.Describe(destinations)}", destinations.Origin),
            _ => Verdict.Fail($"{key}.Destinations is {ValueChecks.Describe(destinations)}: the logs have nowhere to go", ValueChecks.Locate(context.Properties, key, "Destinations")),
        };
        return ValueChecks.Worst(levelVerdict, destinationVerdict);
    }
}
