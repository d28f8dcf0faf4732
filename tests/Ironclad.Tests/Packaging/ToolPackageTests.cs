using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Packaging;

/// <summary>
/// The .NET tool as a user gets it: packed, installed into a tool path from the package alone, run.
/// Slow (a Release build and a pack): skip locally with <c>--filter Category!=Packaging</c>; CI runs it.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    [Trait("Category", "Packaging")]
    public void The_Packed_Tool_Installs_And_Scans_The_Example()
    {
        using var temp = new TempDir();
        var packages = Path.Combine(temp.Path, "nupkg");

        // A private artifacts folder: the pack neither reuses nor disturbs the developer's own bin and obj.
        var pack = ExternalProcess.Run(
            "dotnet",
            ["pack", "src/Ironclad.Cli", "-c", "Release", "--artifacts-path", Path.Combine(temp.Path, "artifacts"), "-o", packages, "-nodeReuse:false"],
            Repository.Root);
        Assert.True(pack.Exit == 0, pack.Out + pack.Err);
        var package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        Assert.Equal($"Ironclad.Tool.{Ironclad.Cli.App.Version}.nupkg", Path.GetFileName(package));

        // Only the fresh package as a source, and a private package cache, so that no other copy can be installed.
        var config = temp.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(temp.Path, "tools");
        var install = ExternalProcess.Run(
            "dotnet",
            ["tool", "install", "Ironclad.Tool", "--tool-path", tools, "--configfile", config],
            temp.Path,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(temp.Path, "cache") });
        Assert.True(install.Exit == 0, install.Out + install.Err);

        Repository.AssertScansTheExample(Path.Combine(tools, "ironclad"));
    }
}
