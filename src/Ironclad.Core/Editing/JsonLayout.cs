using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// JSON layout: an object or array written on one line gets compact additions on that line; a
/// multi-line one gets one entry a line at its own indentation.
/// </summary>
internal sealed class JsonLayout(TemplateDocument document, DocumentStyle style) : PatchLayout(document, style)
{
    private readonly JsonRenderer renderer = new(style);

    public override TextEdit InsertIntoMapping(MappingNode mapping, List<TemplatePatch.Pending> pending, Placement placement)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (mapping.Entries.Count == 0)
        {
            var outer = NodeGeometry.LeadOf(text, mapping.Span.Start.Offset);
            var inner = outer + Style.JsonIndent;
            var body = string.Join("," + nl, pending.Select(p => inner + JsonRenderer.JsonString(p.Key) + ": " + renderer.Json(p.Value, inner)));
            return new TextEdit(mapping.Span.Start.Offset, mapping.Span.End.Offset, "{" + nl + body + nl + outer + "}");
        }

        var multiline = mapping.Entries[0].Key.Span.Start.Line != mapping.Span.Start.Line;
        if (!multiline)
        {
            var compact = string.Join(", ", pending.Select(p => JsonRenderer.JsonString(p.Key) + ": " + JsonRenderer.JsonCompact(p.Value)));
            if (placement.Before is { } b)
            {
                return TextEdit.Insert(mapping.Find(b)!.Key.Span.Start.Offset, compact + ", ");
            }

            var anchor = placement.After is { } a ? mapping.Find(a)!.Value : mapping.Entries[^1].Value;
            return TextEdit.Insert(anchor.Span.End.Offset, ", " + compact);
        }

        if (placement.Before is { } before)
        {
            var key = mapping.Find(before)!.Key;
            var lead = NodeGeometry.LeadOf(text, key.Span.Start.Offset);
            var body = string.Concat(pending.Select(p => JsonRenderer.JsonString(p.Key) + ": " + renderer.Json(p.Value, lead) + "," + nl + lead));
            return TextEdit.Insert(key.Span.Start.Offset, body);
        }

        var last = placement.After is { } after ? mapping.Find(after)! : mapping.Entries[^1];
        var indent = NodeGeometry.LeadOf(text, last.Key.Span.Start.Offset);
        var entries = string.Concat(pending.Select(p => "," + nl + indent + JsonRenderer.JsonString(p.Key) + ": " + renderer.Json(p.Value, indent)));
        return TextEdit.Insert(last.Value.Span.End.Offset, entries);
    }

    public override TextEdit AppendToSequence(SequenceNode sequence, IReadOnlyList<NewNode> items)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (sequence.Items.Count == 0)
        {
            var outer = NodeGeometry.LeadOf(text, sequence.Span.Start.Offset);
            var inner = outer + Style.JsonIndent;
            return new TextEdit(sequence.Span.Start.Offset, sequence.Span.End.Offset, "[" + nl + string.Join("," + nl, items.Select(i => inner + renderer.Json(i, inner))) + nl + outer + "]");
        }

        var lastItem = sequence.Items[^1];
        if (sequence.Items[0].Span.Start.Line == sequence.Span.Start.Line)
        {
            return TextEdit.Insert(lastItem.Span.End.Offset, string.Concat(items.Select(i => ", " + JsonRenderer.JsonCompact(i))));
        }

        var lead = NodeGeometry.LeadOf(text, lastItem.Span.Start.Offset);
        return TextEdit.Insert(lastItem.Span.End.Offset, string.Concat(items.Select(i => "," + nl + lead + renderer.Json(i, lead))));
    }

    public override TextEdit ReplaceNode(TemplateNode node, TemplateNode parent, ScalarNode? key, NewNode value)
    {
        var end = NodeGeometry.ContentEnd(node, Document);
        var rendered = IsCompact(parent) ? JsonRenderer.JsonCompact(value) : renderer.Json(value, NodeGeometry.LeadOf(Document.Text, node.Span.Start.Offset));
        return new TextEdit(node.Span.Start.Offset, end, rendered);
    }

    public override TextEdit WrapNode(TemplateNode node, TemplateNode parent, ScalarNode? key, IReadOnlyList<NewNode> items)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        var start = node.Span.Start.Offset;
        var end = NodeGeometry.ContentEnd(node, Document);
        var original = text[start..end];
        if (IsCompact(parent))
        {
            return new TextEdit(start, end, "[" + original + string.Concat(items.Select(i => ", " + JsonRenderer.JsonCompact(i))) + "]");
        }

        // One item a line, the value's own lines one level deeper.
        var lead = NodeGeometry.LeadOf(text, start);
        var inner = lead + Style.JsonIndent;
        var body = string.Concat(items.Select(i => "," + nl + inner + renderer.Json(i, inner)));
        return new TextEdit(start, end, "[" + nl + inner + Prefix(original, Style.JsonIndent) + body + nl + lead + "]");
    }

    /// <summary>True when the object or array holding a value is written on one line.</summary>
    private static bool IsCompact(TemplateNode parent) => parent switch
    {
        MappingNode m => m.Entries[0].Key.Span.Start.Line == m.Span.Start.Line,
        SequenceNode s => s.Items[0].Span.Start.Line == s.Span.Start.Line,
        _ => false,
    };
}
