using System.CommandLine;
using System.Text;
using Ironclad.Tests.Hardening;

namespace Ironclad.Tests.Cli;

/// <summary>
/// The <c>--help</c> of every command equals its snapshot in <c>Fixtures/Help</c>, so that a change to an option,
/// a description or the exit codes is a reviewed diff. Regenerate deliberately with
/// <c>IRONCLAD_UPDATE_DOCS=1 dotnet test --filter HelpSnapshotTests</c> and read the diff.
/// </summary>
public class HelpSnapshotTests
{
    public static TheoryData<string> Commands => ["", "scan", "fix", "cost", "verify", "rules", "prices", "prices update"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Should_Print_The_Help_In_The_Snapshot(string command)
    {
        var (exit, help, error) = CliRunner.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        // The usage line names the running executable: ironclad when shipped, the test host here.
        var output = help.Replace($"  {RootCommand.ExecutableName} ", "  ironclad ", StringComparison.Ordinal);
        var path = Path.Combine(FixSuite.FixturesFolder, "Help", (command.Length == 0 ? "ironclad" : command.Replace(' ', '-')) + ".txt");
        if (Environment.GetEnvironmentVariable("IRONCLAD_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, output, new UTF8Encoding(false));
        }

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.True(File.Exists(path), $"{path} is missing: run IRONCLAD_UPDATE_DOCS=1 dotnet test --filter HelpSnapshotTests");
        Assert.Equal(File.ReadAllText(path, Encoding.UTF8), output);
    }
}
