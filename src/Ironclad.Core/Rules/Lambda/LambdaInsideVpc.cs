using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// RULES.md rule 3. Pass: VpcConfig has at least one subnet and one security group.
// Fail: no VpcConfig, or either list missing or empty. Unknown: a list known only at deployment.
public sealed class LambdaInsideVpc : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1003",
        Name = nameof(LambdaInsideVpc),
        Title = "Lambda functions run inside a VPC",
        Severity = Severity.Medium,
        ResourceTypes = LambdaTypes.All,
        CheckovIds = ["CKV_AWS_117"],
        ConfigIdentifier = "LAMBDA_INSIDE_VPC",
        ConfigRuleName = "lambda-inside-vpc",
        CfnNagIds = ["W89"],
        SecurityHubIds = ["Lambda.3"],
        Rationale = "A function outside a VPC reaches the internet and AWS services directly; inside private subnets its traffic goes through security groups, VPC endpoints and NAT that the account controls and can log.",
        Remediation = "Set VpcConfig with SubnetIds (private subnets) and SecurityGroupIds on each function. Do not put VpcConfig in SAM Globals: SAM concatenates the lists of a function's own VpcConfig with the global one.",
        PassCondition = "`VpcConfig` has a non-empty `SubnetIds` and a non-empty `SecurityGroupIds`.",
        Deviations = "`VpcConfig: {}` and empty lists fail; Checkov accepts any `VpcConfig` value.",
        CountLabel = "Lambda function not configured inside a VPC",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var config = context.Get("VpcConfig");
        return config switch
        {
            null => Verdict.Fail("VpcConfig is not set: the function runs outside any VPC"),
            UnknownValue => Verdict.Unknown($"VpcConfig is {ValueChecks.Describe(config)}", config.Origin),
            not MapValue => Verdict.Fail($"VpcConfig is {ValueChecks.Describe(config)}, not a mapping with SubnetIds and SecurityGroupIds", config.Origin),
            _ => ValueChecks.Worst(List(context, "SubnetIds"), List(context, "SecurityGroupIds")),
        };
    }

    private static Verdict List(ResourceContext context, string name)
    {
        var list = context.Get("VpcConfig", name);
        return list switch
        {
            null => Verdict.Fail($"VpcConfig has no {name}", ValueChecks.Locate(context.Properties, "VpcConfig", name)),
            UnknownValue => Verdict.Unknown($"VpcConfig.{name} is {ValueChecks.Describe(list)}", list.Origin),
            ListValue l when l.Items.Any(i => ValueChecks.PresenceOf(i) == Presence.Present) => Verdict.Pass($"VpcConfig.{name} has {l.Items.Count} item(s)"),
            ListValue l when l.Items.Any(i => ValueChecks.PresenceOf(i) == Presence.Unknown) => Verdict.Unknown($"VpcConfig.{name} holds values unknown before deployment", list.Origin),
            ListValue => Verdict.Fail($"VpcConfig.{name} is empty", list.Origin),
            _ => Verdict.Fail($"VpcConfig.{name} is {ValueChecks.Describe(list)}, not a list", list.Origin),
        };
    }
}
