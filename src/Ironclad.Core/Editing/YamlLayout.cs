using System.Text;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// YAML layout: block mappings and sequences get new lines at the indentation and with the
/// separation their entries already have, placed by what the text means (a comment above a key
/// belongs to it; <see cref="NodeGeometry"/>); flow collections get flow additions.
/// </summary>
internal sealed class YamlLayout(TemplateDocument document, DocumentStyle style, Func<TemplateNode, TemplateNode?> parentOf) : PatchLayout(document, style)
{
    private readonly YamlRenderer renderer = new(style);

    public override TextEdit InsertIntoMapping(MappingNode mapping, List<TemplatePatch.Pending> pending, Placement placement)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (!IsBlock(mapping))
        {
            var flow = string.Join(", ", pending.Select(p => renderer.YamlKey(p.Key, flow: true) + ": " + renderer.YamlFlow(p.Value)));
            if (mapping.Entries.Count == 0)
            {
                return TextEdit.Insert(mapping.Span.Start.Offset + 1, flow);
            }

            if (placement.Before is { } before)
            {
                return TextEdit.Insert(mapping.Find(before)!.Key.Span.Start.Offset, flow + ", ");
            }

            var anchor = placement.After is { } a ? mapping.Find(a)! : mapping.Entries[^1];
            return TextEdit.Insert(NodeGeometry.ContentEnd(anchor, Document), ", " + flow);
        }

        var indent = mapping.Entries[0].Key.Span.Start.Column - 1;
        var separated = Separated(mapping);
        if (placement.Before is { } key)
        {
            var keyStart = mapping.Find(key)!.Key.Span.Start.Offset;
            var keyLine = NodeGeometry.LineStartOf(text, keyStart);
            if (!NodeGeometry.IsBlank(text, keyLine, keyStart))
            {
                // The first key of a sequence item shares the dash's line: the new keys take its place.
                return TextEdit.Insert(keyStart, renderer.Text(Entries(pending, indent, "", "").Append(' ', indent), indent));
            }

            var at = NodeGeometry.CommentBlockStart(text, keyLine);
            return renderer.Insertion(at, Entries(pending, indent, "", separated ? nl : ""));
        }

        var last = placement.After is { } after ? mapping.Find(after)! : mapping.Entries[^1];
        var position = NodeGeometry.LineEndAfter(text, NodeGeometry.ContentEnd(last, Document));
        position = NodeGeometry.SkipTrailingComments(text, position, indent);
        if (separated && last.AliasSpan is null && KeepsTrailingLines(last.Value))
        {
            separated = false;
        }

        return renderer.Insertion(position, Entries(pending, indent, separated ? nl : "", ""));
    }

    public override TextEdit AppendToSequence(SequenceNode sequence, IReadOnlyList<NewNode> items)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (!IsBlock(sequence))
        {
            var flow = string.Join(", ", items.Select(renderer.YamlFlow));
            return sequence.Items.Count == 0
                ? TextEdit.Insert(sequence.Span.Start.Offset + 1, flow)
                : TextEdit.Insert(NodeGeometry.ContentEnd(sequence, sequence.Items.Count - 1, Document), ", " + flow);
        }

        var dash = DashIndent(sequence);
        var position = NodeGeometry.LineEndAfter(text, NodeGeometry.ContentEnd(sequence, sequence.Items.Count - 1, Document));
        position = NodeGeometry.SkipTrailingComments(text, position, dash);
        return TextEdit.Insert(position, renderer.YamlSequence(items, dash, nl));
    }

    public override TextEdit ReplaceNode(TemplateNode node, TemplateNode parent, ScalarNode? key, NewNode value)
    {
        var text = Document.Text;
        var end = NodeGeometry.ContentEnd(node, Document);
        if (!IsBlock(parent))
        {
            return new TextEdit(node.Span.Start.Offset, end, renderer.YamlFlow(value));
        }

        if (key is not null)
        {
            var start = NodeGeometry.AfterColon(key, text);
            return new TextEdit(start, Math.Max(start, end), renderer.YamlValueAfterKey(value, key.Span.Start.Column - 1));
        }

        var dash = DashIndent((SequenceNode)parent);
        return new TextEdit(node.Span.Start.Offset, end, renderer.YamlItemValue(value, dash));
    }

    public override TextEdit WrapNode(TemplateNode node, TemplateNode parent, ScalarNode? key, IReadOnlyList<NewNode> items)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        var start = node.Span.Start.Offset;
        var end = NodeGeometry.ContentEnd(node, Document);
        var original = text[start..end];
        if (!IsBlock(node) && (node is not ScalarNode || !IsBlock(parent)))
        {
            // Flow style: [value, new, ...] around the value as written.
            return new TextEdit(start, end, "[" + original + string.Concat(items.Select(i => ", " + renderer.YamlFlow(i))) + "]");
        }

        if (key is null)
        {
            throw new EditConflictException($"cannot turn the value at line {node.Span.Start.Line} into a list");
        }

        var dash = key.Span.Start.Column - 1 + Style.SequenceIndent;
        var newItems = nl + renderer.YamlSequence(items, dash);
        var lineEnd = NodeGeometry.IsLineStart(text, end) ? end : NodeGeometry.LineEnd(text, end);
        var tail = text[end..lineEnd];
        if (NodeGeometry.IsLineStart(text, end))
        {
            // A keep-chomped block scalar ends at a line start: the new items follow its last line break.
            newItems = newItems[nl.Length..] + nl;
        }

        if (node is MappingNode mapping)
        {
            // A block mapping: its lines move under a dash, shifted so that its keys align after "- ".
            var firstKey = mapping.Entries[0].Key.Span.Start.Offset;
            var lineStart = NodeGeometry.LineStartOf(text, firstKey);
            if (!NodeGeometry.IsBlank(text, lineStart, firstKey) || lineStart <= key.Span.End.Offset)
            {
                throw new EditConflictException($"cannot turn the mapping at line {node.Span.Start.Line} into a list: its first key does not start its line");
            }

            var column = firstKey - lineStart;
            var block = text[firstKey..end];
            return new TextEdit(lineStart, lineEnd, new string(' ', dash) + "- " + Shift(block, dash + 2 - column) + tail + newItems);
        }

        // A scalar: it moves to the first item's line, its continuation lines (if any) kept deeper than the dash.
        if (node is ScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded } && original.TakeWhile(c => c is not ('\n' or '\r' or '#')).Any(char.IsAsciiDigit))
        {
            throw new EditConflictException($"cannot turn the block scalar at line {node.Span.Start.Line} into a list: its explicit indentation would change meaning");
        }

        // On the key's line the value gives way to a line break; on a line of its own (after a comment, say) that line takes the dash.
        var from = NodeGeometry.AfterColon(key, text);
        var onOwnLine = text.AsSpan(from, start - from).IndexOfAny('\n', '\r') >= 0;
        if (!onOwnLine && !NodeGeometry.IsBlank(text, from, start))
        {
            throw new EditConflictException($"cannot turn the value at line {node.Span.Start.Line} into a list: something is written between its key and it");
        }

        var editStart = onOwnLine ? NodeGeometry.LineStartOf(text, start) : from;
        var deepest = MinimalIndent(original);
        var shift = deepest is { } indent && indent <= dash ? dash + 2 - indent : 0;
        return new TextEdit(editStart, lineEnd, (onOwnLine ? "" : nl) + new string(' ', dash) + "- " + Shift(original, shift) + tail + newItems);
    }

    /// <summary>The new entries at <paramref name="indent"/>, each ended by a line break and wrapped in <paramref name="before"/> and <paramref name="after"/> (a blank line in separated mappings); the renderer's builder, handed back with its text.</summary>
    private StringBuilder Entries(List<TemplatePatch.Pending> pending, int indent, string before, string after)
    {
        var builder = renderer.Builder();
        foreach (var entry in pending)
        {
            builder.Append(before);
            renderer.WriteYamlEntry(builder, entry.Key, entry.Value, indent);
            builder.Append(Style.Newline).Append(after);
        }

        return builder;
    }

    private static bool IsBlock(TemplateNode node) => node is MappingNode { IsFlow: false } or SequenceNode { IsFlow: false };

    /// <summary>The smallest indentation of the non-blank lines after the first, or null for a one-line text.</summary>
    private static int? MinimalIndent(string value)
    {
        int? minimal = null;
        var lines = value.Split('\n', '\r');
        foreach (var line in lines.Skip(1))
        {
            var trimmed = line.TrimStart(' ');
            if (trimmed.Length > 0)
            {
                minimal = Math.Min(minimal ?? int.MaxValue, line.Length - trimmed.Length);
            }
        }

        return minimal;
    }

    /// <summary>A keep-chomped block scalar (<c>|+</c>) owns the blank lines after it: a separator there would change its value.</summary>
    private bool KeepsTrailingLines(TemplateNode node) => node is ScalarNode scalar && NodeGeometry.IsKeepChomped(scalar, Document.Text);

    private int DashIndent(SequenceNode sequence)
    {
        var text = Document.Text;
        var i = (sequence.AliasSpan(0) ?? sequence.Items[0].Span).Start.Offset - 1;
        while (i >= 0 && text[i] is not ('-' or '\n' or '\r'))
        {
            i--;
        }

        return i >= 0 && text[i] == '-' ? i - NodeGeometry.LineStartOf(text, i) : sequence.Span.Start.Column - 1;
    }

    /// <summary>True when the mapping's entries are separated by blank lines (as resources and sections usually are).</summary>
    private bool Separated(MappingNode mapping)
    {
        var text = Document.Text;
        if (mapping.Entries.Count < 2)
        {
            return ReferenceEquals(mapping, Document.Root) || (parentOf(mapping) is MappingNode parent && ReferenceEquals(parent, Document.Root) && Separated(parent));
        }

        // A plain loop: the Resources section of a large template has thousands of entries.
        var blank = 0;
        for (var i = 1; i < mapping.Entries.Count; i++)
        {
            var lineStart = NodeGeometry.LineStartOf(text, mapping.Entries[i].Key.Span.Start.Offset);
            if (NodeGeometry.BlankLineBefore(text, NodeGeometry.CommentBlockStart(text, lineStart)))
            {
                blank++;
            }
        }

        return blank * 2 >= mapping.Entries.Count - 1 && blank > 0;
    }
}
