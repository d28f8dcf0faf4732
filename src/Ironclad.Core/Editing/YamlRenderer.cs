using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Ironclad.Core.Editing;

/// <summary>Turns <see cref="NewNode"/>s into YAML in a document's style (the JSON twin is <see cref="JsonRenderer"/>).</summary>
/// <remarks>
/// An instance is for one thread at a time: it reuses one builder for the text it returns (a patch compiles its edits on
/// one thread, each layout with its own renderer).
/// </remarks>
public sealed partial class YamlRenderer
{
    /// <summary>The largest builder kept for reuse: the new lines of one resource or two fit, a whole new Resources block does not.</summary>
    private const int SpareCapacity = 16 * 1024;

    private static readonly HashSet<string> YamlReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", ".inf", ".nan", "-.inf", "+.inf",
    };

    /// <summary>The characters that end a plain scalar in flow context.</summary>
    private static readonly SearchValues<char> FlowIndicators = SearchValues.Create(",[]{}#");

    /// <summary>
    /// The builder of the last text returned, cleared, for the next: a large plan renders thousands of small edits, and
    /// a fresh builder for each grew chunk by chunk from a few characters.
    /// </summary>
    private StringBuilder? spare;

    public YamlRenderer(DocumentStyle style) => Style = style;

    public DocumentStyle Style { get; }

    // ---- YAML, block context ----
    //
    // Block text is written into one StringBuilder, each line at its own indentation as it is reached: a nested
    // node's lines are never built apart and re-prefixed by every level above it (which cost O(depth x lines) strings
    // for the thousands of new resources of a large plan).

    /// <summary>Writes the lines of one mapping entry whose key starts at column <paramref name="indent"/> + 1 (without a final line break).</summary>
    public void WriteYamlEntry(StringBuilder builder, string key, NewNode value, int indent) =>
        new BlockWriter(this, builder, lineStarted: false).Entry(key, value, indent);

    /// <summary>The lines of block sequence items whose dashes are at column <paramref name="dashIndent"/> + 1 (without a final line break).</summary>
    public string YamlSequence(IReadOnlyList<NewNode> items, int dashIndent) => YamlSequence(items, dashIndent, "");

    /// <summary><see cref="YamlSequence(IReadOnlyList{NewNode}, int)"/> followed by <paramref name="end"/>, written in the same builder rather than concatenated after.</summary>
    internal string YamlSequence(IReadOnlyList<NewNode> items, int dashIndent, string end)
    {
        var builder = Builder();
        new BlockWriter(this, builder, lineStarted: false).Sequence(items, dashIndent, onDashLine: false);
        return Text(builder.Append(end));
    }

    /// <summary>
    /// The text that follows <c>key:</c> for a new value: <c> inline</c>, or a line break and the block
    /// lines (without a final line break) for an owner at <paramref name="indent"/>.
    /// </summary>
    public string YamlValueAfterKey(NewNode value, int indent)
    {
        var builder = Builder();
        new BlockWriter(this, builder, lineStarted: true).After(value, indent);
        return Text(builder);
    }

    /// <summary>A value in a sequence item's place (after <c>- </c>), continuing lines at <paramref name="dashIndent"/>.</summary>
    public string YamlItemValue(NewNode value, int dashIndent)
    {
        var builder = Builder();
        new BlockWriter(this, builder, lineStarted: true).Item(value, dashIndent);
        return Text(builder);
    }

    /// <summary>A value on one line in block context: a scalar or a short intrinsic.</summary>
    public string YamlInline(NewNode node)
    {
        var builder = Builder();
        WriteInline(builder, node);
        return Text(builder);
    }

    /// <summary>A value in YAML flow context (<c>{a: 1}</c>, <c>[x, y]</c>).</summary>
    public string YamlFlow(NewNode node)
    {
        var builder = Builder();
        WriteFlow(builder, node);
        return Text(builder);
    }

    /// <summary>An empty builder: the spare one if there is one (hand it back with <see cref="Text"/>).</summary>
    internal StringBuilder Builder()
    {
        var builder = spare ?? new StringBuilder(256);
        spare = null;
        return builder;
    }

    /// <summary>The text of <paramref name="builder"/> from <paramref name="start"/>; the builder is kept for the next text unless it grew large.</summary>
    internal string Text(StringBuilder builder, int start = 0)
    {
        var text = builder.ToString(start, builder.Length - start);
        if (builder.Capacity <= SpareCapacity)
        {
            spare = builder.Clear();
        }

        return text;
    }

    /// <summary>
    /// The edit that inserts <paramref name="builder"/>'s text at <paramref name="offset"/>. A text too large to keep the
    /// builder for (a whole new Resources block) stays in it, and the edit takes the builder over instead of a copy
    /// (<see cref="TextEdit"/>); a small one is copied out, and the builder kept for the next text.
    /// </summary>
    internal TextEdit Insertion(int offset, StringBuilder builder) =>
        builder.Capacity <= SpareCapacity ? TextEdit.Insert(offset, Text(builder)) : new TextEdit(offset, offset, builder);

    public string YamlKey(string key, bool flow) => IsPlainSafe(key, flow) ? key : Quote(key);

    public string YamlScalar(NewScalar scalar, bool flow)
    {
        if (scalar.Original is { } original && scalar.OriginalStyle is not (Templates.ScalarStyle.JsonString or Templates.ScalarStyle.JsonLiteral)
            && (!flow || scalar.OriginalStyle is Templates.ScalarStyle.SingleQuoted or Templates.ScalarStyle.DoubleQuoted))
        {
            return original;
        }

        if (scalar.Kind != ScalarKind.String)
        {
            return scalar.Value;
        }

        return IsPlainSafe(scalar.Value, flow) ? scalar.Value : Quote(scalar.Value);
    }

    // ---- helpers ----

    private void WriteInline(StringBuilder builder, NewNode node)
    {
        switch (node)
        {
            case NewScalar scalar:
                builder.Append(YamlScalar(scalar, flow: false));
                break;
            case NewCall call:
                WriteTag(builder, call);
                builder.Append(' ');
                WriteCallArgument(builder, call, flow: false);
                break;
            default:
                WriteFlow(builder, node);
                break;
        }
    }

    private void WriteFlow(StringBuilder builder, NewNode node)
    {
        switch (node)
        {
            case NewScalar scalar:
                builder.Append(YamlScalar(scalar, flow: true));
                break;
            case NewCall call when call.Argument is NewCall or NewMapping:
                // A call whose argument has no flow form of its own is written as its long-form mapping.
                builder.Append('{').Append(YamlKey(call.Function, flow: true)).Append(": ");
                WriteFlow(builder, call.Argument);
                builder.Append('}');
                break;
            case NewCall call:
                WriteTag(builder, call);
                builder.Append(' ');
                WriteCallArgument(builder, call, flow: true);
                break;
            case NewSequence seq:
                builder.Append('[');
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    WriteFlow(builder, seq.Items[i]);
                }

                builder.Append(']');
                break;
            case NewMapping map:
                builder.Append('{');
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    var (key, value) = map.Entries[i];
                    builder.Append(YamlKey(key, flow: true)).Append(": ");
                    WriteFlow(builder, value);
                }

                builder.Append('}');
                break;
            default:
                throw new ArgumentException("unsupported node", nameof(node));
        }
    }

    private void WriteCallArgument(StringBuilder builder, NewCall call, bool flow)
    {
        if (call.Function == "Fn::GetAtt" && call.Argument is NewSequence { Items: [NewScalar resource, NewScalar attribute] })
        {
            builder.Append(YamlScalar(new NewScalar(resource.Value + "." + attribute.Value), flow));
        }
        else if (call.Argument is NewScalar scalar)
        {
            builder.Append(YamlScalar(scalar, flow));
        }
        else
        {
            WriteFlow(builder, call.Argument);
        }
    }

    private static void WriteTag(StringBuilder builder, NewCall call)
    {
        builder.Append('!');
        if (call.Function.StartsWith("Fn::", StringComparison.Ordinal))
        {
            builder.Append(call.Function, 4, call.Function.Length - 4);
        }
        else
        {
            builder.Append(call.Function);
        }
    }

    private string Quote(string value)
    {
        if (Style.Quote == '\'' && !HasControl(value, includeDelete: false))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        return JsonRenderer.JsonString(value);
    }

    /// <summary>True when a string reads back as the same string when written without quotes.</summary>
    internal static bool IsPlainSafe(string value, bool flow)
    {
        if (value.Length == 0 || YamlReserved.Contains(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        var first = value[0];
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(first, StringComparison.Ordinal))
        {
            return false;
        }

        // Numbers (any base), dates, times and sexagesimals would be read as something else than a string.
        if (NumberLike().IsMatch(value) || DateLike().IsMatch(value))
        {
            return false;
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return false;
        }

        if (HasControl(value, includeDelete: true))
        {
            return false;
        }

        return !flow || value.AsSpan().IndexOfAny(FlowIndicators) < 0;
    }

    private static bool HasControl(string value, bool includeDelete)
    {
        foreach (var c in value)
        {
            if (c < ' ' || (includeDelete && c == '\u007f'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes block YAML line by line into one builder. Lines are separated (not ended) by the style's line break;
    /// a line is "started" when text may continue it: a key waiting for its value, or a dash waiting for its item.
    /// </summary>
    private sealed class BlockWriter(YamlRenderer renderer, StringBuilder builder, bool lineStarted)
    {
        private bool started = lineStarted;

        /// <summary><c>key:</c> and its value, the key on a new line at <paramref name="indent"/>.</summary>
        public void Entry(string key, NewNode value, int indent)
        {
            NewLine(indent);
            EntryHere(key, value, indent);
        }

        /// <summary>The value after a key at <paramref name="indent"/>: on the key's line when inline, else on the lines below.</summary>
        public void After(NewNode value, int indent) =>
            Value(value, " ", indent + renderer.Style.Indent, indent + renderer.Style.SequenceIndent, onDashLine: false);

        /// <summary>
        /// Block sequence items with their dashes at <paramref name="dashIndent"/>; when <paramref name="onDashLine"/>,
        /// the first dash continues the current line (an item of an item: <c>- - x</c>).
        /// </summary>
        public void Sequence(IReadOnlyList<NewNode> items, int dashIndent, bool onDashLine)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0 || !onDashLine)
                {
                    NewLine(dashIndent);
                }

                builder.Append("- ");
                Item(items[i], dashIndent);
            }
        }

        /// <summary>One sequence item's value, after its dash at <paramref name="dashIndent"/>.</summary>
        public void Item(NewNode item, int dashIndent) => Value(item, "", dashIndent + 2, dashIndent + 2, onDashLine: true);

        /// <summary>A block mapping's entries at <paramref name="indent"/>; when <paramref name="onDashLine"/>, the first key follows a dash.</summary>
        private void Mapping(NewMapping mapping, int indent, bool onDashLine)
        {
            var entries = mapping.Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                if (i > 0 || !onDashLine)
                {
                    NewLine(indent);
                }

                EntryHere(entries[i].Key, entries[i].Value, indent);
            }
        }

        /// <summary>
        /// A value after a key (<paramref name="gap"/> a space, its block content on the lines below) or after a dash (no
        /// gap, its first key or item on the dash's line): one-line values continue the line, block mappings and sequences
        /// go to <paramref name="mappingIndent"/> and <paramref name="sequenceIndent"/>, a long-form call's tag stays on
        /// the line with its argument below.
        /// </summary>
        private void Value(NewNode value, string gap, int mappingIndent, int sequenceIndent, bool onDashLine)
        {
            switch (value)
            {
                case { IsInline: true }:
                    builder.Append(gap);
                    renderer.WriteInline(builder, value);
                    break;
                case NewMapping { Count: 0 }:
                    builder.Append(gap).Append("{}");
                    break;
                case NewSequence { Items.Count: 0 }:
                    builder.Append(gap).Append("[]");
                    break;
                case NewMapping map:
                    Mapping(map, mappingIndent, onDashLine);
                    break;
                case NewSequence seq:
                    Sequence(seq.Items, sequenceIndent, onDashLine);
                    break;
                case NewCall call:
                    builder.Append(gap);
                    WriteTag(builder, call);
                    Arguments(call, mappingIndent);
                    break;
                default:
                    throw new ArgumentException("unsupported node", nameof(value));
            }
        }

        /// <summary>The lines of a long-form call's argument below its tag.</summary>
        private void Arguments(NewCall call, int indent)
        {
            switch (call.Argument)
            {
                case NewSequence seq:
                    Sequence(seq.Items, indent, onDashLine: false);
                    break;
                case NewMapping map:
                    Mapping(map, indent, onDashLine: false);
                    break;
                case NewCall inner:
                    Entry(inner.Function, inner.Argument, indent);
                    break;
                case var scalar:
                    NewLine(indent);
                    renderer.WriteInline(builder, scalar);
                    break;
            }
        }

        private void EntryHere(string key, NewNode value, int indent)
        {
            builder.Append(renderer.YamlKey(key, flow: false)).Append(':');
            After(value, indent);
        }

        private void NewLine(int indent)
        {
            if (started)
            {
                builder.Append(renderer.Style.Newline);
            }

            started = true;
            builder.Append(' ', indent);
        }
    }

    [GeneratedRegex(@"^[-+.]?[0-9][0-9_.:eExXoObBa-fA-F+-]*$")]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")]
    private static partial Regex DateLike();
}
