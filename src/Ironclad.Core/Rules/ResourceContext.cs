using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules;

/// <summary>What a rule sees: one resource, its properties evaluated for one scenario, and the template's facts.</summary>
/// <remarks>
/// The scanner makes a context per resource (per scenario) inside the range of resources that holds it, and that
/// range's one thread runs every rule on it: nothing else sees a context, so <see cref="Read{T}"/> needs no lock.
/// </remarks>
public sealed class ResourceContext
{
    /// <summary>What rule families have read from this resource (<see cref="Read{T}"/>), one value per type.</summary>
    private Reading? readings;

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
    public Value? Get(params ReadOnlySpan<string> path) => ValuePath.Get(Properties, path);

    /// <summary>
    /// What several rules of one family read alike from this resource (the IAM rules' statements), read by the first
    /// of them to ask and kept for the others; <paramref name="read"/> must be a pure function of the context, and
    /// each family's reading its own type.
    /// </summary>
    internal T Read<T>(Func<ResourceContext, T> read)
        where T : class
    {
        for (var r = readings; r is not null; r = r.Next)
        {
            if (r.Value is T known)
            {
                return known;
            }
        }

        var value = read(this);
        readings = new Reading(value, readings);
        return value;
    }

    private sealed record Reading(object Value, Reading? Next);
}

/// <summary>Navigation helpers over evaluated values.</summary>
/// <remarks>Paths are spans (<c>params ReadOnlySpan</c>): rules ask for properties by the dozen per resource, and a params array was an allocation each time.</remarks>
public static class ValuePath
{
    public static Value? Get(Value? root, params ReadOnlySpan<string> path)
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
    public static TemplateNode? Nearest(Value? root, params ReadOnlySpan<string> path)
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
