namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. Parameters and resources share one namespace: CloudFormation rejects a
// template where both define one logical ID (and every Ref to the name would be ambiguous). Outputs, conditions and
// mappings have namespaces of their own (an output named after its resource is the common SAM pattern).
public sealed class UniqueLogicalIds : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8001",
        Name = nameof(UniqueLogicalIds),
        Title = "A parameter and a resource never share a logical ID",
        Severity = Severity.High,
        ResourceTypes = [AnyType],
        Family = RuleFamily.Deployability,
        Rationale = "Parameters and resources share one namespace in CloudFormation: a template that defines a parameter and a resource with the same logical ID is rejected, and every `!Ref` or `${Name}` to that name could mean either.",
        Remediation = "Rename the parameter (or the resource) and update every `!Ref` and `${Name}` that means it.",
        PassCondition = "No parameter has the resource's logical ID.",
        Deviations = "No peer tool has this check; cfn-lint reports it only for some shapes of template.",
        CountLabel = "resource whose logical ID is also a parameter's",
        Noun = "resources",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        if (!context.Facts.Template.Parameters.TryGetValue(context.LogicalId, out var parameter))
        {
            return Verdict.Pass("no parameter has this logical ID");
        }

        return Verdict.Fail(
            $"resource {context.LogicalId} and parameter {parameter.Name} (line {parameter.KeyNode.Span.Start.Line}) share one logical ID: CloudFormation rejects the template",
            context.Resource.Key);
    }
}
