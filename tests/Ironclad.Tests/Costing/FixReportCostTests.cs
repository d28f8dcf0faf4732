using Ironclad.Tests.Cli;
using Ironclad.Tests.Examples;

namespace Ironclad.Tests.Costing;

public class FixReportCostTests
{
    [Fact]
    public void Fix_Report_Ends_With_The_Same_Total_As_Cost()
    {
        var (fixExit, fixOutput, _) = CliRunner.Run("fix", PrechatExampleTests.ExamplePath);
        var (costExit, costOutput, _) = CliRunner.Run("cost", PrechatExampleTests.ExamplePath, "--format", "json");

        Assert.Equal(0, fixExit);
        Assert.Equal(0, costExit);
        using var cost = System.Text.Json.JsonDocument.Parse(costOutput);
        var total = cost.RootElement.GetProperty("monthlyTotal").GetDecimal();
        var last = fixOutput.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("  Monthly cost of this change: $" + total.ToString("N2", System.Globalization.CultureInfo.InvariantCulture), last, StringComparison.Ordinal);
    }
}
