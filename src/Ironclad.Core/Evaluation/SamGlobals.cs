using Ironclad.Core.Templates;

namespace Ironclad.Core.Evaluation;

/// <summary>
/// SAM <c>Globals</c>: merged into each serverless resource before any rule looks at it, as the SAM
/// transform does (resource scalars win, mappings merge recursively, lists concatenate global items first).
/// </summary>
public static class SamGlobals
{
    // Globals.StateMachine is absent on purpose: the SAM transform accepts only PropagateTags there and rejects a
    // template with any other key ("'Logging' is not a supported property of 'StateMachine'"), so no property a rule
    // judges can come from it.
    private static readonly Dictionary<string, string> SectionByType = new(StringComparer.Ordinal)
    {
        ["AWS::Serverless::Function"] = "Function",
        ["AWS::Serverless::Api"] = "Api",
        ["AWS::Serverless::HttpApi"] = "HttpApi",
        ["AWS::Serverless::SimpleTable"] = "SimpleTable",
        ["AWS::Serverless::LayerVersion"] = "LayerVersion",
    };

    /// <summary>The Globals section that applies to a resource type, if any.</summary>
    public static string? SectionFor(string resourceType) => SectionByType.GetValueOrDefault(resourceType);

    /// <summary>The resource's properties with Globals merged in; null when it has neither.</summary>
    public static MappingNode? EffectiveProperties(CfnTemplate template, ResourceDefinition resource)
    {
        var own = resource.Properties;
        if (SectionFor(resource.Type) is not { } section || template.Globals?[section] is not MappingNode globals)
        {
            return own;
        }

        return (MappingNode)Merge(globals, own ?? new MappingNode([], false, new SourceSpan(resource.Key.Span.Start, resource.Key.Span.Start)));
    }

    /// <summary>Merges <paramref name="local"/> over <paramref name="global"/>.</summary>
    public static TemplateNode Merge(TemplateNode global, TemplateNode local)
    {
        if (IsPlainMapping(global) && IsPlainMapping(local))
        {
            var g = (MappingNode)global;
            var l = (MappingNode)local;
            var entries = new List<MappingEntry>(g.Entries.Count + l.Entries.Count);
            foreach (var entry in g.Entries)
            {
                var mine = l.Find(entry.Key.Value);
                entries.Add(mine is null ? entry : new MappingEntry(mine.Key, Merge(entry.Value, mine.Value)));
            }

            entries.AddRange(l.Entries.Where(e => g.Find(e.Key.Value) is null));
            return new MappingNode(entries, l.IsFlow, l.Span);
        }

        if (global is SequenceNode gs && local is SequenceNode ls)
        {
            return new SequenceNode([.. gs.Items, .. ls.Items], ls.IsFlow, ls.Span);
        }

        return local;
    }

    private static bool IsPlainMapping(TemplateNode node) => node is MappingNode && !Intrinsics.TryGetCall(node, out _, out _);
}
