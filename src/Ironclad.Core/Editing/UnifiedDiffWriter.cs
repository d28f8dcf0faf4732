using System.Globalization;

namespace Ironclad.Core.Editing;

/// <summary>
/// Writes a <see cref="DiffScript"/> as a unified diff (<c>diff -u</c> form). The hunks are found on the script's runs,
/// then measured, then written straight into the result string: a large fix's diff is megabytes, and a builder would
/// hold a second copy of it.
/// </summary>
internal static class UnifiedDiffWriter
{
    public static string Write(DiffScript script, string oldName, string newName, int context)
    {
        var hunks = Hunks(script, context);
        if (hunks.Count == 0)
        {
            return "";
        }

        var length = "--- ".Length + oldName.Length + "\n+++ ".Length + newName.Length + 1;
        var cursor = new Cursor(script);
        foreach (var hunk in hunks)
        {
            length += "@@ -".Length + Digits(hunk.OldStart) + 1 + Digits(hunk.OldCount) + " +".Length + Digits(hunk.NewStart) + 1 + Digits(hunk.NewCount) + " @@\n".Length;
            cursor.Skip(hunk.Start - cursor.Position);
            length += cursor.Measure(hunk.End - hunk.Start);
        }

        return string.Create(length, (script, hunks, oldName, newName), static (span, state) =>
        {
            var (script, hunks, oldName, newName) = state;
            var at = 0;
            Append(span, ref at, "--- ");
            Append(span, ref at, oldName);
            Append(span, ref at, "\n+++ ");
            Append(span, ref at, newName);
            span[at++] = '\n';
            var cursor = new Cursor(script);
            foreach (var hunk in hunks)
            {
                Append(span, ref at, "@@ -");
                Append(span, ref at, hunk.OldStart);
                span[at++] = ',';
                Append(span, ref at, hunk.OldCount);
                Append(span, ref at, " +");
                Append(span, ref at, hunk.NewStart);
                span[at++] = ',';
                Append(span, ref at, hunk.NewCount);
                Append(span, ref at, " @@\n");
                cursor.Skip(hunk.Start - cursor.Position);
                cursor.Write(hunk.End - hunk.Start, span, ref at);
            }
        });
    }

    /// <summary>
    /// The hunks, as ranges of the script's lines (all lines of both texts in script order): each change with
    /// <paramref name="context"/> kept lines around it, and changes at most 2 × context kept lines apart in one hunk.
    /// </summary>
    private static List<Hunk> Hunks(DiffScript script, int context)
    {
        var runs = script.Runs;
        var hunks = new List<Hunk>();
        var cursor = new Cursor(script);
        int position = 0, k = 0;
        while (k < runs.Count)
        {
            if (runs[k].Kind == LineDiff.Kind.Same)
            {
                position += runs[k].Count;
                k++;
                continue;
            }

            var start = Math.Max(0, position - context);
            var end = -1;
            while (k < runs.Count && end < 0)
            {
                var (kind, count) = runs[k];
                if (kind == LineDiff.Kind.Same && (k == runs.Count - 1 || count > 2 * context))
                {
                    end = position + Math.Min(count, context);
                }

                position += count;
                k++;
            }

            // Changes up to the last line: the hunk ends there.
            if (end < 0)
            {
                end = position;
            }

            cursor.Skip(start - cursor.Position);
            var (oldBefore, newBefore) = (cursor.OldLine, cursor.NewLine);
            cursor.Skip(end - start);
            var oldCount = cursor.OldLine - oldBefore;
            var newCount = cursor.NewLine - newBefore;

            // A hunk's start is its first line's number, or the line before it when the hunk has no line on that side.
            hunks.Add(new Hunk(start, end, oldCount == 0 ? oldBefore : oldBefore + 1, oldCount, newCount == 0 ? newBefore : newBefore + 1, newCount));
        }

        return hunks;
    }

    private static int Digits(int value)
    {
        var digits = 1;
        for (; value >= 10; value /= 10)
        {
            digits++;
        }

        return digits;
    }

    private static void Append(Span<char> span, ref int at, string text)
    {
        text.AsSpan().CopyTo(span[at..]);
        at += text.Length;
    }

    private static void Append(Span<char> span, ref int at, int value)
    {
        value.TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
        at += written;
    }

    private readonly record struct Hunk(int Start, int End, int OldStart, int OldCount, int NewStart, int NewCount);

    /// <summary>A position in the script's lines, moving forward only, with the old and new line counts and the added line it has reached.</summary>
    private struct Cursor(DiffScript script)
    {
        private int run;
        private int inRun;
        private int nextAdded;

        public int Position { get; private set; }

        /// <summary>Old lines before the position.</summary>
        public int OldLine { get; private set; }

        /// <summary>New lines before the position.</summary>
        public int NewLine { get; private set; }

        public void Skip(int lines) => Walk(lines, Span<char>.Empty, read: false, write: false, out _);

        /// <summary>Moves over <paramref name="lines"/> lines and returns the characters they take in the diff.</summary>
        public int Measure(int lines)
        {
            Walk(lines, Span<char>.Empty, read: true, write: false, out var length);
            return length;
        }

        public void Write(int lines, Span<char> span, ref int at)
        {
            Walk(lines, span[at..], read: true, write: true, out var written);
            at += written;
        }

        // Skipping reads no line: the unchanged stretches between hunks are most of a large file.
        private void Walk(int lines, Span<char> span, bool read, bool write, out int length)
        {
            length = 0;
            while (lines > 0)
            {
                var (kind, count) = script.Runs[run];
                var take = Math.Min(lines, count - inRun);
                for (var i = 0; read && i < take; i++)
                {
                    var line = kind == LineDiff.Kind.Added ? script.AddedLines[nextAdded + i] : script.OldLine(OldLine + i);
                    if (write)
                    {
                        span[length] = kind switch { LineDiff.Kind.Removed => '-', LineDiff.Kind.Added => '+', _ => ' ' };
                        line.Span.CopyTo(span[(length + 1)..]);
                        span[length + 1 + line.Length] = '\n';
                    }

                    length += line.Length + 2;
                }

                OldLine += kind == LineDiff.Kind.Added ? 0 : take;
                NewLine += kind == LineDiff.Kind.Removed ? 0 : take;
                nextAdded += kind == LineDiff.Kind.Added ? take : 0;
                Position += take;
                lines -= take;
                inRun += take;
                if (inRun == count)
                {
                    run++;
                    inRun = 0;
                }
            }
        }
    }
}
