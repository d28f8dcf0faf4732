using Ironclad.Tests.Costing;

namespace Ironclad.Tests.Cli;

/// <summary>
/// A samconfig.toml that does not parse is an input error for every command that reads it (exit 2, one line
/// naming the file), never a silent fall-back to us-east-1 or to no parameters.
/// </summary>
public class SamConfigTests
{
    private const string Broken = "version = 0.1\n[default.deploy.parameters\nregion = \"eu-west-1\"\n";

    [Theory]
    [InlineData("cost")]
    [InlineData("fix")]
    public void A_Broken_Samconfig_Beside_The_Template_Should_Be_An_Input_Error(string command)
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", File.ReadAllText(CostTestData.Fixture("original.yaml")));
        var samconfig = dir.Write("samconfig.toml", Broken);

        var (exit, output, error) = CliRunner.Run(command, template);

        Assert.Equal((2, ""), (exit, output));
        Assert.StartsWith($"{samconfig}:1:1: parameters file: invalid samconfig.toml: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_Broken_Samconfig_Given_To_Scan_Should_Be_The_Same_Input_Error()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", File.ReadAllText(CostTestData.Fixture("original.yaml")));
        var samconfig = dir.Write("samconfig.toml", Broken);

        var (exit, output, error) = CliRunner.Run("scan", template, "--parameters", samconfig);

        Assert.Equal((2, ""), (exit, output));
        Assert.StartsWith($"{samconfig}:1:1: parameters file: invalid samconfig.toml: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_Should_Price_In_The_Region_Of_The_Samconfig()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", File.ReadAllText(CostTestData.Fixture("original.yaml")));
        dir.Write("samconfig.toml", "version = 0.1\n[default.deploy.parameters]\nregion = \"eu-west-1\"\n");

        var (exit, output, _) = CliRunner.Run("fix", template);

        Assert.Equal(0, exit);
        Assert.Contains(" (eu-west-1, prices of 2026-11-27, default usage unless given;", output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }
}
