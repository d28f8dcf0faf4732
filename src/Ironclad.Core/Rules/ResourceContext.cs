using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules;

/// <summary>What a rule sees: one resource, its properties evaluated for one scenario, and the template's facts.</summary>
public sealed class ResourceContext
{
    internal ResourceContext(ResourceDefinition resource, MapValue? properties, Evaluator evaluator, TemplateFacts facts)
    {
        Resource = resource;
        Properties = properties;
        Evaluator = evaluator;
        Facts = facts;
    }

    public ResourceDefinition Resource { get; }

    /// <summary>Effective properties (Globals merged, intrinsics evaluated); null when the resource has none.</summary>
    public MapValue? Properties { get; }

    public Evaluator Evaluator { get; }

    public TemplateFacts Facts { get; }

    public string LogicalId => Resource.LogicalId;

    public bool IsServerless => Resource.IsServerless;

    /// <summary>The value at a path of property names below <c>Properties</c>; null when any step is absent or not a mapping.</summary>
    public Value? Get(params string[] path) => ValuePath.Get(Properties, path);
}

/// <summary>Navigation helpers over evaluated values.</summary>
public static class ValuePath
{
    public static Value? Get(Value? root, params string[] path)
    {
        var current = root;
        foreach (var step in path)
        {
            if (current is not MapValue map)
            {
                return null;
            }

            current = map[step];
        }

        return current;
    }

    /// <summary>The closest present node along a path, for positioning a finding about a missing leaf.</summary>
    public static TemplateNode? Nearest(Value? root, params string[] path)
    {
        var current = root;
        TemplateNode? last = null;
        foreach (var step in path)
        {
            if (current is not MapValue map)
            {
                break;
            }

            last = map.KeyNode(step) is { } key && map[step] is not null ? key : last;
            current = map[step];
            if (current is null)
            {
                break;
            }
        }

        return last;
    }

    /// <summary>True when the value names the resource <paramref name="logicalId"/> (Ref, GetAtt, or a Sub/Join built from it).</summary>
    public static bool References(Value? value, string logicalId) =>
        value is UnknownValue { ReferencedResource: { } target } && target == logicalId;

    /// <summary>True when the value is set: present, not null, not an empty string.</summary>
    public static bool IsSet(Value? value) => value switch
    {
        null => false,
        ScalarValue s => !s.IsEmpty,
        _ => true,
    };
}
