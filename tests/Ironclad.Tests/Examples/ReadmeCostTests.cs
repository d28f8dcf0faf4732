using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ironclad.Tests.Cli;
using Ironclad.Tests.Hardening;

namespace Ironclad.Tests.Examples;

/// <summary>
/// The README's cost figures for the example are what <c>ironclad cost</c> says of examples/prechat/template.yaml:
/// the monthly total, the sum of its table, and the cheapest options, so that a price or planner change cannot
/// leave the README behind.
/// </summary>
public partial class ReadmeCostTests
{
    private static readonly Lazy<JsonElement> Cost = new(() =>
    {
        var (exit, output, error) = CliRunner.Run("cost", PrechatExampleTests.ExamplePath, "--format", "json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    });

    private static string Readme => File.ReadAllText(Path.Combine(FixSuite.RepositoryRoot, "README.md"));

    [Fact]
    public void Should_State_The_Example_Total_That_Cost_Computes()
    {
        var stated = Assert.Single(TotalSentence().Matches(Readme)).Groups[1].Value;

        Assert.Equal(Usd(Cost.Value.GetProperty("monthlyTotal").GetDecimal()), stated);
    }

    [Fact]
    public void Should_Have_A_Table_That_Adds_Up_To_The_Total()
    {
        var section = Readme[Readme.IndexOf("For the example, in us-east-1:", StringComparison.Ordinal)..];
        var rows = TableRow().Matches(section[..section.IndexOf("\n\n", section.IndexOf("| item", StringComparison.Ordinal), StringComparison.Ordinal)]);

        Assert.Equal(7, rows.Count);
        Assert.Equal(
            Usd(Cost.Value.GetProperty("monthlyTotal").GetDecimal()),
            Usd(rows.Sum(r => decimal.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("--single-nat", "One NAT gateway")]
    [InlineData("--endpoints none", "No interface endpoints")]
    public void Should_State_The_Cheapest_Options_That_Cost_Computes(string option, string saving)
    {
        var newTotal = Cost.Value.GetProperty("savings").EnumerateArray().Single(s => s.GetProperty("option").GetString() == saving).GetProperty("newMonthlyTotal").GetDecimal();

        Assert.Contains($"`{option}` ({Usd(newTotal)})", Readme, StringComparison.Ordinal);
    }

    private static string Usd(decimal amount) => "$" + Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("N2", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"For the example, in us-east-1: \*\*(\$[0-9,.]+) a month\*\*")]
    private static partial Regex TotalSentence();

    [GeneratedRegex(@"^\|[^|\n]+\| \$([0-9.]+) \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
