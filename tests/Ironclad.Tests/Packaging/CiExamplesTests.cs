using System.Runtime.Versioning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Packaging;

/// <summary>The CI examples under examples/ci: well-formed, and working when run (examples/ci/test-examples.sh).</summary>
public class CiExamplesTests
{
    private static string CiFile(string name) => Path.Combine(Repository.Root, "examples", "ci", name);

    /// <summary>A YAML file read by the tool's own reader (which keeps every key a string, as GitHub reads <c>on</c>).</summary>
    private static TemplateNode Load(string path) => YamlTemplateParser.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");

    private static MappingNode LoadMapping(string path) => Assert.IsType<MappingNode>(Load(path));

    private static TemplateNode? Child(TemplateNode node, string key) => node is MappingNode map ? map[key] : null;

    private static string? Text(TemplateNode node, string key) => (Child(node, key) as ScalarNode)?.Value;

    [Fact]
    public void The_Workflow_Runs_On_Pull_Requests_And_Scans_Uploads_And_Comments()
    {
        var workflow = LoadMapping(CiFile("github-actions.yml"));

        Assert.NotNull(Child(Assert.IsType<MappingNode>(Child(workflow, "on")), "pull_request"));
        Assert.Equal("write", Text(Child(workflow, "permissions")!, "security-events"));
        var job = Assert.IsType<MappingNode>(Assert.Single(Assert.IsType<MappingNode>(Child(workflow, "jobs")).Entries).Value);
        var steps = Assert.IsType<SequenceNode>(Child(job, "steps")).Items.ToList();
        var uses = steps.Select(s => Text(s, "uses")).OfType<string>().ToList();
        Assert.Contains("actions/checkout@v4", uses);
        Assert.Contains("actions/setup-dotnet@v4", uses);
        var runs = steps.Select(s => Text(s, "run")).OfType<string>().ToList();
        Assert.Contains(runs, r => r.Contains("dotnet tool install Ironclad.Tool", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("ironclad scan . --format sarif --output ironclad.sarif", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("ironclad fix \"$template\" --format markdown", StringComparison.Ordinal));

        // One comment, updated in place: found by the marker the report starts with, then patched, else posted.
        var comment = Assert.Single(steps, s => Text(s, "id") == "comment");
        Assert.Equal(Core.Reporting.Markdown.FixMarkdownReport.Marker, Text(Child(comment, "env")!, "MARKER"));
        Assert.Contains("gh api --method PATCH \"repos/$REPO/issues/comments/$id\"", Text(comment, "run"), StringComparison.Ordinal);
        Assert.Contains("gh api --method POST \"repos/$REPO/issues/$PR/comments\"", Text(comment, "run"), StringComparison.Ordinal);

        var upload = Assert.Single(steps, s => Text(s, "uses") == "github/codeql-action/upload-sarif@v3");
        Assert.Equal("ironclad.sarif", Text(Child(upload, "with")!, "sarif_file"));

        // Findings fail the scan step; the upload and the comment must still run after it.
        var scanIndex = steps.FindIndex(s => Text(s, "id") == "scan");
        Assert.All(steps.Skip(scanIndex + 1), s => Assert.Contains("!cancelled()", Text(s, "if"), StringComparison.Ordinal));
    }

    [Fact]
    [SupportedOSPlatform("linux")] // the hook is a shell script for Unix git; its mode bits are the point
    public void The_Pre_Commit_Framework_Hook_Points_At_The_Executable_Hook_Script()
    {
        var hook = Assert.IsType<MappingNode>(Assert.Single(Assert.IsType<SequenceNode>(Load(Path.Combine(Repository.Root, ".pre-commit-hooks.yaml"))).Items));
        Assert.Equal("ironclad-scan", Text(hook, "id"));
        Assert.Equal("script", Text(hook, "language"));
        var entry = Path.Combine(Repository.Root, Text(hook, "entry")!);
        Assert.Equal(CiFile("pre-commit-hook.sh"), entry);
        Assert.True(File.GetUnixFileMode(entry).HasFlag(UnixFileMode.UserExecute), "the hook script must be executable");
    }

    /// <summary>Packs the tool, runs the workflow's steps and the pre-commit hook with it: slow, like the other packaging tests.</summary>
    [Fact]
    [Trait("Category", "Packaging")]
    public void The_Examples_Work_With_The_Tool_Built_From_This_Checkout()
    {
        var (exit, output, error) = ExternalProcess.Run("bash", [CiFile("test-examples.sh")], Repository.Root, timeout: TimeSpan.FromMinutes(15));

        Assert.True(exit == 0, output + error);
        Assert.Contains("13 passed, 0 failed", output, StringComparison.Ordinal);
    }
}
