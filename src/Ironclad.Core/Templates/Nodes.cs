namespace Ironclad.Core.Templates;

/// <summary>A position in a template: 1-based line and column, 0-based character offset.</summary>
public readonly record struct SourcePosition(int Line, int Column, int Offset)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>The text a node occupies, start inclusive and end exclusive.</summary>
public readonly record struct SourceSpan(SourcePosition Start, SourcePosition End);

/// <summary>How a scalar was written; the editor needs it to keep quoting, and the evaluator to type plain values.</summary>
public enum ScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    JsonString,
    JsonLiteral,
}

/// <summary>A node of a parsed template. Every node knows where it came from.</summary>
public abstract class TemplateNode
{
    protected TemplateNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    /// <summary>Number of nodes below and including this one, counting alias expansions; bounds alias bombs.</summary>
    public abstract long Weight { get; }

    /// <summary>Collections on the longest path down from this node, aliases expanded; bounds the depth of every recursive walk.</summary>
    internal abstract int Height { get; }
}

public sealed class ScalarNode : TemplateNode
{
    public ScalarNode(string value, ScalarStyle style, SourceSpan span)
        : base(span)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public override long Weight => 1;

    internal override int Height => 0;

    /// <summary>True for YAML/JSON null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull =>
        Style is ScalarStyle.Plain or ScalarStyle.JsonLiteral
        && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string ToString() => Value;
}

public sealed class SequenceNode : TemplateNode
{
    private readonly long weight;
    private readonly int height;
    private readonly IReadOnlyDictionary<int, SourceSpan>? aliases;

    public SequenceNode(IReadOnlyList<TemplateNode> items, bool isFlow, SourceSpan span, IReadOnlyDictionary<int, SourceSpan>? aliases = null)
        : base(span)
    {
        Items = items;
        IsFlow = isFlow;
        this.aliases = aliases is { Count: > 0 } ? aliases : null;

        // Loops over the index rather than LINQ: every node of a parse passes here, and an enumerator through
        // IReadOnlyList is an allocation each.
        weight = 1;
        var tallest = 0;
        for (var i = 0; i < items.Count; i++)
        {
            weight += items[i].Weight;
            tallest = Math.Max(tallest, items[i].Height);
        }

        height = 1 + tallest;
    }

    public IReadOnlyList<TemplateNode> Items { get; }

    public bool IsFlow { get; }

    public override long Weight => weight;

    internal override int Height => height;

    /// <summary>
    /// Where the item at <paramref name="index"/> is written when it is a YAML alias (<c>- *x</c>): the
    /// item is then the anchored node, whose span lies elsewhere in the file.
    /// </summary>
    public SourceSpan? AliasSpan(int index) => aliases is not null && aliases.TryGetValue(index, out var span) ? span : null;
}

public record MappingEntry(ScalarNode Key, TemplateNode Value)
{
    /// <summary>Where the value is written when it is a YAML alias (<c>Tags: *tags</c>): the value is the anchored node, whose span lies elsewhere.</summary>
    public virtual SourceSpan? AliasSpan => null;
}

/// <summary>
/// An entry whose value is a YAML alias. A type of its own rather than a nullable span on every entry: aliases are
/// rare, and the span would have doubled the size of each of the hundreds of thousands of entries a large template
/// holds (and of each one the collector copies).
/// </summary>
internal sealed record AliasedMappingEntry(ScalarNode Key, TemplateNode Value, SourceSpan Alias) : MappingEntry(Key, Value)
{
    public override SourceSpan? AliasSpan => Alias;
}

public sealed class MappingNode : TemplateNode
{
    private readonly long weight;
    private readonly int height;

    public MappingNode(IReadOnlyList<MappingEntry> entries, bool isFlow, SourceSpan span, string? shortFormTag = null)
        : base(span)
    {
        Entries = entries;
        IsFlow = isFlow;
        ShortFormTag = shortFormTag;
        weight = 1;
        var tallest = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            weight += entries[i].Value.Weight;
            tallest = Math.Max(tallest, entries[i].Value.Height);
        }

        height = 1 + tallest;
    }

    public IReadOnlyList<MappingEntry> Entries { get; }

    public bool IsFlow { get; }

    /// <summary>
    /// For an intrinsic written in short form (<c>!Ref X</c>), the tag as written. The parser turns
    /// short forms into the equivalent one-key mapping so that nothing downstream has to know both forms.
    /// </summary>
    public string? ShortFormTag { get; }

    public override long Weight => weight;

    internal override int Height => height;

    public TemplateNode? this[string key] => Find(key)?.Value;

    /// <summary>The entry of <paramref name="key"/>; a linear search, as mappings are small, by index because every property look-up of every rule passes here.</summary>
    public MappingEntry? Find(string key)
    {
        var entries = Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return entries[i];
            }
        }

        return null;
    }
}
