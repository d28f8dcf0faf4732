using System.Text;
using CsCheck;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Evaluation;

/// <summary>
/// Properties of the intrinsic evaluator over generated templates: each template is written as YAML text,
/// parsed by <see cref="TemplateDocument.Parse(string, string)"/> and evaluated, as a scan does.
/// </summary>
public class EvaluatorPropertyTests
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 1, 8];

    private static readonly Gen<string> Delimiter = Gen.OneOf(Gen.Const(","), Gen.Const("-"), Gen.Const("::"), Gen.Const("|"), Gen.Const(" / "));

    [Fact]
    public void Join_Of_Split_Returns_The_String() =>
        Gen.Select(Word.List[1, 6], Delimiter).Sample((words, delimiter) =>
        {
            var text = string.Join(delimiter, words);

            var value = Evaluate($"""!Join ["{delimiter}", !Split ["{delimiter}", "{text}"]]""");

            Assert.Equal(text, Assert.IsType<ScalarValue>(value).Text);
        });

    [Fact]
    public void Split_Gives_The_Parts() =>
        Gen.Select(Word.List[1, 6], Delimiter).Sample((words, delimiter) =>
        {
            var value = Evaluate($"""!Split ["{delimiter}", "{string.Join(delimiter, words)}"]""");

            Assert.Equal(words, Assert.IsType<ListValue>(value).Items.Select(i => ((ScalarValue)i).Text));
        });

    [Fact]
    public void Select_Within_Range_Picks_The_Item_And_Outside_Is_Unknown() =>
        Word.List[1, 6].SelectMany(words => Gen.Int[-2, words.Count + 2].Select(i => (words, i))).Sample((words, index) =>
        {
            var value = Evaluate($"!Select [{index}, [{string.Join(", ", words)}]]");

            if (index >= 0 && index < words.Count)
            {
                Assert.Equal(words[index], Assert.IsType<ScalarValue>(value).Text);
            }
            else
            {
                Assert.IsType<UnknownValue>(value);
            }
        });

    [Fact]
    public void Sub_With_Known_Parameters_Equals_String_Substitution() =>
        Gen.Select(Word.List[1, 4], Gen.String[Gen.Char["abc xyz-:/."], 0, 6].List[1, 6], Gen.Int.List[1, 6]).Sample((values, literals, picks) =>
        {
            var parameters = new StringBuilder("Parameters:\n");
            for (var i = 0; i < values.Count; i++)
            {
                parameters.Append($"  P{i}:\n    Type: String\n    Default: {values[i]}\n");
            }

            var format = new StringBuilder();
            var expected = new StringBuilder();
            for (var i = 0; i < literals.Count; i++)
            {
                var p = (int)((uint)picks[i % picks.Count] % values.Count);
                format.Append(literals[i]).Append("${P").Append(p).Append('}');
                expected.Append(literals[i]).Append(values[p]);
            }

            var value = Evaluate($"!Sub \"{format}\"", parameters.ToString());

            Assert.Equal(expected.ToString(), Assert.IsType<ScalarValue>(value).Text);
        });

    [Fact]
    public void Sub_Variables_Override_And_Escapes_Stay_Literal() =>
        Gen.Select(Word, Word).Sample((name, value) =>
        {
            var evaluated = Evaluate($"!Sub [\"${{X}}-${{!{name}}}\", {{X: {value}}}]");

            Assert.Equal($"{value}-${{{name}}}", Assert.IsType<ScalarValue>(evaluated).Text);
        });

    [Fact]
    public void If_With_A_Decidable_Condition_Is_The_Chosen_Branch() =>
        Gen.Select(Word, Word, Gen.Bool, Gen.Bool).Sample((a, b, prod, given) =>
        {
            var env = prod ? "prod" : "dev";
            var parameters = given
                ? "Parameters:\n  Env:\n    Type: String\n"
                : $"Parameters:\n  Env:\n    Type: String\n    Default: {env}\n";
            var conditions = "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n";

            var value = Evaluate($"!If [IsProd, {a}, {b}]", parameters + conditions, given ? new Dictionary<string, string> { ["Env"] = env } : null);

            Assert.Equal(prod ? a : b, Assert.IsType<ScalarValue>(value).Text);
        });

    [Fact]
    public void If_With_An_Undecidable_Condition_Is_Unknown_Until_A_Scenario_Decides_It() =>
        Gen.Select(Word, Word, Gen.Bool).Sample((a, b, assumed) =>
        {
            var template = Parse($"!If [IsProd, {a}, {b}]", "Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n");
            var evaluator = new Evaluator(template);
            var node = template.Resources[0].Properties!["V"];

            Assert.IsType<UnknownValue>(evaluator.Evaluate(node));
            Assert.Equal(["IsProd"], evaluator.UndecidedConditions(node));
            var decided = evaluator.WithAssumptions(new Dictionary<string, bool> { ["IsProd"] = assumed }).Evaluate(node);
            Assert.Equal(assumed ? a : b, Assert.IsType<ScalarValue>(decided).Text);
        });

    [Fact]
    public void NoValue_In_A_List_Removes_The_Item() =>
        Gen.Select(Word, Gen.Bool).List[0, 8].Sample(items =>
        {
            var rendered = items.Select(i => i.Item2 ? "!Ref AWS::NoValue" : i.Item1);

            var value = Evaluate($"[{string.Join(", ", rendered)}]");

            Assert.Equal(items.Where(i => !i.Item2).Select(i => i.Item1), Assert.IsType<ListValue>(value).Items.Select(v => ((ScalarValue)v).Text));
        });

    [Fact]
    public void NoValue_In_A_Mapping_Removes_The_Key() =>
        Gen.Select(Word, Gen.Bool).List[1, 6].Sample(items =>
        {
            var entries = items.Select((item, i) => $"K{i}: {(item.Item2 ? "!Ref AWS::NoValue" : item.Item1)}");

            var value = Evaluate($"{{{string.Join(", ", entries)}}}");

            Assert.Equal(
                items.Select((item, i) => (item, i)).Where(x => !x.item.Item2).Select(x => $"K{x.i}"),
                Assert.IsType<MapValue>(value).Keys);
        });

    [Fact]
    public void FindInMap_With_Literal_Keys_Finds_The_Value_And_Points_At_The_Call()
    {
        var template = Parse("!FindInMap [Sizes, dev, Memory]", "Mappings:\n  Sizes:\n    dev:\n      Memory: 256\n");
        var node = template.Resources[0].Properties!["V"];

        var value = Assert.IsType<ScalarValue>(new Evaluator(template).Evaluate(node));

        Assert.Equal("256", value.Text);
        Assert.Same(node, value.Origin);
    }

    private static Value? Evaluate(string expression, string sections = "", IReadOnlyDictionary<string, string>? parameters = null)
    {
        var template = Parse(expression, sections);
        return new Evaluator(template, parameters).Evaluate(template.Resources[0].Properties!["V"]);
    }

    private static CfnTemplate Parse(string expression, string sections) =>
        CfnTemplate.From(TemplateDocument.Parse("t.yaml", $"{sections}Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n      V: {expression}\n"));
}
