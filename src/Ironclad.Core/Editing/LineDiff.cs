using System.Globalization;
using System.Text;

namespace Ironclad.Core.Editing;

/// <summary>
/// A unified diff of two texts by lines, from Myers' O((N+M)D) shortest edit script. Written here
/// because no package served to this build offers one; templates are small, and the common prefix and
/// suffix are stripped before the search, so the quadratic trace stays small.
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
    public static IReadOnlyList<Line> Compare(string oldText, string newText)
    {
        var a = Split(oldText);
        var b = Split(newText);
        var lines = new List<Line>(a.Length + b.Length);
        int x = 0, y = 0;
        foreach (var kind in Script(a, b))
        {
            switch (kind)
            {
                case Kind.Same:
                    lines.Add(new Line(kind, a[x], ++x, ++y));
                    break;
                case Kind.Removed:
                    lines.Add(new Line(kind, a[x], ++x, y));
                    break;
                default:
                    lines.Add(new Line(kind, b[y], x, ++y));
                    break;
            }
        }

        return lines;
    }

    /// <summary>
    /// The edit script of applying <paramref name="edits"/> to <paramref name="oldText"/>, computed window by
    /// window: lines no edit touches are kept as they are, and only the lines around each group of edits
    /// are compared. A whole-text search costs O((N+M)D) time and O(D²) memory, which the thousands of
    /// insertions a large template receives turn into minutes; this stays linear in the text.
    /// </summary>
    public static IReadOnlyList<Line> Compare(string oldText, IReadOnlyList<TextEdit> edits)
    {
        var index = new Templates.LineIndex(oldText);
        var a = Split(oldText);
        var lines = new List<Line>(a.Length + edits.Count);
        int x = 0, y = 0;
        var ordered = edits.OrderBy(e => e.Start).ThenBy(e => e.End).ToList();
        var i = 0;
        while (i < ordered.Count)
        {
            // A window is the old lines from the first edit's line to the last touched line of a run of
            // edits whose windows overlap.
            var first = LineOf(index, ordered[i].Start, a.Length);
            var last = LastLineOf(index, ordered[i], a.Length);
            var j = i + 1;
            while (j < ordered.Count && LineOf(index, ordered[j].Start, a.Length) <= last)
            {
                last = Math.Max(last, LastLineOf(index, ordered[j], a.Length));
                j++;
            }

            while (x < first)
            {
                lines.Add(new Line(Kind.Same, a[x], ++x, ++y));
            }

            var windowStart = first < a.Length ? index.LineStart(first + 1) : oldText.Length;
            string window, newText;
            while (true)
            {
                var windowEnd = last + 1 < index.LineCount ? index.LineStart(last + 2) : oldText.Length;
                window = oldText[windowStart..windowEnd];
                newText = TextEdits.Apply(window, ordered.Skip(i).Take(j - i).Select(e => e with { Start = e.Start - windowStart, End = e.End - windowStart }).ToList());

                // An edit that removed the window's last line break joins the next line to it: take that line in too.
                if (windowEnd >= oldText.Length || newText.EndsWith('\n') || newText.EndsWith('\r'))
                {
                    break;
                }

                last++;
                while (j < ordered.Count && LineOf(index, ordered[j].Start, a.Length) <= last)
                {
                    last = Math.Max(last, LastLineOf(index, ordered[j], a.Length));
                    j++;
                }
            }

            var oldWindow = Split(window);
            var newWindow = Split(newText);
            var added = 0;
            foreach (var kind in Script(oldWindow, newWindow))
            {
                switch (kind)
                {
                    case Kind.Same:
                        lines.Add(new Line(kind, a[x], ++x, ++y));
                        added++;
                        break;
                    case Kind.Removed:
                        lines.Add(new Line(kind, a[x], ++x, y));
                        break;
                    default:
                        lines.Add(new Line(kind, newWindow[added++], x, ++y));
                        break;
                }
            }

            i = j;
        }

        while (x < a.Length)
        {
            lines.Add(new Line(Kind.Same, a[x], ++x, ++y));
        }

        return lines;
    }

    private static int LineOf(Templates.LineIndex index, int offset, int lineCount) => Math.Min(index.At(offset).Line - 1, Math.Max(0, lineCount - 1));

    private static int LastLineOf(Templates.LineIndex index, TextEdit edit, int lineCount) =>
        LineOf(index, Math.Max(edit.Start, edit.End - 1), lineCount);

    /// <summary>The unified diff (<c>diff -u</c> form) with <paramref name="context"/> lines around each change; empty when the texts are equal.</summary>
    public static string Unified(string oldText, string newText, string oldName, string newName, int context = 3) =>
        Format(Compare(oldText, newText), oldName, newName, context);

    /// <summary>The unified diff of applying <paramref name="edits"/> to <paramref name="oldText"/>, without searching the whole text.</summary>
    public static string Unified(string oldText, IReadOnlyList<TextEdit> edits, string oldName, string newName, int context = 3) =>
        Format(Compare(oldText, edits), oldName, newName, context);

    private static string Format(IReadOnlyList<Line> lines, string oldName, string newName, int context)
    {
        if (lines.All(l => l.Kind == Kind.Same))
        {
            return "";
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Kind == Kind.Same)
            {
                i++;
                continue;
            }

            var start = Math.Max(0, i - context);
            var end = i;
            while (end < lines.Count)
            {
                if (lines[end].Kind != Kind.Same)
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < lines.Count && lines[run].Kind == Kind.Same)
                {
                    run++;
                }

                if (run == lines.Count || run - end > 2 * context)
                {
                    end = Math.Min(lines.Count, end + context);
                    break;
                }

                end = run;
            }

            var hunk = lines.Skip(start).Take(end - start).ToList();
            var oldCount = hunk.Count(l => l.Kind != Kind.Added);
            var newCount = hunk.Count(l => l.Kind != Kind.Removed);
            var oldStart = oldCount == 0 ? hunk[0].OldNumber : hunk.First(l => l.Kind != Kind.Added).OldNumber;
            var newStart = newCount == 0 ? hunk[0].NewNumber : hunk.First(l => l.Kind != Kind.Removed).NewNumber;
            output.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            foreach (var line in hunk)
            {
                output.Append(line.Kind switch { Kind.Removed => '-', Kind.Added => '+', _ => ' ' }).Append(line.Text).Append('\n');
            }

            i = end;
        }

        return output.ToString();
    }

    private static string[] Split(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        // LF, CRLF and a lone CR each end a line, as in the line index.
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return [.. lines];
    }

    /// <summary>
    /// The edit script of two line arrays: common leading and trailing lines first, then Myers on the rest.
    /// Trimming matters: an insertion of thousands of lines leaves nothing to search.
    /// </summary>
    private static List<Kind> Script(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var script = new List<Kind>(a.Length + b.Length);
        script.AddRange(Enumerable.Repeat(Kind.Same, prefix));
        script.AddRange(Myers(a[prefix..^suffix], b[prefix..^suffix]));
        script.AddRange(Enumerable.Repeat(Kind.Same, suffix));
        return script;
    }

    private static List<Kind> Myers(string[] a, string[] b)
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
                while (x < n && y < m && a[x] == b[y])
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
