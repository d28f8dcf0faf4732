using System.Globalization;
using System.Runtime.InteropServices;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Evaluation;

/// <summary>
/// A property value after intrinsics are evaluated. An absent value (missing, or <c>!Ref AWS::NoValue</c>)
/// is represented by <c>null</c>, so that "is it set?" reads as a null check everywhere.
/// </summary>
public abstract class Value
{
    protected Value(TemplateNode origin) => Origin = origin;

    /// <summary>The node the value came from: where a finding about it points.</summary>
    public TemplateNode Origin { get; }
}

public sealed class ScalarValue : Value
{
    public ScalarValue(string text, TemplateNode origin, bool isNull = false, bool isString = false)
        : base(origin)
    {
        Text = text;
        IsNull = isNull;
        IsString = isString;
    }

    public string Text { get; }

    public bool IsNull { get; }

    /// <summary>Written as a quoted string (so <c>"true"</c> is text to YAML, though CloudFormation still reads it as a boolean).</summary>
    public bool IsString { get; }

    public bool IsEmpty => IsNull || Text.Length == 0;

    /// <summary>CloudFormation's reading of a boolean: <c>true</c>/<c>false</c> in any case, quoted or not.</summary>
    public bool? AsBool() => Text.ToUpperInvariant() switch
    {
        "TRUE" => true,
        "FALSE" => false,
        _ => null,
    };

    public double? AsNumber() =>
        double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public override string ToString() => Text;
}

public sealed class MapValue : Value
{
    /// <summary>Past this many keys a look-up goes through a dictionary; below, a linear search is cheaper than building one.</summary>
    private const int IndexedFrom = 9;

    // A list in insertion order rather than a dictionary per mapping: every resource's properties and every nested
    // mapping becomes a MapValue, most with a handful of keys, and a dictionary each was a fifth of a scan's allocation.
    private readonly List<(ScalarNode Key, Value Value)> entries;
    private readonly Dictionary<string, int>? index;

    public MapValue(IEnumerable<(ScalarNode Key, Value Value)> items, TemplateNode origin)
        : base(origin) => (entries, index) = Collect(items);

    private MapValue(List<(ScalarNode Key, Value Value)> entries, TemplateNode origin)
        : base(origin) => this.entries = entries;

    /// <summary>
    /// A mapping the evaluator built, taking <paramref name="items"/> as it is when its keys are few and distinct (a
    /// parsed mapping's always are) rather than copying it; otherwise as the public constructor builds it.
    /// </summary>
    internal static MapValue Adopt(List<(ScalarNode Key, Value Value)> items, TemplateNode origin)
    {
        if (items.Count >= IndexedFrom)
        {
            return new MapValue(items.AsEnumerable(), origin);
        }

        var span = CollectionsMarshal.AsSpan(items);
        for (var i = 1; i < span.Length; i++)
        {
            if (Position(span[..i], span[i].Key.Value) >= 0)
            {
                return new MapValue(items.AsEnumerable(), origin);
            }
        }

        return new MapValue(items, origin);
    }

    private static (List<(ScalarNode Key, Value Value)> Entries, Dictionary<string, int>? Index) Collect(IEnumerable<(ScalarNode Key, Value Value)> items)
    {
        var list = items is ICollection<(ScalarNode, Value)> known ? new List<(ScalarNode Key, Value Value)>(known.Count) : [];
        Dictionary<string, int>? positions = null;
        foreach (var item in items)
        {
            // A repeated key keeps its first position and takes the last value, as a dictionary's indexer does.
            var at = positions is not null ? positions.GetValueOrDefault(item.Key.Value, -1) : Position(CollectionsMarshal.AsSpan(list), item.Key.Value);
            if (at >= 0)
            {
                list[at] = item;
                continue;
            }

            list.Add(item);
            if (positions is not null)
            {
                positions[item.Key.Value] = list.Count - 1;
            }
            else if (list.Count == IndexedFrom)
            {
                positions = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < list.Count; i++)
                {
                    positions[list[i].Key.Value] = i;
                }
            }
        }

        return (list, positions);
    }

    public int Count => entries.Count;

    public IEnumerable<string> Keys => entries.Select(e => e.Key.Value);

    public Value? this[string key] => Find(key) is var at and >= 0 ? entries[at].Value : null;

    /// <summary>The key node, for positions of findings about a present key.</summary>
    public ScalarNode? KeyNode(string key) => Find(key) is var at and >= 0 ? entries[at].Key : null;

    public IEnumerable<KeyValuePair<string, Value>> Entries => entries.Select(e => new KeyValuePair<string, Value>(e.Key.Value, e.Value));

    private int Find(string key) => index is not null ? index.GetValueOrDefault(key, -1) : Position(CollectionsMarshal.AsSpan(entries), key);

    private static int Position(ReadOnlySpan<(ScalarNode Key, Value Value)> items, string key)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Key.Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

public sealed class ListValue : Value
{
    public ListValue(IReadOnlyList<Value> items, TemplateNode origin)
        : base(origin) => Items = items;

    public IReadOnlyList<Value> Items { get; }
}

/// <summary>
/// A value that exists but cannot be known before deployment: an attribute, a resource's ID, a
/// pseudo parameter, an import, a parameter without a value.
/// </summary>
public sealed class UnknownValue : Value
{
    public UnknownValue(string reason, TemplateNode origin, string? referencedResource = null)
        : base(origin)
    {
        Reason = reason;
        ReferencedResource = referencedResource;
    }

    public string Reason { get; }

    /// <summary>The logical ID named by a <c>Ref</c> or <c>GetAtt</c>, when the value points at a resource of the template.</summary>
    public string? ReferencedResource { get; }
}
