using CsCheck;
using Ironclad.Core.Editing;

namespace Ironclad.Tests.Editing;

/// <summary>Edits apply by position whatever order they come in; the order given only ranks insertions at one offset.</summary>
public class TextEditsOrderTests
{
    [Fact]
    public void Edits_In_Any_Order_Apply_As_Sorted_Ones() =>
        Gen.Select(
            Gen.String[Gen.Char["ab\n"], 0, 60],
            Gen.Select(Gen.Int[0, 60], Gen.Int[0, 3], Gen.String[Gen.Char["xy"], 0, 4]).List[0, 8],
            Gen.Int)
        .Sample((text, raw, seed) =>
        {
            // Distinct starts, each range clamped to the next start: no two edits overlap or share an offset.
            var starts = raw.Select(r => Math.Min(r.Item1, text.Length)).Distinct().Order().ToList();
            var sorted = starts.Select((start, i) =>
            {
                var limit = i + 1 < starts.Count ? starts[i + 1] : text.Length;
                return new TextEdit(start, Math.Min(start + raw[i].Item2, limit), raw[i].Item3);
            }).ToList();
            var random = new Random(seed);
            var shuffled = sorted.OrderBy(_ => random.Next()).ToList();

            Assert.Equal(TextEdits.Apply(text, sorted), TextEdits.Apply(text, shuffled));
            Assert.Equal(TextEdits.Apply(text, sorted), TextEdits.Apply(text, [.. Enumerable.Reverse(sorted)]));
        });

    [Fact]
    public void Insertions_At_One_Offset_Keep_The_Order_Given_Before_A_Replacement_There() =>
        Assert.Equal("aXYzcdef", TextEdits.Apply("abcdef", [new TextEdit(1, 2, "z"), TextEdit.Insert(1, "X"), TextEdit.Insert(1, "Y")]));
}
