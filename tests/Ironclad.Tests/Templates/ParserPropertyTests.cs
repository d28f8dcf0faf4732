using System.Text;
using System.Text.Json;
using CsCheck;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Templates;

/// <summary>
/// Random documents rendered as block YAML (2 or 4 spaces), flow YAML and JSON must parse back to the
/// same tree, and every key's position must point at that key in the text.
/// </summary>
public class ParserPropertyTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly JsonSerializerOptions Compact = new();

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 1, 8].Select(s => "k" + s);

    private static readonly Gen<Tree> Scalar = Gen.OneOf(
        Word.Select(w => (Tree)new Leaf(w)),
        Gen.Int[0, 100000].Select(i => (Tree)new Leaf(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<Tree> Trees = Gen.Recursive<Tree>((depth, tree) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (2, tree.List[1, 4].Select(items => (Tree)new Seq(items))),
            (3, Gen.Select(Word.List[1, 5], tree.List[5, 5], (keys, values) =>
                (Tree)new Map(keys.Distinct().Select((k, i) => (k, values[i])).ToList())))));

    private static readonly Gen<Map> Documents = Gen.Select(Word.List[1, 5], Trees.List[5, 5], (keys, values) =>
        new Map(keys.Distinct().Select((k, i) => (k, values[i])).ToList()));

    /// <summary>Text made of YAML's indicators, quotes, breaks and tabs: mostly invalid, in every way a reader can meet.</summary>
    private static readonly Gen<string> Garbage = Gen.String[Gen.Char["[]{}:,-?|>'\"!&*#%@`\\\n\r\t  ab1"], 0, 60].Select(s => "a: " + s);

    [Fact]
    public void Any_Text_Parses_Or_Fails_As_A_Positioned_Template_Error() =>
        Garbage.Sample(text =>
        {
            // Whatever the reader throws on bad input is the file's error (exit 2), never the tool's own failure (exit 3).
            try
            {
                TemplateDocument.Parse("t.yaml", text);
            }
            catch (TemplateLoadException ex)
            {
                // At most the line after the last: an error at the end of the text is reported where the text ends.
                Assert.InRange(ex.Position.Line, 1, text.Count(c => c == '\n') + text.Count(c => c == '\r') + 2);
            }
        }, iter: 20_000);

    [Fact]
    public void Block_Yaml_Parses_Back_With_Key_Positions() =>
        Gen.Select(Documents, Gen.OneOf(Gen.Const(2), Gen.Const(4))).Sample((doc, indent) =>
        {
            var text = new StringBuilder();
            RenderBlock(doc, 0, indent, text);
            var parsed = TemplateDocument.Parse("t.yaml", text.ToString());
            AssertSame(doc, parsed.Root, parsed.Text);
        });

    [Fact]
    public void Flow_Yaml_And_Json_Parse_Back_With_Key_Positions() =>
        Documents.Sample(doc =>
        {
            foreach (var name in new[] { "t.json", "t.yaml" })
            {
                var text = JsonSerializer.Serialize(ToJson(doc), name == "t.json" ? Indented : Compact);
                // A leading comment keeps the JSON sniffing off, so the YAML parser reads the flow style.
                var parsed = TemplateDocument.Parse(name, name == "t.yaml" ? "# flow style\n" + text : text);
                AssertSame(doc, parsed.Root, parsed.Text);
            }
        });

    [Fact]
    public void Short_Form_Tags_Become_Their_Long_Form() =>
        Gen.Select(Word, Gen.OneOf(Gen.Const("!Ref"), Gen.Const("!Sub"), Gen.Const("!GetAtt"), Gen.Const("!ImportValue"))).Sample((word, tag) =>
        {
            var parsed = TemplateDocument.Parse("t.yaml", $"A: {tag} {word}.Arn\n");
            var call = Assert.IsType<MappingNode>(parsed.Root["A"]);
            Assert.Equal(tag, call.ShortFormTag);
            Assert.Equal(Intrinsics.FunctionForTag(tag), call.Entries[0].Key.Value);
            Assert.Equal($"{word}.Arn", ((ScalarNode)call.Entries[0].Value).Value);
            Assert.Equal(3, call.Span.Start.Offset);
        });

    private static void RenderBlock(Tree tree, int level, int indent, StringBuilder text)
    {
        var pad = new string(' ', level * indent);
        switch (tree)
        {
            case Map map:
                foreach (var (key, value) in map.Entries)
                {
                    text.Append(pad).Append(key).Append(':');
                    if (value is Leaf leaf)
                    {
                        text.Append(' ').Append(leaf.Text).Append('\n');
                    }
                    else
                    {
                        text.Append('\n');
                        RenderBlock(value, level + 1, indent, text);
                    }
                }

                break;
            case Seq seq:
                foreach (var item in seq.Items)
                {
                    if (item is Leaf leaf)
                    {
                        text.Append(pad).Append("- ").Append(leaf.Text).Append('\n');
                    }
                    else
                    {
                        // A nested collection under a dash goes on the following lines, one level deeper.
                        text.Append(pad).Append("-\n");
                        RenderBlock(item, level + 1, indent, text);
                    }
                }

                break;
        }
    }

    private static object ToJson(Tree tree) => tree switch
    {
        Map m => m.Entries.ToDictionary(e => e.Key, e => ToJson(e.Value)),
        Seq s => s.Items.Select(ToJson).ToList(),
        Leaf l => l.Text,
        _ => throw new InvalidOperationException(),
    };

    private static void AssertSame(Tree expected, TemplateNode actual, string text)
    {
        switch (expected)
        {
            case Map map:
                var node = Assert.IsType<MappingNode>(actual);
                Assert.Equal(map.Entries.Select(e => e.Key), node.Entries.Select(e => e.Key.Value));
                foreach (var ((_, value), entry) in map.Entries.Zip(node.Entries))
                {
                    var keyText = text.AsSpan(entry.Key.Span.Start.Offset).TrimStart('"');
                    Assert.True(keyText.StartsWith(entry.Key.Value, StringComparison.Ordinal), $"key {entry.Key.Value} not at its offset");
                    AssertSame(value, entry.Value, text);
                }

                break;
            case Seq seq:
                var list = Assert.IsType<SequenceNode>(actual);
                Assert.Equal(seq.Items.Count, list.Items.Count);
                foreach (var (item, child) in seq.Items.Zip(list.Items))
                {
                    AssertSame(item, child, text);
                }

                break;
            case Leaf leaf:
                Assert.Equal(leaf.Text, Assert.IsType<ScalarNode>(actual).Value);
                break;
        }
    }

    private abstract record Tree;

    private sealed record Leaf(string Text) : Tree;

    private sealed record Seq(IReadOnlyList<Tree> Items) : Tree;

    private sealed record Map(IReadOnlyList<(string Key, Tree Value)> Entries) : Tree;
}
