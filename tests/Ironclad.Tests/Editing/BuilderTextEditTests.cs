using System.Text;
using CsCheck;
using Ironclad.Core.Editing;

namespace Ironclad.Tests.Editing;

/// <summary>
/// An edit whose text stays in the builder it was rendered into (a large insertion) must apply, diff and read exactly as
/// the same edit with its text as a string, wherever the builder's chunks split the text (a CRLF included).
/// </summary>
public class BuilderTextEditTests
{
    [Fact]
    public void Builder_Edits_Apply_And_Diff_As_String_Edits_Do() =>
        Gen.Select(
            Gen.String[Gen.Char["ab \r\n"], 0, 120],
            Gen.Select(Gen.Int[0, 120], Gen.Int[0, 3], Gen.String[Gen.Char["xy\r\n"], 0, 40], Gen.Bool).List[0, 6])
        .Sample((text, raw) =>
        {
            var starts = raw.Select(r => Math.Min(r.Item1, text.Length)).Order().ToList();
            var strings = starts.Select((start, i) =>
            {
                var limit = i + 1 < starts.Count ? starts[i + 1] : text.Length;
                return new TextEdit(start, Math.Min(start + raw[i].Item2, limit), raw[i].Item3);
            }).ToList();
            var builders = strings.Select((e, i) => raw[i].Item4 ? new TextEdit(e.Start, e.End, Chunked(e.Text)) : e).ToList();

            Assert.Equal(TextEdits.Apply(text, strings), TextEdits.Apply(text, builders));
            Assert.Equal(LineDiff.Unified(text, strings, "a/t", "b/t"), LineDiff.Unified(text, builders, "a/t", "b/t"));
            Assert.Equal(LineDiff.Compare(text, strings), LineDiff.Compare(text, builders));
            Assert.Equal(strings.Select(e => (e.Text, e.Length)), builders.Select(e => (e.Text, e.Length)));
            Assert.Equal(strings.Select(e => e.Prefixed("\r\n").Text), builders.Select(e => e.Prefixed("\r\n").Text));
        });

    [Fact]
    public void A_Builder_Read_In_Chunks_Is_Split_Across_Them()
    {
        var builder = Chunked("ab\r\ncd\r\n");

        Assert.True(CountChunks(builder) > 2);
        Assert.Equal("xab\r\ncd\r\ny", TextEdits.Apply("xy", [new TextEdit(1, 1, builder)]));
    }

    /// <summary>A builder of <paramref name="text"/> in many small chunks: one character at a time from a capacity of one.</summary>
    private static StringBuilder Chunked(string text)
    {
        var builder = new StringBuilder(1);
        foreach (var c in text)
        {
            builder.Append(c);
        }

        return builder;
    }

    private static int CountChunks(StringBuilder builder)
    {
        var count = 0;
        foreach (var unused in builder.GetChunks())
        {
            count++;
        }

        return count;
    }
}
