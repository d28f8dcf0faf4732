using System.Globalization;
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
    private readonly Dictionary<string, (ScalarNode Key, Value Value)> entries;

    public MapValue(IEnumerable<(ScalarNode Key, Value Value)> items, TemplateNode origin)
        : base(origin)
    {
        entries = new Dictionary<string, (ScalarNode, Value)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            entries[item.Key.Value] = item;
        }
    }

    public int Count => entries.Count;

    public IEnumerable<string> Keys => entries.Keys;

    public Value? this[string key] => entries.TryGetValue(key, out var e) ? e.Value : null;

    /// <summary>The key node, for positions of findings about a present key.</summary>
    public ScalarNode? KeyNode(string key) => entries.TryGetValue(key, out var e) ? e.Key : null;

    public IEnumerable<KeyValuePair<string, Value>> Entries => entries.Select(e => new KeyValuePair<string, Value>(e.Key, e.Value.Value));
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
