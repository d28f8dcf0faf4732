using Ironclad.Tests.Packaging;

namespace Ironclad.Tests.Reporting;

/// <summary>
/// Runs tests/mermaid-check (Mermaid's own parser under Node) on diagram files. Its node_modules come from
/// <c>npm ci</c>: .ci/run installs them; outside CI a missing install is made here, and in CI it fails.
/// </summary>
internal static class MermaidChecker
{
    private static readonly Lazy<string> Folder = new(Install);

    /// <summary>Writes each diagram to a file and parses them all in one Node process.</summary>
    public static (int Exit, string Output) Check(IReadOnlyList<(string Name, string Diagram)> diagrams)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ironclad-mermaid-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var files = diagrams.Select(d =>
            {
                var file = Path.Combine(folder, d.Name + (d.Name.EndsWith(".md", StringComparison.Ordinal) ? "" : ".mmd"));
                File.WriteAllText(file, d.Diagram);
                return file;
            }).ToList();
            var (exit, output, error) = ExternalProcess.Run("node", [Path.Combine(Folder.Value, "check.mjs"), .. files], Folder.Value, timeout: TimeSpan.FromMinutes(3));
            return (exit, output.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal) + error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Install()
    {
        var folder = Path.Combine(Repository.Root, "tests", "mermaid-check");
        if (Directory.Exists(Path.Combine(folder, "node_modules", "mermaid")))
        {
            return folder;
        }

        Assert.False(
            Environment.GetEnvironmentVariable("CI") == "true",
            "tests/mermaid-check/node_modules is missing: CI must run `npm ci --prefix tests/mermaid-check` before the tests (.ci/run does)");
        var (exit, output, error) = ExternalProcess.Run("npm", ["ci", "--no-audit", "--no-fund"], folder, timeout: TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, $"npm ci in tests/mermaid-check failed ({exit}):\n{output}\n{error}");
        return folder;
    }
}
