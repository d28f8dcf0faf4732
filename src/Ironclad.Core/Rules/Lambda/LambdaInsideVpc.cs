using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// See docs/design/rules.md, "Lambda (IC1001–IC1005)". Pass: VpcConfig has at least one subnet and one security group.
// Fail: no VpcConfig, or either list missing or empty. Unknown: a list known only at deployment.
// A function on Lambda Managed Instances (CapacityProviderConfig) cannot have VpcConfig: its network
// is the capacity provider's, so the rule looks at the provider's VpcConfig instead.
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
        Rationale = "A function outside a VPC reaches the internet and AWS services directly; inside private subnets its traffic goes through security groups, VPC endpoints and NAT that the account controls and can log.",
        Remediation = "Set VpcConfig with SubnetIds (private subnets) and SecurityGroupIds on each function. Do not put VpcConfig in SAM Globals: SAM concatenates the lists of a function's own VpcConfig with the global one.",
        PassCondition = "`VpcConfig` has a non-empty `SubnetIds` and a non-empty `SecurityGroupIds`; for a function on Lambda Managed Instances (`CapacityProviderConfig`), the capacity provider's `VpcConfig` does.",
        Deviations = "`VpcConfig: {}` and empty lists fail; Checkov accepts any `VpcConfig` value. A function with `CapacityProviderConfig` is judged by its capacity provider's `VpcConfig` (it cannot have its own).",
        CountLabel = "Lambda function not configured inside a VPC",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    /// <summary>The capacity provider's ARN in a function's <c>CapacityProviderConfig</c> (SAM's <c>Arn</c>, or Lambda's nested form).</summary>
    public static Value? CapacityProviderArn(MapValue? properties) =>
        ValuePath.Get(properties, "CapacityProviderConfig") is null ? null
        : ValuePath.Get(properties, "CapacityProviderConfig", "Arn")
            ?? ValuePath.Get(properties, "CapacityProviderConfig", "LambdaManagedInstancesCapacityProviderConfig", "CapacityProviderArn")
            ?? ValuePath.Get(properties, "CapacityProviderConfig");

    public override Verdict Evaluate(ResourceContext context)
    {
        if (CapacityProviderArn(context.Properties) is { } provider)
        {
            return CapacityProvider(context, provider);
        }

        var config = context.Get("VpcConfig");
        return config switch
        {
            null => Verdict.Fail("VpcConfig is not set: the function runs outside any VPC"),
            UnknownValue => Verdict.Unknown($"VpcConfig is {ValueChecks.Describe(config)}", config.Origin),
            not MapValue => Verdict.Fail($"VpcConfig is {ValueChecks.Describe(config)}, not a mapping with SubnetIds and SecurityGroupIds", config.Origin),
            _ => ValueChecks.Worst(List(context.Properties, "", "SubnetIds"), List(context.Properties, "", "SecurityGroupIds")),
        };
    }

    /// <summary>
    /// A function on Lambda Managed Instances runs in its capacity provider's VPC. One of the template
    /// must have a complete VpcConfig; one from outside the template always has one (the Lambda API
    /// requires it), so it passes.
    /// </summary>
    private static Verdict CapacityProvider(ResourceContext context, Value arn)
    {
        if (arn is not UnknownValue { ReferencedResource: { } id }
            || context.Facts.Template.FindResource(id) is not { Type: "AWS::Serverless::CapacityProvider" or "AWS::Lambda::CapacityProvider" } provider)
        {
            return Verdict.Pass($"the function runs on Lambda Managed Instances of the capacity provider {ValueChecks.Describe(arn)}, which always has a VpcConfig");
        }

        var properties = context.Facts.PropertiesOf(id);
        var config = ValuePath.Get(properties, "VpcConfig");
        var needs = $"the function runs on the capacity provider {id} (CapacityProviderConfig; it cannot have its own VpcConfig), so the capacity provider needs the VPC";
        var verdict = config switch
        {
            null => Verdict.Fail($"{needs}: {id} has no VpcConfig", arn.Origin),
            UnknownValue => Verdict.Unknown($"{id}.VpcConfig is {ValueChecks.Describe(config)}", config.Origin),
            not MapValue => Verdict.Fail($"{needs}: {id}.VpcConfig is {ValueChecks.Describe(config)}, not a mapping with SubnetIds and SecurityGroupIds", config.Origin),
            _ => ValueChecks.Worst(List(properties, id + ".", "SubnetIds"), List(properties, id + ".", "SecurityGroupIds")),
        };
        return verdict.Status == ResultStatus.Pass ? Verdict.Pass($"the function runs on the capacity provider {provider.LogicalId}, whose VpcConfig has subnets and security groups") : verdict;
    }

    /// <summary>One list of a VpcConfig; <paramref name="owner"/> prefixes the messages when the config is another resource's.</summary>
    private static Verdict List(MapValue? properties, string owner, string name)
    {
        var list = ValuePath.Get(properties, "VpcConfig", name);
        return list switch
        {
            null => Verdict.Fail($"{owner}VpcConfig has no {name}", ValueChecks.Locate(properties, "VpcConfig", name)),
            UnknownValue => Verdict.Unknown($"{owner}VpcConfig.{name} is {ValueChecks.Describe(list)}", list.Origin),
            ListValue l when l.Items.Any(i => ValueChecks.PresenceOf(i) == Presence.Present) => Verdict.Pass($"{owner}VpcConfig.{name} has {l.Items.Count} item(s)"),
            ListValue l when l.Items.Any(i => ValueChecks.PresenceOf(i) == Presence.Unknown) => Verdict.Unknown($"{owner}VpcConfig.{name} holds values unknown before deployment", list.Origin),
            ListValue => Verdict.Fail($"{owner}VpcConfig.{name} is empty", list.Origin),
            _ => Verdict.Fail($"{owner}VpcConfig.{name} is {ValueChecks.Describe(list)}, not a list", list.Origin),
        };
    }
}
