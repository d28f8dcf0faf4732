namespace Ironclad.Core.Editing;

/// <summary>
/// A unified diff of two texts by lines, from Myers' O((N+M)D) shortest edit script. Written here
/// because no package served to this build offers one; templates are small, and the common prefix and
/// suffix are stripped before the search, so the quadratic trace stays small. Lines are compared and printed as ranges
/// of the texts (<see cref="LineRange"/>), and the script keeps runs, not lines (<see cref="DiffScript"/>): a large
/// fix's diff then costs little more than its output.
/// </summary>
public static class LineDiff
{
    public enum Kind
    {
        Same,
        Removed,
        Added,
    }

    public readonly record struct Line(Kind Kind, string Text, int OldNumber, int NewNumber);

    /// <summary>The edit script: every line of both texts, as kept, removed or added.</summary>
    public static IReadOnlyList<Line> Compare(string oldText, string newText) => Whole(oldText, newText).Lines();

    /// <summary>
    /// The edit script of applying <paramref name="edits"/> to <paramref name="oldText"/>, computed window by
    /// window: lines no edit touches are kept as they are, and only the lines around each group of edits
    /// are compared. A whole-text search costs O((N+M)D) time and O(D²) memory, which the thousands of
    /// insertions a large template receives turn into minutes; this stays linear in the text.
    /// </summary>
    public static IReadOnlyList<Line> Compare(string oldText, IReadOnlyList<TextEdit> edits) => Windowed(oldText, edits).Lines();

    /// <summary>The unified diff (<c>diff -u</c> form) with <paramref name="context"/> lines around each change; empty when the texts are equal.</summary>
    public static string Unified(string oldText, string newText, string oldName, string newName, int context = 3) =>
        UnifiedDiffWriter.Write(Whole(oldText, newText), oldName, newName, context);

    /// <summary>
    /// The unified diff of applying <paramref name="edits"/> to <paramref name="oldText"/>, without searching the whole
    /// text. Fix runs it beside its self-checks: it reads the text and the edits, which nothing changes, and shares nothing else.
    /// </summary>
    public static string Unified(string oldText, IReadOnlyList<TextEdit> edits, string oldName, string newName, int context = 3) =>
        UnifiedDiffWriter.Write(Windowed(oldText, edits), oldName, newName, context);

    private static DiffScript Whole(string oldText, string newText)
    {
        var script = new DiffScript(oldText, addedCapacity: 0);
        var a = script.OldLines(0, script.OldLineCount);
        var b = script.ReadNewLines(newText.Length == 0 ? [] : [new LineRange(newText, 0, newText.Length)]);
        script.Record(Script(a, b));
        return script;
    }

    private static DiffScript Windowed(string oldText, IReadOnlyList<TextEdit> edits)
    {
        // Most added lines are lines of the edits' texts: reserve for them once instead of growing the list.
        var breaks = 0;
        foreach (var edit in edits)
        {
            foreach (var piece in edit.Chunks())
            {
                breaks += piece.Span.Count('\n');
            }
        }

        var script = new DiffScript(oldText, breaks + edits.Count);
        var index = script.Index;
        var lineCount = script.OldLineCount;
        var ordered = edits.OrderBy(e => e.Start).ThenBy(e => e.End).ToArray();
        var segments = new List<LineRange>();
        var x = 0;
        var i = 0;
        while (i < ordered.Length)
        {
            // A window is the old lines from the first edit's line to the last touched line of a run of
            // edits whose windows overlap.
            var first = LineOf(index, ordered[i].Start, lineCount);
            var last = LastLineOf(index, ordered[i], lineCount);
            var j = i + 1;
            while (j < ordered.Length && LineOf(index, ordered[j].Start, lineCount) <= last)
            {
                last = Math.Max(last, LastLineOf(index, ordered[j], lineCount));
                j++;
            }

            script.Keep(first - x);
            x = first;
            var windowStart = first < lineCount ? index.LineStart(first + 1) : oldText.Length;
            while (true)
            {
                var windowEnd = last + 1 < index.LineCount ? index.LineStart(last + 2) : oldText.Length;
                Segments(oldText, ordered.AsSpan(i, j - i), windowStart, windowEnd, segments);

                // An edit that removed the window's last line break joins the next line to it: take that line in too.
                if (windowEnd >= oldText.Length || (segments.Count > 0 && segments[^1].Span[^1] is '\n' or '\r'))
                {
                    break;
                }

                last++;
                while (j < ordered.Length && LineOf(index, ordered[j].Start, lineCount) <= last)
                {
                    last = Math.Max(last, LastLineOf(index, ordered[j], lineCount));
                    j++;
                }
            }

            var oldWindow = script.OldLines(first, lineCount == 0 ? 0 : last - first + 1);
            script.Record(Script(oldWindow, script.ReadNewLines(segments)));
            x += oldWindow.Length;
            i = j;
        }

        script.Keep(lineCount - x);
        return script;
    }

    /// <summary>
    /// The window's new text as pieces, in order: the old text between edits and each edit's text. The diff reads the
    /// edits without applying them, so it rejects overlapping edits and edits past the text's end itself, as applying does.
    /// </summary>
    private static void Segments(string oldText, ReadOnlySpan<TextEdit> edits, int windowStart, int windowEnd, List<LineRange> segments)
    {
        segments.Clear();
        var position = windowStart;
        foreach (var edit in edits)
        {
            if (edit.End < edit.Start || edit.End > oldText.Length)
            {
                throw new EditConflictException($"edit [{edit.Start}, {edit.End}) is outside the text (length {oldText.Length})");
            }

            if (edit.Start < position)
            {
                throw new EditConflictException($"edit [{edit.Start}, {edit.End}) overlaps the edit before it");
            }

            AddSegment(segments, new LineRange(oldText, position, edit.Start - position));
            foreach (var piece in edit.Chunks())
            {
                AddSegment(segments, new LineRange(piece));
            }

            position = edit.End;
        }

        AddSegment(segments, new LineRange(oldText, position, windowEnd - position));
    }

    private static void AddSegment(List<LineRange> segments, LineRange segment)
    {
        if (segment.Length > 0)
        {
            segments.Add(segment);
        }
    }

    private static int LineOf(Templates.LineIndex index, int offset, int lineCount) => Math.Min(index.At(offset).Line - 1, Math.Max(0, lineCount - 1));

    private static int LastLineOf(Templates.LineIndex index, TextEdit edit, int lineCount) =>
        LineOf(index, Math.Max(edit.Start, edit.End - 1), lineCount);

    /// <summary>
    /// The edit script of two line arrays: common leading and trailing lines first, then Myers on the rest.
    /// Trimming matters: an insertion of thousands of lines leaves nothing to search.
    /// </summary>
    private static List<Kind> Script(ReadOnlySpan<LineRange> a, ReadOnlySpan<LineRange> b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix].SameText(b[prefix]))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)].SameText(b[^(suffix + 1)]))
        {
            suffix++;
        }

        var script = new List<Kind>(a.Length + b.Length);
        script.AddRange(Enumerable.Repeat(Kind.Same, prefix));
        script.AddRange(Myers(a[prefix..^suffix], b[prefix..^suffix]));
        script.AddRange(Enumerable.Repeat(Kind.Same, suffix));
        return script;
    }

    private static List<Kind> Myers(ReadOnlySpan<LineRange> a, ReadOnlySpan<LineRange> b)
    {
        // Nothing on one side: the script is plain, and the search below would cost O(D²) memory for it.
        if (a.Length == 0 || b.Length == 0)
        {
            return [.. Enumerable.Repeat(Kind.Removed, a.Length), .. Enumerable.Repeat(Kind.Added, b.Length)];
        }

        int n = a.Length, m = b.Length, max = n + m;
        var v = new int[(2 * max) + 2];
        var trace = new List<int[]>();
        var found = false;
        for (var d = 0; d <= max && !found; d++)
        {
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x].SameText(b[y]))
                {
                    x++;
                    y++;
                }

                v[max + k] = x;
                if (x >= n && y >= m)
                {
                    found = true;
                    break;
                }
            }

            trace.Add(v[(max - d)..(max + d + 1)]);
        }

        // Walk back from (n, m): each step d ends with a diagonal run, before which lies one insertion or deletion.
        var script = new List<Kind>(max);
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d - 1];
            int At(int k) => previous[k + d - 1];
            var diagonal = cx - cy;
            var down = diagonal == -d || (diagonal != d && At(diagonal - 1) < At(diagonal + 1));
            var previousK = down ? diagonal + 1 : diagonal - 1;
            var previousX = At(previousK);
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                script.Add(Kind.Same);
                cx--;
                cy--;
            }

            if (down)
            {
                script.Add(Kind.Added);
                cy--;
            }
            else
            {
                script.Add(Kind.Removed);
                cx--;
            }
        }

        while (cx > 0 && cy > 0)
        {
            script.Add(Kind.Same);
            cx--;
            cy--;
        }

        script.Reverse();
        return script;
    }
}
