using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. A subnet has one route table: a second AWS::EC2::SubnetRouteTableAssociation
// for it fails at deploy ("already associated"). The subnet is identified by the resource or parameter it names, or
// by its literal ID.
public sealed class SubnetRouteTableUnique : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8004",
        Name = nameof(SubnetRouteTableUnique),
        Title = "A subnet has one route-table association",
        Severity = Severity.High,
        ResourceTypes = ["AWS::EC2::SubnetRouteTableAssociation"],
        Family = RuleFamily.Deployability,
        Rationale = "A subnet is associated with exactly one route table. A second `AWS::EC2::SubnetRouteTableAssociation` for the same subnet fails at deploy and rolls the stack back.",
        Remediation = "Keep one association per subnet: delete the duplicate, or point it at the subnet it was meant for.",
        PassCondition = "No other association that can exist at the same time names the same subnet (the same resource, parameter or literal ID).",
        Deviations = "No peer tool has this check.",
        CountLabel = "route-table association that shares its subnet with another",
        Noun = "route-table associations",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var subnets = context.Facts.Derived(AssociationIndex.Build).Subnet;
        if (!subnets.TryGetValue(context.LogicalId, out var subnet))
        {
            return Verdict.NotApplicable("the subnet is known only at deployment");
        }

        var others = subnets
            .Where(a => a.Key != context.LogicalId && a.Value == subnet)
            .Select(a => context.Facts.Template.FindResource(a.Key)!)
            .Where(other => other.Condition is null || context.Evaluator.Condition(other.Condition) != false)
            .ToList();
        if (others.Count == 0)
        {
            return Verdict.Pass($"the only route-table association of {subnet}");
        }

        var names = string.Join(", ", others.Select(o => $"{o.LogicalId} (line {o.Key.Span.Start.Line})"));
        return Verdict.Fail(
            $"{context.LogicalId} and {names} both associate subnet {subnet} with a route table: the second association fails at deploy",
            context.Properties?.KeyNode("SubnetId") ?? context.Resource.Key);
    }

    private sealed class AssociationIndex
    {
        public Dictionary<string, string> Subnet { get; } = new(StringComparer.Ordinal);

        public static AssociationIndex Build(TemplateFacts facts)
        {
            var index = new AssociationIndex();
            foreach (var (association, properties) in facts.ResourcesOfType("AWS::EC2::SubnetRouteTableAssociation"))
            {
                var written = association.Properties?["SubnetId"];
                var subnet = Intrinsics.TryGetCall(written, out var fn, out var arg) && fn == "Ref" && arg is ScalarNode name
                    ? name.Value
                    : properties?["SubnetId"] switch
                    {
                        UnknownValue { ReferencedResource: { } target } => target,
                        ScalarValue { IsEmpty: false } literal => literal.Text,
                        _ => null,
                    };
                if (subnet is not null)
                {
                    index.Subnet[association.LogicalId] = subnet;
                }
            }

            return index;
        }
    }
}
