using System.Text;
using Ironclad.Core.Costing;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>
/// <c>cost --format markdown</c>: the cost tables of <see cref="CostReportWriter"/>, then the monthly cost as
/// a Mermaid pie and the hardened architecture that costs it, as a flowchart (docs/design/markdown.md).
/// </summary>
public static class CostMarkdownReport
{
    public const string Marker = "<!-- ironclad-cost -->";

    /// <param name="hardened">The hardened template that was priced.</param>
    /// <param name="changed">Logical IDs of the original's resources the hardened template edits.</param>
    public static string Write(CostReport report, string template, CfnTemplate hardened, IReadOnlySet<string> changed, int limit = CommentSections.GitHubLimit)
    {
        using var tables = new StringWriter();
        CostReportWriter.WriteMarkdown(report, tables, template);
        var sections = new List<CommentSection>();
        if (CostPie.Build(report) is { } pie)
        {
            sections.Add(new CommentSection("Monthly cost by item", CommentSections.Mermaid(pie), DropOrder: 1));
        }

        var diagram = ArchitectureDiagram.Build(hardened, report.AddedResources.ToHashSet(StringComparer.Ordinal), changed);
        sections.Add(new CommentSection("Hardened architecture", FixMarkdownReport.Legend(diagram) + CommentSections.Mermaid(diagram.Text), DropOrder: 2));
        return CommentSections.Join(Marker + "\n" + tables, sections, $"ironclad cost {template}", limit);
    }

    /// <summary>
    /// The resources of <paramref name="original"/> whose text differs in <paramref name="hardened"/>: what a
    /// hardened template edited by hand changed, when there is no plan to say it.
    /// </summary>
    public static IReadOnlySet<string> Changed(CfnTemplate original, CfnTemplate hardened)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in original.Resources)
        {
            if (hardened.FindResource(resource.LogicalId) is { } after && Normalized(original, resource) != Normalized(hardened, after))
            {
                changed.Add(resource.LogicalId);
            }
        }

        return changed;
    }

    private static string Normalized(CfnTemplate template, ResourceDefinition resource)
    {
        var text = template.Document.Text[resource.Node.Span.Start.Offset..resource.Node.Span.End.Offset];
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Where(c => !char.IsWhiteSpace(c)))
        {
            plain.Append(c);
        }

        return plain.ToString();
    }
}
