using System.Globalization;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// A subtree to be written into a template: a small model that the renderer turns into text in the
/// file's own style (short-form tags in YAML, long-form objects in JSON). Mappings and sequences are
/// mutable so that several fixes can contribute to one new block before it is rendered.
/// </summary>
public abstract class NewNode
{
    /// <summary>True when the node renders on one line in YAML block context (scalars and simple intrinsics).</summary>
    internal abstract bool IsInline { get; }

    /// <summary>A structural copy: builders keep no references to each other's mutable nodes.</summary>
    public abstract NewNode Clone();

    /// <summary>Converts an existing node of <paramref name="text"/> back into the model, keeping one-line scalars as written.</summary>
    public static NewNode From(TemplateNode node, string text) => node switch
    {
        MappingNode map when Intrinsics.TryGetCall(map, out var fn, out var arg) => new NewCall(fn, From(arg, text)),
        MappingNode map => new NewMapping(map.Entries.Select(e => (e.Key.Value, From(e.Value, text)))),
        SequenceNode seq => new NewSequence(seq.Items.Select(i => From(i, text))),
        ScalarNode scalar => NewScalar.FromExisting(scalar, text),
        _ => throw new ArgumentException("unsupported node", nameof(node)),
    };
}

public enum ScalarKind
{
    String,
    Number,
    Boolean,
}

public sealed class NewScalar : NewNode
{
    public NewScalar(string value, ScalarKind kind = ScalarKind.String)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }

    public ScalarKind Kind { get; }

    /// <summary>The scalar's original text when it was copied from the document, so that its quoting survives a move.</summary>
    public string? Original { get; private init; }

    public ScalarStyle? OriginalStyle { get; private init; }

    internal override bool IsInline => true;

    public override NewNode Clone() => this;

    internal static NewScalar FromExisting(ScalarNode scalar, string text)
    {
        var kind = scalar.Style is ScalarStyle.Plain or ScalarStyle.JsonLiteral
            ? scalar.Value is "true" or "false" or "True" or "False" ? ScalarKind.Boolean
            : double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? ScalarKind.Number
            : ScalarKind.String
            : ScalarKind.String;
        var written = text[scalar.Span.Start.Offset..scalar.Span.End.Offset];
        // The span of a tagged or anchored scalar (!Ref X, &a x) starts at its tag: that text is not the scalar's.
        var keep = scalar.Style is not (ScalarStyle.Literal or ScalarStyle.Folded) && written.Length > 0 && written[0] is not ('!' or '&')
            && !written.Contains('\n', StringComparison.Ordinal) && !written.Contains('\r', StringComparison.Ordinal);
        return new NewScalar(scalar.Value, kind) { Original = keep ? written : null, OriginalStyle = scalar.Style };
    }

    public override string ToString() => Value;
}

public sealed class NewMapping : NewNode
{
    private readonly List<KeyValuePair<string, NewNode>> entries = [];

    public NewMapping()
    {
    }

    public NewMapping(IEnumerable<(string Key, NewNode Value)> items)
    {
        foreach (var (key, value) in items)
        {
            Set(key, value);
        }
    }

    /// <summary>A mapping of the given entries, sized for them: the fixes build thousands of small mappings (<see cref="Build.Map"/>).</summary>
    public NewMapping(params ReadOnlySpan<(string Key, NewNode Value)> items)
    {
        entries.Capacity = items.Length;
        foreach (var (key, value) in items)
        {
            Set(key, value);
        }
    }

    public IReadOnlyList<KeyValuePair<string, NewNode>> Entries => entries;

    public int Count => entries.Count;

    internal override bool IsInline => false;

    public NewNode? this[string key] => IndexOf(key) is var index and >= 0 ? entries[index].Value : null;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Sets a key, keeping its position when it exists already.</summary>
    public NewMapping Set(string key, NewNode value)
    {
        var index = IndexOf(key);
        if (index >= 0)
        {
            entries[index] = new(key, value);
        }
        else
        {
            entries.Add(new(key, value));
        }

        return this;
    }

    /// <summary>
    /// Merges <paramref name="other"/> into this mapping: nested mappings merge, sequences concatenate,
    /// and a scalar conflict is an error (two fixes disagree about one value).
    /// </summary>
    public void Merge(NewMapping other)
    {
        foreach (var (key, value) in other.entries)
        {
            switch (this[key], value)
            {
                case (null, _):
                    entries.Add(new(key, value.Clone()));
                    break;
                case (NewMapping mine, NewMapping theirs):
                    mine.Merge(theirs);
                    break;
                case (NewSequence mine, NewSequence theirs):
                    foreach (var item in theirs.Items)
                    {
                        mine.Add(item.Clone());
                    }

                    break;
                case (var mine, _) when NodeEquality.Equal(mine, value):
                    break;
                default:
                    throw new EditConflictException($"two edits set '{key}' to different values");
            }
        }
    }

    public override NewNode Clone()
    {
        var copy = new NewMapping();
        copy.entries.Capacity = entries.Count;
        foreach (var (key, value) in entries)
        {
            copy.entries.Add(new(key, value.Clone()));
        }

        return copy;
    }

    /// <summary>
    /// The position of a key, or -1. A plain scan: new mappings hold a handful of keys, and this runs for every key
    /// the fixes set (a lambda here cost an allocation per call).
    /// </summary>
    private int IndexOf(string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

public sealed class NewSequence : NewNode
{
    private readonly List<NewNode> items;

    public NewSequence(IEnumerable<NewNode> items) => this.items = [.. items];

    private NewSequence(List<NewNode> items) => this.items = items;

    public IReadOnlyList<NewNode> Items => items;

    internal override bool IsInline => false;

    public void Add(NewNode item) => items.Add(item);

    /// <summary>A plain loop into a list of the right size: the patch clones every new value it takes.</summary>
    public override NewNode Clone()
    {
        var copy = new List<NewNode>(items.Count);
        foreach (var item in items)
        {
            copy.Add(item.Clone());
        }

        return new NewSequence(copy);
    }
}

/// <summary>An intrinsic function call: <c>Ref</c>, <c>Condition</c> or <c>Fn::*</c>.</summary>
public sealed class NewCall : NewNode
{
    public NewCall(string function, NewNode argument)
    {
        Function = function;
        Argument = argument;
    }

    public string Function { get; }

    public NewNode Argument { get; }

    /// <summary>Inline when the argument fits a YAML flow collection: scalars, inline calls and lists of them.</summary>
    internal override bool IsInline => Argument is NewScalar || (Argument is NewSequence seq && FitsFlow(seq));

    internal static bool FitsFlow(NewNode node) => node switch
    {
        NewScalar => true,
        NewCall call => call.IsInline,
        NewSequence seq => seq.Items.All(FitsFlow),
        _ => false,
    };

    /// <summary>
    /// A call of a scalar (<c>!Ref X</c>, <c>!Sub ...</c>: most calls a plan writes) is shared, as a scalar is: neither
    /// can change. A call of a list or a mapping is copied with its argument.
    /// </summary>
    public override NewNode Clone() => Argument is NewScalar ? this : new NewCall(Function, Argument.Clone());
}

/// <summary>Structural equality of new nodes, used to merge identical contributions of two fixes.</summary>
public static class NodeEquality
{
    public static bool Equal(NewNode? a, NewNode? b) => (a, b) switch
    {
        (null, null) => true,
        (NewScalar x, NewScalar y) => x.Value == y.Value && x.Kind == y.Kind,
        (NewCall x, NewCall y) => x.Function == y.Function && Equal(x.Argument, y.Argument),
        (NewSequence x, NewSequence y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => Equal(p.First, p.Second)),
        (NewMapping x, NewMapping y) => x.Count == y.Count && x.Entries.All(e => Equal(e.Value, y[e.Key])),
        _ => false,
    };
}

/// <summary>Short constructors for the model, so that fixes read like the YAML they produce.</summary>
public static class Build
{
    public static NewMapping Map(params ReadOnlySpan<(string Key, NewNode Value)> entries) => new(entries);

    public static NewSequence List(params NewNode[] items) => new(items);

    public static NewSequence List(IEnumerable<NewNode> items) => new(items);

    public static NewScalar Str(string value) => new(value);

    public static NewScalar Num(long value) => new(value.ToString(CultureInfo.InvariantCulture), ScalarKind.Number);

    public static NewScalar Bool(bool value) => new(value ? "true" : "false", ScalarKind.Boolean);

    public static NewCall Ref(string name) => new("Ref", Str(name));

    public static NewCall GetAtt(string resource, string attribute) => new("Fn::GetAtt", Str(resource + "." + attribute));

    public static NewCall Sub(string format) => new("Fn::Sub", Str(format));

    public static NewCall If(string condition, NewNode whenTrue, NewNode whenFalse) => new("Fn::If", List(Str(condition), whenTrue, whenFalse));

    public static NewCall Equals(NewNode a, NewNode b) => new("Fn::Equals", List(a, b));

    public static NewCall Not(NewNode condition) => new("Fn::Not", List(condition));

    public static NewCall And(params NewNode[] conditions) => new("Fn::And", List(conditions));

    public static NewCall Or(params NewNode[] conditions) => new("Fn::Or", List(conditions));

    public static NewCall Condition(string name) => new("Condition", Str(name));

    public static NewCall Select(int index, NewNode list) => new("Fn::Select", List(Num(index), list));

    public static NewCall Cidr(NewNode block, int count, int bits) => new("Fn::Cidr", List(block, Num(count), Num(bits)));

    public static NewCall GetAZs(string region = "") => new("Fn::GetAZs", Str(region));

    public static NewCall NoValue() => Ref("AWS::NoValue");
}
