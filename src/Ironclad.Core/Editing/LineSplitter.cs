namespace Ironclad.Core.Editing;

/// <summary>Reads lines out of a text given as pieces (a window's old text between edits and the edits' texts), without copying them.</summary>
internal static class LineSplitter
{
    /// <summary>
    /// Appends the lines of the text the (non-empty) segments make, as the line index reads lines: LF, CRLF and a lone CR each
    /// end a line, and a last line without a break counts when it is not empty. A line within one segment is a range of
    /// it; only a line that spans segments (an edit's text joined to the old text around it) is copied.
    /// </summary>
    public static void Split(List<LineRange> segments, List<LineRange> lines)
    {
        if (segments.Count == 0)
        {
            return;
        }

        // The line being read starts in segment `from` at offset `fromOffset` (offsets are relative to their segment).
        int from = 0, fromOffset = 0;
        var afterCr = false;
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s].Span;
            var position = 0;
            if (afterCr)
            {
                // A CR that ended the previous segment and an LF that starts this one are one break.
                afterCr = false;
                if (segment[position] == '\n')
                {
                    position++;
                    (from, fromOffset) = (s, position);
                }
            }

            while (position < segment.Length)
            {
                var found = segment[position..].IndexOfAny('\r', '\n');
                if (found < 0)
                {
                    break;
                }

                var lineBreak = position + found;
                lines.Add(Join(segments, from, fromOffset, s, lineBreak));
                position = lineBreak + 1;
                if (segment[lineBreak] == '\r')
                {
                    if (position == segment.Length)
                    {
                        afterCr = true;
                    }
                    else if (segment[position] == '\n')
                    {
                        position++;
                    }
                }

                (from, fromOffset) = (s, position);
            }
        }

        var tail = Join(segments, from, fromOffset, segments.Count - 1, segments[^1].Length);
        if (tail.Length > 0)
        {
            lines.Add(tail);
        }
    }

    /// <summary>The text from segment <paramref name="from"/> at <paramref name="fromOffset"/> to segment <paramref name="to"/> at <paramref name="toOffset"/>.</summary>
    private static LineRange Join(List<LineRange> segments, int from, int fromOffset, int to, int toOffset)
    {
        var length = 0;
        var pieces = 0;
        var only = new LineRange("", 0, 0);
        for (var s = from; s <= to; s++)
        {
            var piece = Piece(segments, s, from, fromOffset, to, toOffset);
            if (piece.Length > 0)
            {
                length += piece.Length;
                pieces++;
                only = piece;
            }
        }

        if (pieces <= 1)
        {
            return only;
        }

        var joined = string.Create(length, (segments, from, fromOffset, to, toOffset), static (span, state) =>
        {
            var (segments, from, fromOffset, to, toOffset) = state;
            for (var s = from; s <= to; s++)
            {
                var piece = Piece(segments, s, from, fromOffset, to, toOffset).Span;
                piece.CopyTo(span);
                span = span[piece.Length..];
            }
        });
        return new LineRange(joined, 0, length);
    }

    private static LineRange Piece(List<LineRange> segments, int s, int from, int fromOffset, int to, int toOffset)
    {
        var start = s == from ? fromOffset : 0;
        var end = s == to ? toOffset : segments[s].Length;
        return segments[s].Slice(start, end - start);
    }
}
