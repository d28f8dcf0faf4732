using System.Text.RegularExpressions;
using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Packaging;

/// <summary>
/// Colours and the progress display reach a person at a terminal and nobody else: never a pipe or a file,
/// and never when NO_COLOR is set. The CLI runs as its own process; a terminal is a pseudo-terminal from
/// util-linux <c>script</c>.
/// </summary>
public sealed partial class ConsoleOutputTests : IDisposable
{
    // Enough templates for the progress display to appear (ScanCommand shows it from 20 files on).
    private const int Templates = 25;

    private readonly TempDir dir = new();

    public ConsoleOutputTests()
    {
        for (var i = 0; i < Templates; i++)
        {
            dir.Write($"t{i:D2}.yaml", $"Resources:\n  Fn{i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n");
        }
    }

    private static string Cli { get; } = Path.Combine(AppContext.BaseDirectory, "ironclad.dll");

    public void Dispose() => dir.Dispose();

    [GeneratedRegex(@"\e\[[0-9;]*m")]
    private static partial Regex ColourCode();

    [Theory]
    [InlineData("text")]
    [InlineData("github")]
    public void Redirected_Output_Has_No_Escape_Codes(string format)
    {
        var (exit, output, error) = ExternalProcess.Run("dotnet", [Cli, "scan", dir.Path, "--format", format], dir.Path, Terminal(noColor: false));

        Assert.Equal(1, exit);
        Assert.Contains("Fn0", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\e', output);
        Assert.DoesNotContain('\e', error);
    }

    [Fact]
    public void A_Terminal_Gets_Colours_And_Progress()
    {
        var screen = InTerminal(noColor: false);

        Assert.Matches(ColourCode(), screen);
        Assert.Contains("\e[31m", screen, StringComparison.Ordinal);
        Assert.Contains("\e[?25l", screen, StringComparison.Ordinal); // the progress display hides the cursor
    }

    [Fact]
    public void No_Color_Turns_Colours_Off_On_A_Terminal()
    {
        var screen = InTerminal(noColor: true);

        Assert.Contains("Fn0", screen, StringComparison.Ordinal);
        Assert.DoesNotMatch(ColourCode(), screen);
    }

    [Fact]
    public void Quiet_Turns_The_Progress_Display_Off_On_A_Terminal()
    {
        var screen = InTerminal(noColor: false, "--quiet");

        Assert.Contains("\e[31m", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("\e[?25l", screen, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Terminal(bool noColor) => new()
    {
        ["TERM"] = "xterm-256color",
        ["NO_COLOR"] = noColor ? "1" : null,
    };

    /// <summary>Both streams on one pseudo-terminal, as a person sees them.</summary>
    private string InTerminal(bool noColor, params string[] extra)
    {
        var command = string.Join(' ', new[] { "dotnet", Cli, "scan", dir.Path }.Concat(extra).Select(a => $"'{a}'"));
        var (exit, output, error) = ExternalProcess.Run("script", ["-qefc", command, "/dev/null"], dir.Path, Terminal(noColor));

        Assert.True(exit == 1, $"exit {exit}: {output}{error}");
        return output;
    }
}
