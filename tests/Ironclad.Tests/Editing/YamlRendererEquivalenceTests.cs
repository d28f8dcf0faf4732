using System.Text;
using CsCheck;
using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Tests.Editing;

/// <summary>
/// The YAML renderer writes into one builder instead of building and re-prefixing each node's lines; for random
/// trees of new nodes (nested mappings, sequences of sequences, long-form and short-form intrinsics, keys and
/// strings that need quotes, scalars copied from a document with their quoting) in random document styles (indent
/// widths, indented and indentless sequences, quote preference, CRLF), every entry point must write exactly the
/// bytes of the renderer it replaced (<see cref="LegacyYamlRenderer"/>), so that fix's output does not change.
/// </summary>
public class YamlRendererEquivalenceTests
{
    private static readonly string[] Words = ["alpha", "s3:GetObject", "${AWS::Region}", "x y", "a: b", "#hash", "it's", "", "true", "10", "x #y", "[x]", "line\nbreak", "-dash", "2024-01-01", "Fn::Sub"];

    /// <summary>Scalars as a fix copies them from the input: their written text (quotes included) kept.</summary>
    private static readonly NewNode[] Copied = CopiedScalars();

    private static readonly Gen<NewNode> GenScalar = Gen.OneOf(
        Gen.Int[0, Words.Length - 1].Select(i => (NewNode)Str(Words[i])),
        Gen.Int[0, 99999].Select(i => (NewNode)Num(i)),
        Gen.Bool.Select(b => (NewNode)Bool(b)),
        Gen.Int[0, Copied.Length - 1].Select(i => Copied[i]));

    private static readonly Gen<NewNode> GenNode = Gen.Recursive<NewNode>((depth, self) =>
    {
        if (depth >= 4)
        {
            return GenScalar;
        }

        var map = self.List[0, 4].Select(values => (NewNode)new NewMapping(values.Select((v, i) => (Words[i * 3 % Words.Length] + i, v))));
        var seq = self.List[0, 3].Select(items => (NewNode)List(items));
        var call = Gen.OneOf(
            Gen.Int[0, Words.Length - 1].Select(i => (NewNode)Ref(Words[i])),
            Gen.Const<NewNode>(GetAtt("Bucket", "Arn")),
            Gen.Const<NewNode>(new NewCall("Fn::GetAtt", List(Str("Queue"), Str("Arn")))),
            Gen.Int[0, Words.Length - 1].Select(i => (NewNode)Sub(Words[i])),
            self.Select(s => (NewNode)new NewCall("Fn::Join", List(Str(","), List(s, Ref("X"))))),
            Gen.Select(self, self).Select((a, b) => (NewNode)If("Cond", a, b)),
            self.Select(s => (NewNode)new NewCall("Fn::Base64", s)),
            self.List[0, 2].Select(items => (NewNode)new NewCall("Fn::Select", List(items.Prepend<NewNode>(Num(0))))));
        return Gen.Frequency((3, GenScalar), (3, map), (2, seq), (2, call));
    });

    private static readonly Gen<DocumentStyle> GenStyle = Gen.Select(Gen.Int[2, 4], Gen.Bool, Gen.Bool, Gen.Bool).Select((indent, indentless, doubleQuotes, crlf) =>
    {
        var pad = new string(' ', indent);
        var dash = indentless ? "" : pad;
        var quoted = doubleQuotes ? "\"x y\"" : "'x y'";
        var text = $"A:\n{pad}B:\n{pad}{pad}C: {quoted}\n{pad}D: {quoted}\nL:\n{dash}- a\n{dash}- b\nM:\n{pad}N:\n{pad}{dash}- c\n";
        return DocumentStyle.Detect(TemplateDocument.Parse("t.yaml", crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text));
    });

    [Fact]
    public void Should_Write_The_Same_Text_As_The_Line_Building_Renderer()
    {
        Gen.Select(GenStyle, GenNode, GenNode, Gen.Int[0, 6], Gen.Int[0, Words.Length - 1]).Sample((style, node, other, indent, word) =>
        {
            var renderer = new YamlRenderer(style);
            var legacy = new LegacyYamlRenderer(style);
            var nl = style.Newline;
            var key = Words[word];

            var entry = new StringBuilder("prefix");
            renderer.WriteYamlEntry(entry, key, node, indent);
            Assert.Equal("prefix" + string.Join(nl, legacy.YamlEntry(key, node, indent)), entry.ToString());
            Assert.Equal(string.Join(nl, legacy.YamlSequence([node, other], indent)), renderer.YamlSequence([node, other], indent));
            Assert.Equal(legacy.YamlValueAfterKey(node, indent), renderer.YamlValueAfterKey(node, indent));
            Assert.Equal(legacy.YamlItemValue(node, indent), renderer.YamlItemValue(node, indent));
            Assert.Equal(legacy.YamlInline(node), renderer.YamlInline(node));
            Assert.Equal(legacy.YamlFlow(node), renderer.YamlFlow(node));
        });
    }

    private static NewNode[] CopiedScalars()
    {
        const string text = "A: 'it''s'\nB: \"x\\ty\"\nC: 007\nD: plain text\nE: yes\nF: 'x: y'\n";
        var document = TemplateDocument.Parse("t.yaml", text);
        return [.. document.Root.Entries.Select(e => NewNode.From(e.Value, text))];
    }
}
