using System.Text;
using CsCheck;
using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Tests.Editing;

/// <summary>
/// Random documents (block and flow collections, comments, blank lines, indent widths 2-4,
/// indented and indentless sequences, quoting, CRLF, JSON with spaces or tabs) receive one random
/// edit; the result must parse to the expected tree and contain the original text unchanged around
/// the inserted text.
/// </summary>
public class TemplatePatchPropertyTests
{
    private static readonly string[] PlainWords = ["alpha", "beta-2", "s3:GetObject", "${AWS::Region}", "x y", "arn:aws:iam::1:root", "CamelCase"];
    private static readonly string[] QuotedWords = ["a: b", "#hash", "it's", "*", "", "true", "10", "x #y", "[x]"];

    private static readonly Gen<Model> GenModel = Gen.Recursive<Model>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Gen.Int[0, PlainWords.Length - 1].Select(i => (Model)new MScalar(PlainWords[i], 0)),
            Gen.Select(Gen.Int[0, QuotedWords.Length - 1], Gen.Int[1, 2]).Select((i, q) => (Model)new MScalar(QuotedWords[i], q)),
            Gen.Int[0, 99999].Select(i => (Model)new MScalar(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0)));
        if (depth >= 3)
        {
            return scalar;
        }

        var map = Gen.Select(self.List[0, 4], Gen.Bool).Select((values, flow) =>
            (Model)new MMap(values.Select((v, i) => ("k" + i, v)).ToList(), flow));
        var seq = Gen.Select(self.List[0, 3], Gen.Bool).Select((items, flow) => (Model)new MSeq(items, flow));
        return Gen.Frequency((3, scalar), (2, map), (1, seq));
    });

    private static readonly Gen<NewNode> GenNew = Gen.OneOf<NewNode>(
        Gen.Int[0, QuotedWords.Length - 1].Select(i => (NewNode)Str(QuotedWords[i])),
        Gen.Int[0, PlainWords.Length - 1].Select(i => (NewNode)Str(PlainWords[i])),
        Gen.Const<NewNode>(Ref("Thing")),
        Gen.Const<NewNode>(Select(1, Cidr(Ref("VpcCidr"), 16, 8))),
        Gen.Const<NewNode>(Build.Map(("Sid", Str("x")), ("Action", List(Str("s3:*"), Str("*"))), ("Condition", Build.Map(("Bool", Build.Map(("aws:SecureTransport", Str("false")))))))),
        Gen.Const<NewNode>(List(GetAtt("A", "Arn"), Sub("${A.Arn}/*"))),
        Gen.Const<NewNode>(If("Cond", Build.Map(("A", Num(1))), NoValue())),
        Gen.Const<NewNode>(Build.Map()),
        Gen.Const<NewNode>(List()));

    [Fact]
    public void Should_Insert_A_Key_Into_Any_Yaml_Mapping_And_Keep_Everything_Else()
    {
        Gen.Select(GenModel, GenNew, Gen.Int[2, 4], Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[0, 2]).Sample(
            (model, value, indent, indentless, newline, pick, where) =>
            {
                var root = new MMap([("Root", model), ("Tail", new MScalar("end", 0))], false);
                var text = WithLineEnds(new YamlWriter(indent, indentless, pick).Write(root), newline);

                var document = TemplateDocument.Parse("t.yaml", text);
                Assert.Equal(Canonical(root), Canonical(document.Root));

                var maps = Mappings(root, document.Root).ToList();
                var (expectedParent, node) = maps[pick % maps.Count];
                var placement = expectedParent.Entries.Count == 0 ? Placement.End : where switch
                {
                    0 => Placement.End,
                    1 => Placement.AfterKey(expectedParent.Entries[pick % expectedParent.Entries.Count].Key),
                    _ => Placement.BeforeKey(expectedParent.Entries[pick % expectedParent.Entries.Count].Key),
                };
                var patch = new TemplatePatch(document);
                patch.Set(node, ["zNew"], value, placement);
                CheckResult(text, patch, document.Format, () =>
                {
                    var index = placement switch
                    {
                        { After: { } a } => expectedParent.Entries.FindIndex(e => e.Key == a) + 1,
                        { Before: { } b } => expectedParent.Entries.FindIndex(e => e.Key == b),
                        _ => expectedParent.Entries.Count,
                    };
                    expectedParent.Entries.Insert(index, ("zNew", FromNew(value)));
                    return Canonical(root);
                });
            },
            iter: 400);
    }

    [Fact]
    public void Should_Append_To_Any_Yaml_Sequence_And_Keep_Everything_Else()
    {
        Gen.Select(GenModel, GenNew, Gen.Int[2, 4], Gen.Bool, Gen.Int[0, 1000]).Sample(
            (model, value, indent, indentless, pick) =>
            {
                var root = new MMap([("Root", new MSeq([model, new MScalar("x", 0)], pick % 2 == 0)), ("Tail", new MScalar("end", 0))], false);
                var text = new YamlWriter(indent, indentless, pick).Write(root);
                var document = TemplateDocument.Parse("t.yaml", text);
                var seqs = Sequences(root, document.Root).ToList();
                var (expectedSeq, node) = seqs[pick % seqs.Count];
                var patch = new TemplatePatch(document);
                patch.Append(node, value);
                CheckResult(text, patch, document.Format, () =>
                {
                    expectedSeq.Items.Add(FromNew(value));
                    return Canonical(root);
                });
            },
            iter: 300);
    }

    /// <summary>
    /// A single value under a key (a string, a block or flow mapping, as SAM's Policies or a Statement
    /// may be) that receives an item becomes a list of it and the item, its own text kept as written.
    /// </summary>
    [Fact]
    public void Should_Turn_Any_Single_Value_Into_A_List_Keeping_Its_Text()
    {
        Gen.Select(GenModel.Where(m => m is not MSeq), GenNew, Gen.Int[2, 4], Gen.Bool, Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[1, 2]).Sample(
            (model, value, indent, indentless, newline, pick, count) =>
            {
                var root = new MMap([("Outer", new MMap([("Policies", model), ("After", new MScalar("x", 0))], pick % 3 == 0)), ("Tail", new MScalar("end", 0))], false);
                var text = WithLineEnds(new YamlWriter(indent, indentless, pick).Write(root), newline);
                var document = TemplateDocument.Parse("t.yaml", text);
                var written = ((MappingNode)document.Root["Outer"]!)["Policies"]!;
                var writtenText = text[written.Span.Start.Offset..Math.Min(text.Length, written.Span.End.Offset)];
                var patch = new TemplatePatch(document);
                for (var i = 0; i < count; i++)
                {
                    patch.Append(document.Root, ["Outer", "Policies"], value);
                }

                CheckResult(text, patch, document.Format, () =>
                {
                    var outer = (MMap)root.Entries[0].Value;
                    outer.Entries[0] = ("Policies", new MSeq([model, .. Enumerable.Repeat(FromNew(value), count)], false));
                    return Canonical(root);
                });

                // Not re-rendered: the value's own characters are all there, in order.
                Assert.Contains(Squash(NoComments(writtenText)), Squash(NoComments(patch.Apply())), StringComparison.Ordinal);
            },
            iter: 400);
    }

    [Fact]
    public void Should_Insert_Into_Any_Json_Object_And_Keep_Everything_Else()
    {
        Gen.Select(GenModel, GenNew, Gen.Int[0, 2], Gen.Int[0, 1000]).Sample(
            (model, value, indentKind, pick) =>
            {
                var root = new MMap([("Root", model), ("Tail", new MScalar("end", 0))], false);
                var unit = indentKind switch { 0 => "  ", 1 => "    ", _ => "\t" };
                var text = JsonWriter.Write(root, unit, pick) + "\n";
                var document = TemplateDocument.Parse("t.json", text);
                Assert.Equal(Canonical(root), Canonical(document.Root));
                var maps = Mappings(root, document.Root).ToList();
                var (expectedParent, node) = maps[pick % maps.Count];
                var patch = new TemplatePatch(document);
                patch.Set(node, ["zNew"], value);
                CheckResult(text, patch, document.Format, () =>
                {
                    expectedParent.Entries.Add(("zNew", FromNew(value, json: true)));
                    return Canonical(root);
                });
            },
            iter: 300);
    }

    private static void CheckResult(string original, TemplatePatch patch, TemplateFormat format, Func<string> expected)
    {
        var edits = patch.Compile();
        var edit = Assert.Single(edits);
        var result = TextEdits.Apply(original, edits);
        try
        {
            var reparsed = TemplateDocument.Parse(format == TemplateFormat.Json ? "r.json" : "r.yaml", result);
            Assert.Equal(expected(), Canonical(reparsed.Root));
        }
        catch (Exception ex) when (ex is TemplateLoadException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"original:\n{original}\nresult:\n{result}", ex);
        }

        // Untouched text: removing the edit's text gives back the original, except where it replaced a value.
        Assert.Equal(original[..edit.Start], result[..edit.Start]);
        Assert.Equal(original[edit.End..], result[(edit.Start + edit.Text.Length)..]);
        if (original.Contains("\r\n", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("\n", result.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        else if (original.Contains('\r', StringComparison.Ordinal))
        {
            Assert.DoesNotContain("\n", result, StringComparison.Ordinal);
        }
    }

    /// <summary>LF (0), CRLF (1) or CR alone (2, old Mac files).</summary>
    private static string WithLineEnds(string text, int kind) => kind switch
    {
        1 => text.Replace("\n", "\r\n", StringComparison.Ordinal),
        2 => text.Replace("\n", "\r", StringComparison.Ordinal),
        _ => text,
    };

    private static string Squash(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    /// <summary>Text without its comments (the comments around a value are not part of its text).</summary>
    private static string NoComments(string text) =>
        string.Join("\n", text.Split('\n', '\r').Select(l => l.TrimStart().StartsWith('#') ? "" : l.Contains(" #", StringComparison.Ordinal) ? l[..l.IndexOf(" #", StringComparison.Ordinal)] : l));

    private static IEnumerable<(MMap, MappingNode)> Mappings(Model model, TemplateNode node)
    {
        switch (model, node)
        {
            case (MMap map, MappingNode mapping):
                yield return (map, mapping);
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    foreach (var inner in Mappings(map.Entries[i].Value, mapping.Entries[i].Value))
                    {
                        yield return inner;
                    }
                }

                break;
            case (MSeq seq, SequenceNode sequence):
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    foreach (var inner in Mappings(seq.Items[i], sequence.Items[i]))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static IEnumerable<(MSeq, SequenceNode)> Sequences(Model model, TemplateNode node)
    {
        switch (model, node)
        {
            case (MMap map, MappingNode mapping):
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    foreach (var inner in Sequences(map.Entries[i].Value, mapping.Entries[i].Value))
                    {
                        yield return inner;
                    }
                }

                break;
            case (MSeq seq, SequenceNode sequence):
                yield return (seq, sequence);
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    foreach (var inner in Sequences(seq.Items[i], sequence.Items[i]))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    /// <summary>The tree a new node parses to; JSON writes <c>Fn::GetAtt</c> in its list form.</summary>
    private static Model FromNew(NewNode node, bool json = false) => node switch
    {
        NewScalar s => new MScalar(s.Value, 1),
        NewCall { Function: "Fn::GetAtt", Argument: NewScalar dotted } when json =>
            new MMap([("Fn::GetAtt", new MSeq(dotted.Value.Split('.', 2).Select(p => (Model)new MScalar(p, 1)).ToList(), false))], false),
        NewCall c => new MMap([(c.Function, FromNew(c.Argument, json))], false),
        NewMapping m => new MMap(m.Entries.Select(e => (e.Key, FromNew(e.Value, json))).ToList(), false),
        NewSequence q => new MSeq(q.Items.Select(i => FromNew(i, json)).ToList(), false),
        _ => throw new ArgumentException("unexpected node"),
    };

    private static string Canonical(Model model) => model switch
    {
        MScalar s => "'" + s.Value + "'",
        MMap m => "{" + string.Join(",", m.Entries.Select(e => e.Key + ":" + Canonical(e.Value))) + "}",
        MSeq q => "[" + string.Join(",", q.Items.Select(Canonical)) + "]",
        _ => throw new ArgumentException("unexpected model"),
    };

    private static string Canonical(TemplateNode node) => node switch
    {
        ScalarNode s => "'" + s.Value + "'",
        MappingNode m => "{" + string.Join(",", m.Entries.Select(e => e.Key.Value + ":" + Canonical(e.Value))) + "}",
        SequenceNode q => "[" + string.Join(",", q.Items.Select(Canonical)) + "]",
        _ => throw new ArgumentException("unexpected node"),
    };

    internal abstract record Model;

    internal sealed record MScalar(string Value, int Quote) : Model;

    internal sealed record MMap(List<(string Key, Model Value)> Entries, bool Flow) : Model;

    internal sealed record MSeq(List<Model> Items, bool Flow) : Model;

    /// <summary>Writes a model as YAML with the given indentation and pseudo-random comments and blank lines.</summary>
    private sealed class YamlWriter(int indent, bool indentless, int seed)
    {
        private readonly StringBuilder builder = new();
        private int counter = seed;

        public string Write(MMap root)
        {
            builder.Append("# header comment\n");
            WriteMap(root, 0, firstInline: false);
            return builder.ToString();
        }

        private bool Chance(int percent) => (counter = (counter * 1103515245 + 12345) & 0x7fffffff) % 100 < percent;

        private void WriteMap(MMap map, int column, bool firstInline)
        {
            for (var i = 0; i < map.Entries.Count; i++)
            {
                var (key, value) = map.Entries[i];
                if (!(firstInline && i == 0))
                {
                    if (Chance(20))
                    {
                        builder.Append('\n');
                    }

                    if (Chance(20))
                    {
                        builder.Append(' ', column + (Chance(50) ? indent : 0)).Append("# note\n");
                    }

                    builder.Append(' ', column);
                }

                builder.Append(key).Append(':');
                WriteValue(value, column);
            }
        }

        private void WriteValue(Model value, int column)
        {
            switch (value)
            {
                case MScalar scalar:
                    builder.Append(' ').Append(Scalar(scalar, flow: false));
                    if (Chance(25))
                    {
                        builder.Append("  # trailing");
                    }

                    builder.Append('\n');
                    break;
                case MMap { Flow: true } or MMap { Entries.Count: 0 } or MSeq { Flow: true } or MSeq { Items.Count: 0 }:
                    builder.Append(' ').Append(Flow(value)).Append('\n');
                    break;
                case MMap map:
                    builder.Append('\n');
                    WriteMap(map, column + indent, firstInline: false);
                    break;
                case MSeq seq:
                    builder.Append('\n');
                    WriteSeq(seq, column + (indentless ? 0 : indent));
                    break;
            }
        }

        private void WriteSeq(MSeq seq, int column)
        {
            foreach (var item in seq.Items)
            {
                if (Chance(15))
                {
                    builder.Append(' ', column).Append("# item note\n");
                }

                builder.Append(' ', column).Append("- ");
                switch (item)
                {
                    case MMap { Flow: false, Entries.Count: > 0 } map:
                        WriteMap(map, column + 2, firstInline: true);
                        break;
                    case MScalar scalar:
                        builder.Append(Scalar(scalar, flow: false)).Append('\n');
                        break;
                    default:
                        builder.Append(Flow(item)).Append('\n');
                        break;
                }
            }
        }

        private static string Flow(Model value) => value switch
        {
            MScalar scalar => Scalar(scalar, flow: true),
            MMap map => "{" + string.Join(", ", map.Entries.Select(e => e.Key + ": " + Flow(e.Value))) + "}",
            MSeq seq => "[" + string.Join(", ", seq.Items.Select(Flow)) + "]",
            _ => throw new ArgumentException("unexpected model"),
        };

        private static string Scalar(MScalar scalar, bool flow) => scalar.Quote switch
        {
            0 when !flow || !scalar.Value.Any(c => c is ',' or ':' or '[' or ']' or '{' or '}' or ' ' or '#') => scalar.Value,
            0 or 1 => "'" + scalar.Value.Replace("'", "''", StringComparison.Ordinal) + "'",
            _ => "\"" + scalar.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        };
    }

    /// <summary>Writes a model as JSON, some objects compact on one line.</summary>
    private static class JsonWriter
    {
        public static string Write(Model value, string unit, int seed) => Value(value, "", unit, seed);

        private static string Value(Model value, string lead, string unit, int seed) => value switch
        {
            MScalar scalar => JsonRenderer.JsonString(scalar.Value),
            MMap { Entries.Count: 0 } => "{}",
            MSeq { Items.Count: 0 } => "[]",
            MMap { Flow: true } map when seed % 3 == 0 => "{" + string.Join(", ", map.Entries.Select(e => JsonRenderer.JsonString(e.Key) + ": " + Value(e.Value, lead, unit, seed))) + "}",
            MMap map => "{\n" + string.Join(",\n", map.Entries.Select(e => lead + unit + JsonRenderer.JsonString(e.Key) + ": " + Value(e.Value, lead + unit, unit, seed + 1))) + "\n" + lead + "}",
            MSeq seq => "[\n" + string.Join(",\n", seq.Items.Select(i => lead + unit + Value(i, lead + unit, unit, seed + 1))) + "\n" + lead + "]",
            _ => throw new ArgumentException("unexpected model"),
        };
    }
}
