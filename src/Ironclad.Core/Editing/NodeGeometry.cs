using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// Where a node's text really ends and where its lines are. The parser's spans of YAML block
/// collections run to the next token (past trailing comments and blank lines) and those of YAML
/// flow collections stop before the closing bracket, so insertion points are computed here. LF,
/// CRLF and a lone CR each end a line, as for the YAML reader.
/// </summary>
internal static class NodeGeometry
{
    private static readonly char[] LineBreaks = ['\r', '\n'];

    /// <summary>The offset just after the last character that belongs to the node's value.</summary>
    public static int ContentEnd(TemplateNode node, TemplateDocument document) => ContentEnd(node, document, 0);

    /// <summary>Where a mapping entry's value ends as written: after the alias when it is one (the anchored node lies elsewhere).</summary>
    public static int ContentEnd(MappingEntry entry, TemplateDocument document) =>
        entry.AliasSpan is { } alias ? alias.End.Offset : ContentEnd(entry.Value, document, 0);

    /// <summary>Where a sequence's item ends as written: after the alias when it is one.</summary>
    public static int ContentEnd(SequenceNode sequence, int index, TemplateDocument document) =>
        sequence.AliasSpan(index) is { } alias ? alias.End.Offset : ContentEnd(sequence.Items[index], document, 0);

    /// <summary>
    /// For content ending at <paramref name="offset"/> (exclusive), the start of the next line: past
    /// the rest of the content's line (a trailing comment included), or the text's end.
    /// </summary>
    public static int LineEndAfter(string text, int offset)
    {
        if (offset > 0 && IsLineStart(text, offset))
        {
            return offset;
        }

        return NextLineStart(text, offset);
    }

    /// <summary>The start of the line after the one holding <paramref name="offset"/>, or the text's end.</summary>
    public static int NextLineStart(string text, int offset)
    {
        var end = LineEnd(text, offset);
        return end < text.Length && text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? end + 2 : Math.Min(text.Length, end + 1);
    }

    /// <summary>The offset of the line break that ends the line holding <paramref name="offset"/>, or the text's end.</summary>
    public static int LineEnd(string text, int offset)
    {
        var newline = text.IndexOfAny(LineBreaks, Math.Min(offset, text.Length));
        return newline < 0 ? text.Length : newline;
    }

    public static int LineStartOf(string text, int offset)
    {
        if (offset > 0 && offset < text.Length && text[offset] == '\n' && text[offset - 1] == '\r')
        {
            // Inside a CRLF: the line is the one the CR ends.
            offset--;
        }

        var newline = offset == 0 ? -1 : text.LastIndexOfAny(LineBreaks, offset - 1);
        return newline + 1;
    }

    /// <summary>True when <paramref name="offset"/> starts a line (and is not between the CR and the LF of a CRLF).</summary>
    public static bool IsLineStart(string text, int offset) =>
        offset == 0 || text[offset - 1] == '\n' || (text[offset - 1] == '\r' && (offset == text.Length || text[offset] != '\n'));

    /// <summary>The number of leading spaces of the line that holds <paramref name="offset"/>.</summary>
    public static int IndentOf(string text, int offset)
    {
        var start = LineStartOf(text, offset);
        var i = start;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i - start;
    }

    /// <summary>The leading whitespace (spaces and tabs) of the line that holds <paramref name="offset"/>.</summary>
    public static string LeadOf(string text, int offset)
    {
        var start = LineStartOf(text, offset);
        var i = start;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return text[start..i];
    }

    /// <summary>True when the text between two offsets is whitespace only.</summary>
    public static bool IsBlank(string text, int from, int to)
    {
        for (var i = from; i < to && i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The offset just after the <c>:</c> that follows a block mapping key.</summary>
    public static int AfterColon(ScalarNode key, string text)
    {
        var i = key.Span.End.Offset;
        while (i < text.Length && text[i] != ':')
        {
            i++;
        }

        return Math.Min(text.Length, i + 1);
    }

    /// <summary>
    /// The start of the comment lines directly above the line at <paramref name="lineStart"/> (no blank
    /// line between) that are indented no deeper than it: they describe what follows them, so
    /// insertions go above them. Deeper comments belong to the block above.
    /// </summary>
    public static int CommentBlockStart(string text, int lineStart)
    {
        var indent = IndentOf(text, lineStart);
        var start = lineStart;
        while (start > 0)
        {
            var previous = LineStartOf(text, start - 1);
            // Spans, not substrings: this runs for every key of a large mapping (Separated, over thousands of resources).
            var line = text.AsSpan(previous, start - previous);
            var trimmed = line.TrimStart(" \t");
            if (!trimmed.StartsWith('#') || line.Length - trimmed.Length > indent)
            {
                break;
            }

            start = previous;
        }

        return start;
    }

    /// <summary>True when the line before <paramref name="lineStart"/> is blank.</summary>
    public static bool BlankLineBefore(string text, int lineStart)
    {
        if (lineStart == 0)
        {
            return false;
        }

        var previous = LineStartOf(text, lineStart - 1);
        return IsBlank(text, previous, lineStart);
    }

    /// <summary>
    /// Moves an insertion point at a line start past the comment lines that follow it and belong to
    /// the block above: those indented deeper than <paramref name="indent"/>, and those at that
    /// indentation unless a sibling key follows them directly (then they describe the sibling).
    /// </summary>
    public static int SkipTrailingComments(string text, int offset, int indent)
    {
        var deeperEnd = offset;
        var position = offset;
        var onlyDeeper = true;
        while (position < text.Length)
        {
            var next = NextLineStart(text, position);
            var line = text.AsSpan(position, next - position);
            var trimmed = line.TrimStart(' ');
            var lineIndent = line.Length - trimmed.Length;
            if (!trimmed.StartsWith('#') || lineIndent < indent)
            {
                break;
            }

            onlyDeeper &= lineIndent > indent;
            if (onlyDeeper)
            {
                deeperEnd = next;
            }

            position = next;
        }

        if (position < text.Length && !IsBlank(text, position, NextLineStart(text, position)) && IndentOf(text, position) == indent)
        {
            return deeperEnd;
        }

        return position;
    }

    /// <summary>True for a block scalar with keep chomping (<c>|+</c>, <c>>+</c>), whose trailing blank lines are content.</summary>
    public static bool IsKeepChomped(ScalarNode scalar, string text)
    {
        if (scalar.Style is not (ScalarStyle.Literal or ScalarStyle.Folded))
        {
            return false;
        }

        var start = scalar.Span.Start.Offset;
        var headerEnd = LineEnd(text, start);
        return headerEnd < text.Length && headerEnd < scalar.Span.End.Offset && text[start..headerEnd].Split('#')[0].Contains('+', StringComparison.Ordinal);
    }

    private static int ContentEnd(TemplateNode node, TemplateDocument document, int depth)
    {
        var text = document.Text;
        switch (node)
        {
            case ScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded } block:
                {
                    var start = block.Span.Start.Offset;
                    var end = block.Span.End.Offset;
                    if (IsKeepChomped(block, text))
                    {
                        // Trailing blank lines are part of the value.
                        return end;
                    }

                    while (end > start && char.IsWhiteSpace(text[end - 1]))
                    {
                        end--;
                    }

                    return end;
                }

            case ScalarNode scalar:
                return scalar.Span.End.Offset;
            case MappingNode { ShortFormTag: not null } tagged when depth < 200:
                // The short form's span is its argument's, which for a block collection runs to the next token.
                return ContentEnd(tagged.Entries[0].Value, document, depth + 1);
            case MappingNode { IsFlow: true } or SequenceNode { IsFlow: true }:
                {
                    var end = node.Span.End.Offset;
                    return document.Format == TemplateFormat.Yaml && end < text.Length && text[end] is '}' or ']' ? end + 1 : end;
                }

            case MappingNode map when map.Entries.Count > 0 && depth < 200:
                return map.Entries[^1].AliasSpan is { } alias ? alias.End.Offset : ContentEnd(map.Entries[^1].Value, document, depth + 1);
            case SequenceNode seq when seq.Items.Count > 0 && depth < 200:
                return seq.AliasSpan(seq.Items.Count - 1) is { } itemAlias ? itemAlias.End.Offset : ContentEnd(seq.Items[^1], document, depth + 1);
            default:
                return node.Span.End.Offset;
        }
    }
}
