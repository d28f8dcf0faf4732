using System.Text;
using CsCheck;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Evaluation;

/// <summary>
/// Properties of the SAM Globals merge (docs/design/rules.md, SAM Globals) over generated Globals and function properties, written
/// as YAML text and parsed: resource scalars win, lists are the global items then the resource's, mappings
/// merge key by key, and a function without properties receives the Globals unchanged.
/// </summary>
public class SamGlobalsPropertyTests
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 6].Select(w => "v" + w);

    private static readonly Gen<string> Key = Gen.Int[0, 5].Select(i => $"K{i}");

    private static readonly Gen<Node> Scalars = Word.Select(w => (Node)new Leaf(w));

    private static readonly Gen<Node> Nodes = Gen.Frequency(
        (3, Scalars),
        (2, Word.List[0, 3].Select(items => (Node)new Items(items))),
        (2, Gen.Select(Key.List[1, 4], Word.List[4, 4], (keys, values) => (Node)new Entries(keys.Distinct().Select((k, i) => (k, (Node)new Leaf(values[i]))).ToList()))));

    private static readonly Gen<Entries> Properties = Gen.Select(Key.List[0, 6], Nodes.List[6, 6], (keys, values) =>
        new Entries(keys.Distinct().Select((k, i) => (k, values[i])).ToList()));

    [Fact]
    public void Resource_Scalars_Win() =>
        Gen.Select(Properties, Properties).Sample((globals, local) =>
        {
            var merged = Merge(globals, local);

            foreach (var (key, value) in local.Pairs.Where(p => p.Value is Leaf))
            {
                Assert.Equal(Render(value), Render(merged[key]!));
            }
        });

    [Fact]
    public void Lists_Are_Global_Items_Then_The_Resources() =>
        Gen.Select(Properties, Properties).Sample((globals, local) =>
        {
            var merged = Merge(globals, local);

            foreach (var (key, value) in local.Pairs)
            {
                if (value is Items mine && globals.Pairs.FirstOrDefault(p => p.Key == key).Value is Items theirs)
                {
                    Assert.Equal(Render(new Items([.. theirs.Values, .. mine.Values])), Render(merged[key]!));
                }
            }
        });

    [Fact]
    public void A_Function_Without_Properties_Receives_The_Globals() =>
        Properties.Sample(globals =>
        {
            var merged = Merge(globals, new Entries([]));

            Assert.Equal(Render(globals), Render(merged));
        });

    [Fact]
    public void Merged_Mapping_Keys_Are_The_Union() =>
        Gen.Select(Properties, Properties).Sample((globals, local) =>
        {
            var merged = Merge(globals, local);

            var union = globals.Pairs.Select(p => p.Key).Concat(local.Pairs.Select(p => p.Key)).Distinct();
            Assert.Equal(union, merged.Entries.Select(e => e.Key.Value));
            foreach (var (key, value) in local.Pairs)
            {
                if (value is Entries mine && globals.Pairs.FirstOrDefault(p => p.Key == key).Value is Entries theirs)
                {
                    var nested = Assert.IsType<MappingNode>(merged[key]);
                    Assert.Equal(theirs.Pairs.Select(p => p.Key).Concat(mine.Pairs.Select(p => p.Key)).Distinct(), nested.Entries.Select(e => e.Key.Value));
                }
            }
        });

    [Fact]
    public void Globals_Apply_Only_To_The_Serverless_Type_Of_Their_Section() =>
        Properties.Where(p => p.Pairs.Count > 0).Sample(globals =>
        {
            var template = Template(globals, null, "AWS::Lambda::Function");

            Assert.Null(SamGlobals.EffectiveProperties(template, template.Resources[0]));
        });

    /// <summary>The effective properties of a function with <paramref name="local"/> under Globals.Function <paramref name="globals"/>.</summary>
    private static MappingNode Merge(Entries globals, Entries local)
    {
        var template = Template(globals, local.Pairs.Count == 0 ? null : local, "AWS::Serverless::Function");
        return SamGlobals.EffectiveProperties(template, template.Resources[0]) ?? new MappingNode([], false, default);
    }

    private static CfnTemplate Template(Entries globals, Entries? local, string type)
    {
        var text = new StringBuilder(globals.Pairs.Count == 0 ? "Globals:\n  Function: {}\n" : "Globals:\n  Function:\n");
        Block(globals, 4, text);
        text.Append("Resources:\n  Fn:\n    Type: ").Append(type).Append('\n');
        if (local is not null)
        {
            text.Append("    Properties:\n");
            Block(local, 6, text);
        }

        return CfnTemplate.From(TemplateDocument.Parse("t.yaml", text.ToString()));
    }

    private static void Block(Entries entries, int indent, StringBuilder text)
    {
        foreach (var (key, value) in entries.Pairs)
        {
            text.Append(' ', indent).Append(key).Append(": ").Append(Flow(value)).Append('\n');
        }
    }

    private static string Flow(Node node) => node switch
    {
        Leaf leaf => leaf.Value,
        Items items => "[" + string.Join(", ", items.Values) + "]",
        Entries entries => "{" + string.Join(", ", entries.Pairs.Select(p => $"{p.Key}: {Flow(p.Value)}")) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Render(Node node) => node switch
    {
        Leaf leaf => leaf.Value,
        Items items => "[" + string.Join(",", items.Values) + "]",
        Entries entries => "{" + string.Join(",", entries.Pairs.Select(p => $"{p.Key}:{Render(p.Value)}")) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Render(TemplateNode node) => node switch
    {
        ScalarNode s => s.Value,
        SequenceNode seq => "[" + string.Join(",", seq.Items.Select(Render)) + "]",
        MappingNode map => "{" + string.Join(",", map.Entries.Select(e => $"{e.Key.Value}:{Render(e.Value)}")) + "}",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private abstract record Node;

    private sealed record Leaf(string Value) : Node;

    private sealed record Items(IReadOnlyList<string> Values) : Node;

    private sealed record Entries(IReadOnlyList<(string Key, Node Value)> Pairs) : Node;
}
