namespace Ironclad.Core.Templates;

/// <summary>Maps character offsets to 1-based lines and columns. LF, CRLF and a lone CR (old Mac files) each end a line, as for the YAML reader.</summary>
public sealed class LineIndex
{
    private readonly int[] lineStarts;

    public LineIndex(string text)
    {
        // Two passes, counting first: a list grown by doubling copied a large template's index (one int per line, a
        // large object) four times over.
        var starts = new int[1 + Breaks(text, null)];
        Breaks(text, starts);
        lineStarts = starts;
    }

    /// <summary>Counts the line breaks, writing the offset after each from <c>starts[1]</c> on when given.</summary>
    private static int Breaks(string text, int[]? starts)
    {
        var count = 0;
        for (var i = text.AsSpan().IndexOfAny('\r', '\n'); i >= 0;)
        {
            // A CR directly followed by LF is one break, ending after the LF.
            if (text[i] == '\n' || i + 1 == text.Length || text[i + 1] != '\n')
            {
                count++;
                if (starts is not null)
                {
                    starts[count] = i + 1;
                }
            }

            var next = text.AsSpan(i + 1).IndexOfAny('\r', '\n');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return count;
    }

    public int LineCount => lineStarts.Length;

    public SourcePosition At(int offset)
    {
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourcePosition(line + 1, offset - lineStarts[line] + 1, offset);
    }

    /// <summary>Offset of the first character of a 1-based line.</summary>
    public int LineStart(int line) => lineStarts[Math.Clamp(line - 1, 0, lineStarts.Length - 1)];
}
