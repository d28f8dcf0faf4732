using Ironclad.Tests.Hardening;

namespace Ironclad.Tests.Cli;

/// <summary>
/// The core library does the work and no I/O it does not need: no network, no console, and no reading of the
/// process's working directory (the command line passes it). Checked on the source, where a reviewer looks.
/// </summary>
public class CoreBoundaryTests
{
    [Theory]
    [InlineData("HttpClient")]
    [InlineData("Directory.GetCurrentDirectory")]
    [InlineData("Environment.CurrentDirectory")]
    [InlineData("Console.")]
    public void Core_Should_Not_Use(string api)
    {
        var core = Path.Combine(FixSuite.RepositoryRoot, "src", "Ironclad.Core");
        var users = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains(api, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(core, f))
            .ToList();

        Assert.Empty(users);
    }
}
