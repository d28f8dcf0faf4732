using System.Text.Json;
using System.Text.RegularExpressions;
using Ironclad.Core.Reporting;
using Ironclad.Tests.Examples;

namespace Ironclad.Tests.Cli;

/// <summary>
/// The JSON of scan, fix, cost and verify is one contract (docs/json-contract.md): each document starts with the
/// schema version, the tool, its version and the command, and every field name is camelCase. Map objects whose
/// keys are data (a new resource's <c>facts</c>) are not field names and are not checked.
/// </summary>
public partial class JsonContractTests
{
    public static TheoryData<string, string[]> Commands => new()
    {
        { "scan", ["scan", PrechatExampleTests.ExamplePath, "--format", "json"] },
        { "fix", ["fix", PrechatExampleTests.ExamplePath, "--format", "json"] },
        { "cost", ["cost", PrechatExampleTests.ExamplePath, "--format", "json"] },

        // Without AWS, verify's JSON is its error document: the same header and shape as scan's.
        { "verify", ["verify", "--format", "json"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Should_Start_With_The_Header_And_Name_Every_Field_In_CamelCase(string command, string[] args)
    {
        var (_, output, _) = CliRunner.Run(args);

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(
            ["schemaVersion", "tool", "version", "command"],
            root.EnumerateObject().Take(4).Select(p => p.Name));
        Assert.Equal(JsonContract.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(1, JsonContract.SchemaVersion);
        Assert.Equal("ironclad", root.GetProperty("tool").GetString());
        Assert.Equal(Ironclad.Cli.App.Version, root.GetProperty("version").GetString());
        Assert.Equal(command, root.GetProperty("command").GetString());
        Assert.DoesNotContain(FieldNames(root, "$"), f => !CamelCase().IsMatch(f[(f.LastIndexOf('.') + 1)..]));
    }

    [Fact]
    public void Fix_Carries_Its_Cost_As_The_Numbers_Cost_Reports()
    {
        var (fixExit, fixOutput, _) = CliRunner.Run("fix", PrechatExampleTests.ExamplePath, "--format", "json");
        var (costExit, costOutput, _) = CliRunner.Run("cost", PrechatExampleTests.ExamplePath, "--format", "json");

        Assert.Equal((0, 0), (fixExit, costExit));
        using var fix = JsonDocument.Parse(fixOutput);
        using var cost = JsonDocument.Parse(costOutput);
        var fixCost = fix.RootElement.GetProperty("cost");
        Assert.Equal(cost.RootElement.GetProperty("monthlyTotal").GetDecimal(), fixCost.GetProperty("monthlyTotal").GetDecimal());
        Assert.Equal(("USD", "us-east-1", "2026-11-27"), (fixCost.GetProperty("currency").GetString(), fixCost.GetProperty("region").GetString(), fixCost.GetProperty("priceDate").GetString()));
        Assert.Equal(JsonValueKind.Null, fixCost.GetProperty("note").ValueKind);
    }

    [Fact]
    public void Cost_Lists_Each_Usage_Assumption_With_Its_Key_As_Data()
    {
        var (_, output, _) = CliRunner.Run("cost", PrechatExampleTests.ExamplePath, "--format", "json", "--set", "nat_gateway_gb_per_month=100");

        using var json = JsonDocument.Parse(output);
        var nat = Assert.Single(json.RootElement.GetProperty("usage").EnumerateArray(), u => u.GetProperty("key").GetString() == "nat_gateway_gb_per_month");
        Assert.Equal((100m, true), (nat.GetProperty("value").GetDecimal(), nat.GetProperty("given").GetBoolean()));
        Assert.Contains(json.RootElement.GetProperty("usage").EnumerateArray(), u => !u.GetProperty("given").GetBoolean());
    }

    private static IEnumerable<string> FieldNames(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "facts" ? [$"{path}.{p.Name}"] : FieldNames(p.Value, $"{path}.{p.Name}").Prepend($"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => FieldNames(e, path + "[]")),
        _ => [],
    };

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}
