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

    /// <summary>True for YAML/JSON null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull =>
        Style is ScalarStyle.Plain or ScalarStyle.JsonLiteral
        && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string ToString() => Value;
}

public sealed class SequenceNode : TemplateNode
{
    private readonly long weight;

    public SequenceNode(IReadOnlyList<TemplateNode> items, bool isFlow, SourceSpan span)
        : base(span)
    {
        Items = items;
        IsFlow = isFlow;
        weight = 1 + items.Sum(i => i.Weight);
    }

    public IReadOnlyList<TemplateNode> Items { get; }

    public bool IsFlow { get; }

    public override long Weight => weight;
}

public sealed record MappingEntry(ScalarNode Key, TemplateNode Value);

public sealed class MappingNode : TemplateNode
{
    private readonly long weight;

    public MappingNode(IReadOnlyList<MappingEntry> entries, bool isFlow, SourceSpan span, string? shortFormTag = null)
        : base(span)
    {
        Entries = entries;
        IsFlow = isFlow;
        ShortFormTag = shortFormTag;
        weight = 1 + entries.Sum(e => e.Value.Weight);
    }

    public IReadOnlyList<MappingEntry> Entries { get; }

    public bool IsFlow { get; }

    /// <summary>
    /// For an intrinsic written in short form (<c>!Ref X</c>), the tag as written. The parser turns
    /// short forms into the equivalent one-key mapping so that nothing downstream has to know both forms.
    /// </summary>
    public string? ShortFormTag { get; }

    public override long Weight => weight;

    public TemplateNode? this[string key] => Find(key)?.Value;

    public MappingEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
