namespace Ironclad.Core.Templates;

/// <summary>A problem in one part of a template that does not stop the rest from being scanned.</summary>
public sealed record TemplateProblem(string Message, SourcePosition Position, string? LogicalId = null);

public sealed record ParameterDefinition(string Name, string Type, TemplateNode? Default, ScalarNode KeyNode);

/// <summary>One entry of <c>Resources</c>.</summary>
public sealed class ResourceDefinition
{
    internal ResourceDefinition(string logicalId, ScalarNode key, MappingNode node, string type)
    {
        LogicalId = logicalId;
        Key = key;
        Node = node;
        Type = type;
    }

    public string LogicalId { get; }

    public ScalarNode Key { get; }

    public MappingNode Node { get; }

    public string Type { get; }

    public MappingNode? Properties => Node["Properties"] as MappingNode;

    public MappingNode? Metadata => Node["Metadata"] as MappingNode;

    public string? Condition => (Node["Condition"] as ScalarNode)?.Value;

    /// <summary>The logical IDs of <c>DependsOn</c>, written as one name or as a list.</summary>
    public IEnumerable<string> DependsOn => Node["DependsOn"] switch
    {
        ScalarNode one => [one.Value],
        SequenceNode many => many.Items.OfType<ScalarNode>().Select(s => s.Value),
        _ => [],
    };

    /// <summary>From the logical ID's key to the end of its definition.</summary>
    public SourceSpan Span => new(Key.Span.Start, Node.Span.End);

    public bool IsServerless => Type.StartsWith("AWS::Serverless::", StringComparison.Ordinal);
}

/// <summary>The CloudFormation view of a document: sections and resources, with per-resource problems.</summary>
public sealed class CfnTemplate
{
    private CfnTemplate(TemplateDocument document)
    {
        Document = document;
    }

    public TemplateDocument Document { get; }

    public IReadOnlyDictionary<string, ParameterDefinition> Parameters { get; private set; } = new Dictionary<string, ParameterDefinition>();

    public MappingNode? Conditions => Document.Root["Conditions"] as MappingNode;

    public MappingNode? Mappings => Document.Root["Mappings"] as MappingNode;

    public MappingNode? Globals => Document.Root["Globals"] as MappingNode;

    public IReadOnlyList<ResourceDefinition> Resources { get; private set; } = [];

    private Dictionary<string, ResourceDefinition> byId = new(StringComparer.Ordinal);

    private ILookup<string, ResourceDefinition>? byType;

    public IReadOnlyList<TemplateProblem> Problems { get; private set; } = [];

    public bool IsSam { get; private set; }

    // Looked up for every Ref and GetAtt the evaluator meets, so it must not be a scan of the list.
    public ResourceDefinition? FindResource(string logicalId) => byId.GetValueOrDefault(logicalId);

    /// <summary>The resources of one type, in the template's order; indexed, because fixes ask once per function or bucket.</summary>
    /// <remarks>
    /// Safe for concurrent callers (a rule's index, built during a parallel scan, asks): two may build the index at once,
    /// but only the first published is kept, and both answer from that one.
    /// </remarks>
    public IEnumerable<ResourceDefinition> ResourcesOfType(string type) =>
        (Volatile.Read(ref byType) ?? IndexByType())[type];

    private ILookup<string, ResourceDefinition> IndexByType()
    {
        var built = Resources.ToLookup(r => r.Type, StringComparer.Ordinal);
        return Interlocked.CompareExchange(ref byType, built, null) ?? built;
    }

    /// <summary>True when the document looks like a template: a <c>Resources</c> mapping whose entries have a <c>Type</c>.</summary>
    public static bool LooksLikeTemplate(TemplateDocument document) =>
        document.Root["Resources"] is MappingNode resources
        && resources.Entries.Count > 0
        && resources.Entries.Any(e => e.Value is MappingNode m && m["Type"] is ScalarNode);

    public static CfnTemplate From(TemplateDocument document)
    {
        var root = document.Root;
        var resourcesNode = root.Find("Resources") ?? throw new TemplateLoadException("no Resources section: not a CloudFormation template", root.Span.Start);
        if (resourcesNode.Value is not MappingNode resources)
        {
            throw new TemplateLoadException("Resources must be a mapping of logical IDs to resources", resourcesNode.Value.Span.Start);
        }

        var template = new CfnTemplate(document);
        var problems = new List<TemplateProblem>();
        template.IsSam = IsSamTransform(root["Transform"]);
        template.Parameters = ReadParameters(root, problems);

        foreach (var section in new[] { "Conditions", "Mappings", "Globals" })
        {
            if (root.Find(section) is { } entry && entry.Value is not MappingNode && !(entry.Value is ScalarNode s && s.IsNull))
            {
                problems.Add(new TemplateProblem($"{section} must be a mapping", entry.Value.Span.Start));
            }
        }

        var list = new List<ResourceDefinition>();
        foreach (var (key, value) in resources.Entries)
        {
            if (value is not MappingNode node)
            {
                problems.Add(new TemplateProblem($"resource {key.Value} must be a mapping with a Type", value.Span.Start, key.Value));
                continue;
            }

            if (node["Type"] is not ScalarNode { IsNull: false } type)
            {
                problems.Add(new TemplateProblem($"resource {key.Value} has no Type", key.Span.Start, key.Value));
                continue;
            }

            if (node.Find("Properties") is { } props && props.Value is not MappingNode)
            {
                var what = props.Value is SequenceNode ? "a list" : props.Value is ScalarNode { IsNull: true } ? "null" : "a scalar";
                problems.Add(new TemplateProblem($"resource {key.Value}: Properties is {what}, it must be a mapping", props.Value.Span.Start, key.Value));
                continue;
            }

            list.Add(new ResourceDefinition(key.Value, key, node, type.Value));
        }

        template.Resources = list;
        template.byId = list.ToDictionary(r => r.LogicalId, StringComparer.Ordinal);
        template.Problems = problems;
        return template;
    }

    private static bool IsSamTransform(TemplateNode? transform) => transform switch
    {
        ScalarNode s => s.Value.StartsWith("AWS::Serverless", StringComparison.Ordinal),
        SequenceNode seq => seq.Items.Any(IsSamTransform),
        _ => false,
    };

    private static Dictionary<string, ParameterDefinition> ReadParameters(MappingNode root, List<TemplateProblem> problems)
    {
        var result = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        if (root["Parameters"] is not MappingNode parameters)
        {
            return result;
        }

        foreach (var (key, value) in parameters.Entries)
        {
            if (value is not MappingNode definition)
            {
                problems.Add(new TemplateProblem($"parameter {key.Value} must be a mapping", value.Span.Start));
                continue;
            }

            var type = (definition["Type"] as ScalarNode)?.Value ?? "String";
            result[key.Value] = new ParameterDefinition(key.Value, type, definition["Default"], key);
        }

        return result;
    }
}
