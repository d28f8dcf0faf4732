namespace Ironclad.Core.Templates;

/// <summary>Maps character offsets to 1-based lines and columns. LF, CRLF and a lone CR (old Mac files) each end a line, as for the YAML reader.</summary>
public sealed class LineIndex
{
    private readonly int[] lineStarts;

    public LineIndex(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
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
