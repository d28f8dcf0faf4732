using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. A function on a capacity provider (Lambda Managed Instances) takes its network
// from the provider; SAM and Lambda reject CapacityProviderConfig beside VpcConfig, whether VpcConfig is the
// function's own or comes from Globals.Function.
public sealed class CapacityProviderWithoutVpc : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8007",
        Name = nameof(CapacityProviderWithoutVpc),
        Title = "A function on a capacity provider has no VpcConfig of its own",
        Severity = Severity.High,
        ResourceTypes = LambdaTypes.All,
        Family = RuleFamily.Deployability,
        Rationale = "Lambda Managed Instances run a function on its capacity provider's instances, in the provider's VPC. SAM rejects a function with both `CapacityProviderConfig` and `VpcConfig` (\"Cannot specify 'CapacityProviderConfig' and 'VpcConfig' together\"), and so does Lambda.",
        Remediation = "Remove `VpcConfig` from the function (or from `Globals.Function`, setting `VpcConfig: !Ref AWS::NoValue` on this function) and give the capacity provider the subnets and security groups instead.",
        PassCondition = "The function has `CapacityProviderConfig` or `VpcConfig`, not both (after SAM Globals are merged).",
        Deviations = "No peer tool has this check.",
        CountLabel = "function with both a capacity provider and a VpcConfig",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var provider = context.Get("CapacityProviderConfig");
        if (provider is null)
        {
            return Verdict.NotApplicable("the function runs on Lambda's own capacity");
        }

        var vpc = context.Get("VpcConfig");
        if (vpc is null)
        {
            return Verdict.Pass("the function takes its network from its capacity provider");
        }

        var where = context.Resource.Properties?.Find("VpcConfig") is null
            ? " (from Globals.Function)"
            : "";
        return Verdict.Fail(
            $"CapacityProviderConfig (line {(context.Properties?.KeyNode("CapacityProviderConfig") ?? provider.Origin).Span.Start.Line}) and VpcConfig{where} are set together: the deploy is rejected; the capacity provider's VpcConfig gives the function its network",
            context.Properties?.KeyNode("VpcConfig") ?? vpc.Origin);
    }
}
