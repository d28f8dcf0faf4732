using Ironclad.Core.Costing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Reporting.Markdown;
using Ironclad.Core.Templates;
using Ironclad.Tests.Packaging;

namespace Ironclad.Tests.Reporting;

/// <summary>The fix report in Markdown of a template, made as <c>ironclad fix PATH --format markdown</c> makes it from the repository root.</summary>
internal static class MarkdownReports
{
    /// <param name="path">The template's path relative to the repository root, as the report names it.</param>
    public static string Fix(string path, int limit = CommentSections.GitHubLimit)
    {
        var full = Path.Combine(Repository.Root, path);
        return Fix(CfnTemplate.From(TemplateDocument.Parse(path, File.ReadAllText(full))), full, limit);
    }

    public static string Fix(CfnTemplate template, string fullPath, int limit = CommentSections.GitHubLimit)
    {
        var options = Hardener.ForFile(new HardeningOptions(), fullPath);
        var result = Hardener.Fix(template, options);
        Assert.Empty(result.Plan.Errors);
        var (cost, _) = HardeningCost.WithDefaults(result, options);
        return FixMarkdownReport.Write(result.Plan, result.Fixed, cost, limit);
    }

    /// <summary>The body of each ```mermaid block in a Markdown text.</summary>
    public static List<string> Diagrams(string markdown)
    {
        var diagrams = new List<string>();
        var at = 0;
        while ((at = markdown.IndexOf("```mermaid\n", at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + "```mermaid\n".Length;
            var end = markdown.IndexOf("\n```", start - 1, StringComparison.Ordinal);
            diagrams.Add(markdown[start..(end + 1)]);
            at = end + 4;
        }

        return diagrams;
    }
}
