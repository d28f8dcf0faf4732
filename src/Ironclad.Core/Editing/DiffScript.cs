using System.Runtime.InteropServices;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// An edit script kept small: runs of kept, removed or added lines instead of one entry per line. Kept and removed
/// lines are lines of the old text, read through its line index only when printed; only the added lines are listed,
/// as ranges of the text they come from. A long unchanged stretch of a large file is one run, never its lines.
/// </summary>
internal sealed class DiffScript
{
    private readonly List<(LineDiff.Kind Kind, int Count)> runs = [];
    private readonly List<LineRange> added;

    // The added lines before this index are the script's; those after it are the stretch being compared.
    private int pending;

    public DiffScript(string oldText, int addedCapacity)
    {
        OldText = oldText;
        Index = new LineIndex(oldText);

        // The index counts the empty line after a final line break; the diff, like `diff`, does not.
        OldLineCount = Index.LineStart(Index.LineCount) < oldText.Length ? Index.LineCount : Index.LineCount - 1;
        added = new List<LineRange>(addedCapacity);
    }

    public string OldText { get; }

    public LineIndex Index { get; }

    public int OldLineCount { get; }

    public IReadOnlyList<(LineDiff.Kind Kind, int Count)> Runs => runs;

    public IReadOnlyList<LineRange> AddedLines => added;

    public void Keep(int count) => Append(LineDiff.Kind.Same, count);

    /// <summary>
    /// The lines of a compared stretch's new text, read into the end of the added lines, where <see cref="Record"/> then
    /// keeps only those the script adds: a window of thousands of inserted lines is listed once, not also in a list of its own.
    /// </summary>
    public ReadOnlySpan<LineRange> ReadNewLines(List<LineRange> segments)
    {
        LineSplitter.Split(segments, added);
        return CollectionsMarshal.AsSpan(added)[pending..];
    }

    /// <summary>Appends the script of the stretch whose new lines <see cref="ReadNewLines"/> read: kept and removed lines are the next old lines.</summary>
    public void Record(List<LineDiff.Kind> kinds)
    {
        int y = pending, kept = pending;
        foreach (var kind in kinds)
        {
            switch (kind)
            {
                case LineDiff.Kind.Same:
                    y++;
                    break;
                case LineDiff.Kind.Added:
                    added[kept++] = added[y++];
                    break;
            }

            Append(kind, 1);
        }

        CollectionsMarshal.SetCount(added, kept);
        pending = kept;
    }

    /// <summary>The old line at a 0-based number, without its break (LF, CRLF or a lone CR).</summary>
    public LineRange OldLine(int line)
    {
        var start = Index.LineStart(line + 1);
        var end = OldText.Length;
        if (line + 2 <= Index.LineCount)
        {
            end = Index.LineStart(line + 2);
            end -= OldText[end - 1] == '\n' && end - 2 >= start && OldText[end - 2] == '\r' ? 2 : 1;
        }

        return new LineRange(OldText, start, end - start);
    }

    /// <summary>The old lines <paramref name="first"/> (0-based) to <paramref name="first"/> + <paramref name="count"/>.</summary>
    public LineRange[] OldLines(int first, int count)
    {
        var lines = new LineRange[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = OldLine(first + i);
        }

        return lines;
    }

    /// <summary>Every line of both texts, numbered, each copied into a string: the public script, for callers that read it line by line.</summary>
    public List<LineDiff.Line> Lines()
    {
        var lines = new List<LineDiff.Line>(OldLineCount + added.Count);
        int x = 0, y = 0, next = 0;
        foreach (var (kind, count) in runs)
        {
            for (var i = 0; i < count; i++)
            {
                lines.Add(kind switch
                {
                    LineDiff.Kind.Same => new LineDiff.Line(kind, OldLine(x).Span.ToString(), ++x, ++y),
                    LineDiff.Kind.Removed => new LineDiff.Line(kind, OldLine(x).Span.ToString(), ++x, y),
                    _ => new LineDiff.Line(kind, added[next++].Span.ToString(), x, ++y),
                });
            }
        }

        return lines;
    }

    private void Append(LineDiff.Kind kind, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (runs.Count > 0 && runs[^1].Kind == kind)
        {
            runs[^1] = (kind, runs[^1].Count + count);
        }
        else
        {
            runs.Add((kind, count));
        }
    }
}
