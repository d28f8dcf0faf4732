using CsCheck;
using Ironclad.Core.Editing;

namespace Ironclad.Tests.Editing;

public class LineDiffTests
{
    [Fact]
    public void Should_Write_A_Unified_Diff_With_Context()
    {
        var before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        var after = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n";

        var diff = LineDiff.Unified(before, after, "a/t.yaml", "b/t.yaml", context: 2);

        Assert.Equal("""
            --- a/t.yaml
            +++ b/t.yaml
            @@ -2,5 +2,5 @@
             b
             c
            -d
            +D
             e
             f
            @@ -9,2 +9,3 @@
             i
             j
            +k

            """, diff);
    }

    [Fact]
    public void Should_Be_Empty_For_Equal_Texts_And_Ignore_Carriage_Returns()
    {
        Assert.Equal("", LineDiff.Unified("a\r\nb\r\n", "a\r\nb\r\n", "x", "y"));
        Assert.Equal("--- x\n+++ y\n@@ -0,0 +1,1 @@\n+a\n", LineDiff.Unified("", "a\n", "x", "y"));
    }

    [Fact]
    public void Should_Produce_A_Script_That_Rebuilds_Both_Texts_And_Is_Minimal_For_Insertions()
    {
        var lines = Gen.Int[0, 4].Select(i => "l" + i).Array[0, 30];
        Gen.Select(lines, lines).Sample((a, b) =>
        {
            var oldText = string.Concat(a.Select(l => l + "\n"));
            var newText = string.Concat(b.Select(l => l + "\n"));
            var script = LineDiff.Compare(oldText, newText);

            Assert.Equal(a, script.Where(l => l.Kind != LineDiff.Kind.Added).Select(l => l.Text));
            Assert.Equal(b, script.Where(l => l.Kind != LineDiff.Kind.Removed).Select(l => l.Text));
        });

        // Pure insertions (what fix produces most) show no removed line.
        Gen.Select(lines, Gen.Int[0, 30], lines).Sample((a, at, inserted) =>
        {
            var position = Math.Min(at, a.Length);
            var b = a[..position].Concat(inserted).Concat(a[position..]).ToArray();
            var script = LineDiff.Compare(string.Concat(a.Select(l => l + "\n")), string.Concat(b.Select(l => l + "\n")));

            Assert.Equal(inserted.Length, script.Count(l => l.Kind == LineDiff.Kind.Added));
            Assert.DoesNotContain(script, l => l.Kind == LineDiff.Kind.Removed);
        });
    }
}
