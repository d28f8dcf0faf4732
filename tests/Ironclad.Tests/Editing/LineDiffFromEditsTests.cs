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

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        return text.Length == 0 ? [] : text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
