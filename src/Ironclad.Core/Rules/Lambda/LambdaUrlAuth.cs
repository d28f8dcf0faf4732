using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// CKV_AWS_258. Pass: the function URL's AuthType is AWS_IAM. Fail: NONE (anyone on the internet can invoke it).
// Unknown: a type known only at deployment. Not applicable: a SAM function without FunctionUrlConfig.
public sealed class LambdaUrlAuth : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1008",
        Name = nameof(LambdaUrlAuth),
        Title = "Lambda function URLs require IAM authentication",
        Severity = Severity.High,
        ResourceTypes = ["AWS::Lambda::Url", LambdaTypes.Serverless],
        CheckovIds = ["CKV_AWS_258"],
        Rationale = "A function URL with AuthType NONE is a public HTTPS endpoint: anyone who finds it can invoke the function, and pay-per-invocation turns abuse into a bill.",
        Remediation = "Set AuthType: AWS_IAM and sign callers' requests with SigV4 (CloudFront origin access control can sign for a public site), or keep NONE only for an endpoint that is public by design and authenticates in code, with a suppression that says so.",
        ManualFix = "set AuthType to AWS_IAM, or suppress the finding with the reason if the URL is public by design",
        PassCondition = "`AWS::Lambda::Url` `AuthType`, or SAM `FunctionUrlConfig.AuthType` (after Globals), is `AWS_IAM`. A SAM function without `FunctionUrlConfig` is not applicable.",
        Deviations = "SAM `FunctionUrlConfig` is covered too; Checkov checks only `AWS::Lambda::Url`.",
        CountLabel = "Lambda function URL open to anyone",
        Noun = "function URLs",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        string[] path = context.IsServerless ? ["FunctionUrlConfig", "AuthType"] : ["AuthType"];
        if (context.IsServerless && context.Get("FunctionUrlConfig") is null)
        {
            return Verdict.NotApplicable("the function has no URL");
        }

        var type = ValuePath.Get(context.Properties, path);
        var name = string.Join('.', path);
        return type switch
        {
            ScalarValue { Text: "AWS_IAM" } => Verdict.Pass($"{name} is AWS_IAM"),
            ScalarValue { Text: "NONE" } => Verdict.Fail($"{name} is NONE: anyone can invoke the function through its URL", type.Origin),
            UnknownValue => Verdict.Unknown($"{name} is {ValueChecks.Describe(type)}", type.Origin),
            _ => Verdict.Fail($"{name} is {ValueChecks.Describe(type)}; it must be AWS_IAM", ValueChecks.Locate(context.Properties, path)),
        };
    }
}
