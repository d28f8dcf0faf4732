using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Tests.Examples;

namespace Ironclad.Tests.Editing;

/// <summary>The diff built from the edits, window by window, must be a true diff of the old and new texts.</summary>
public class LineDiffFromEditsTests
{
    [Fact]
    public void Random_Edits_Give_A_Script_That_Rebuilds_Both_Texts() =>
        Gen.Select(
            Gen.String[Gen.Char["ab \n"], 0, 120],
            Gen.Select(Gen.Int[0, 120], Gen.Int[0, 3], Gen.String[Gen.Char["xy\n"], 0, 6]).List[0, 6])
        .Sample((text, raw) =>
        {
            // Non-overlapping edits: sort the starts and clamp each range to the text and to the next start.
            var starts = raw.Select(r => Math.Min(r.Item1, text.Length)).Order().Distinct().ToList();
            var edits = starts.Select((start, i) =>
            {
                var limit = i + 1 < starts.Count ? starts[i + 1] : text.Length;
                var length = raw[i].Item2;
                return new TextEdit(start, Math.Min(start + length, limit), raw[i].Item3);
            }).ToList();
            var newText = TextEdits.Apply(text, edits);

            AssertRebuilds(text, newText, LineDiff.Compare(text, edits));
        });

    [Fact]
    public void Random_Edits_Give_A_Unified_Diff_That_Patches_The_Old_Lines_Into_The_New() =>
        Gen.Select(
            Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n"), Gen.Const("\r")),
            Gen.String[Gen.Char["ab \n"], 0, 120],
            Gen.Select(Gen.Int[0, 150], Gen.Int[0, 3], Gen.String[Gen.Char["xa\n"], 0, 6]).List[0, 6],
            Gen.Int[0, 3])
        .Sample((lineBreak, lines, rawEdits, context) =>
        {
            // One line break style per text, the edits' included, as the fixer writes in the document's own style. Mixed
            // styles can join a CR outside a window and an LF an edit puts at its edge into one break of the new text,
            // which the window reads as two (an extra empty line in the diff): a known limit, left out here.
            var text = lines.Replace("\n", lineBreak, StringComparison.Ordinal);
            var raw = rawEdits.Select(r => (r.Item1, r.Item2, r.Item3.Replace("\n", lineBreak, StringComparison.Ordinal))).ToList();

            // Sorted starts, each range clamped to the next start: insertions may share an offset, ranges never overlap.
            var starts = raw.Select(r => Math.Min(r.Item1, text.Length)).Order().ToList();
            var edits = starts.Select((start, i) =>
            {
                var limit = i + 1 < starts.Count ? starts[i + 1] : text.Length;
                return new TextEdit(start, Math.Min(start + raw[i].Item2, limit), raw[i].Item3);
            }).ToList();

            var diff = LineDiff.Unified(text, edits, "a/t", "b/t", context);

            Assert.Equal(BreakLines(TextEdits.Apply(text, edits)), Patch(BreakLines(text), diff));
        });

    [Fact]
    public void The_Prechat_Fix_Diff_Rebuilds_Both_Texts_And_Matches_The_Full_Search_In_Size()
    {
        var plan = Hardener.Plan(PrechatExampleTests.ExamplePath, new HardeningOptions());
        var hardened = plan.Apply();

        var windowed = LineDiff.Compare(plan.OriginalText, plan.Edits);

        AssertRebuilds(plan.OriginalText, hardened, windowed);
        var full = LineDiff.Compare(plan.OriginalText, hardened);
        Assert.Equal(full.Count(l => l.Kind != LineDiff.Kind.Same), windowed.Count(l => l.Kind != LineDiff.Kind.Same));
    }

    private static void AssertRebuilds(string oldText, string newText, IReadOnlyList<LineDiff.Line> lines)
    {
        Assert.Equal(Lines(oldText), lines.Where(l => l.Kind != LineDiff.Kind.Added).Select(l => l.Text));
        Assert.Equal(Lines(newText), lines.Where(l => l.Kind != LineDiff.Kind.Removed).Select(l => l.Text));
    }

    /// <summary>Applies a unified diff to lines as `patch` would, checking each hunk's header against its lines.</summary>
    private static List<string> Patch(string[] old, string diff)
    {
        var result = new List<string>();
        if (diff.Length == 0)
        {
            result.AddRange(old);
            return result;
        }

        var lines = diff.Split('\n')[..^1];
        Assert.Equal(["--- a/t", "+++ b/t"], lines[..2]);
        var x = 0;
        var at = 2;
        while (at < lines.Length)
        {
            var header = Regex.Match(lines[at++], @"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$");
            Assert.True(header.Success);
            var (oldStart, oldCount, newStart, newCount) = (Number(header, 1), Number(header, 2), Number(header, 3), Number(header, 4));
            // A hunk with no old (new) line names the line before it.
            var skipTo = oldCount == 0 ? oldStart : oldStart - 1;
            Assert.True(skipTo >= x);
            result.AddRange(old[x..skipTo]);
            x = skipTo;
            Assert.Equal(newCount == 0 ? newStart : newStart - 1, result.Count);
            var (removedOrKept, addedOrKept) = (0, 0);
            for (; at < lines.Length && !lines[at].StartsWith('@'); at++)
            {
                var (mark, line) = (lines[at][0], lines[at][1..]);
                if (mark != '+')
                {
                    Assert.Equal(old[x++], line);
                    removedOrKept++;
                }

                if (mark != '-')
                {
                    result.Add(line);
                    addedOrKept++;
                }
            }

            Assert.Equal((oldCount, newCount), (removedOrKept, addedOrKept));
        }

        result.AddRange(old[x..]);
        return result;
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    /// <summary>Lines as the diff reads them: LF, CRLF and a lone CR each end one.</summary>
    private static string[] BreakLines(string text)
    {
        var lines = Regex.Split(text, "\r\n|\r|\n");
        return lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        return text.Length == 0 ? [] : text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
