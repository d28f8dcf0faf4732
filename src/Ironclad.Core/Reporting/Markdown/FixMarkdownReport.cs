using System.Globalization;
using System.Text;
using Ironclad.Core.Costing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>
/// <c>fix --format markdown</c>: the plan as one pull-request comment (docs/design/markdown.md): findings
/// fixed per rule, the hardened architecture as a Mermaid flowchart, the monthly cost as a Mermaid pie,
/// what was declined or left, the warnings and the deploy command. It starts with <see cref="Marker"/>,
/// by which a workflow finds its earlier comment to update it in place.
/// </summary>
public static class FixMarkdownReport
{
    public const string Marker = "<!-- ironclad-fix -->";

    /// <param name="hardened">The template the plan writes (<see cref="HardeningCost.Hardened"/>).</param>
    /// <param name="cost">The plan priced, or null when it was not.</param>
    public static string Write(HardeningPlan plan, CfnTemplate hardened, CostReport? cost, int limit = CommentSections.GitHubLimit)
    {
        var refs = plan.Findings.Select(PlanContext.Ref).ToList();
        var outcomes = refs.Select(r => HardeningReport.Outcome(plan, r)).ToList();
        var declined = outcomes.Count(o => o == "declined");
        var unfixed = outcomes.Count(o => o == "unfixed");
        var head = new StringBuilder();
        head.Append(Marker).Append('\n');
        head.Append(CultureInfo.InvariantCulture, $"## ironclad fix {MarkdownText.Code(plan.Path)}\n\n");
        head.Append(CultureInfo.InvariantCulture, $"**{refs.Count} finding{(refs.Count == 1 ? "" : "s")}: {refs.Count - declined - unfixed} fixed, {declined} declined with a suppression, {unfixed} left for you.**");
        if (!plan.IsEmpty)
        {
            head.Append(CultureInfo.InvariantCulture, $" {plan.AddedResources.Count} resources added, {plan.ChangedResources.Count} changed.");
        }

        if (cost is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $" Monthly cost of the change: **{CostFormat.Usd(cost.Total)}** ({cost.Region}, prices of {cost.PriceDate}, default usage).");
        }

        head.Append('\n');
        var rerun = $"ironclad fix {plan.Path}";
        var sections = new List<CommentSection>();
        if (plan.Findings.Count > 0)
        {
            sections.Add(new CommentSection("Findings by rule", RuleTable(plan)));
        }

        if (!plan.IsEmpty)
        {
            var diagram = ArchitectureDiagram.Build(hardened, plan.AddedResources.Select(a => a.LogicalId).ToHashSet(StringComparer.Ordinal), plan.ChangedResources.Select(c => c.LogicalId).ToHashSet(StringComparer.Ordinal));
            sections.Add(new CommentSection("Hardened architecture", Legend(diagram) + CommentSections.Mermaid(diagram.Text), DropOrder: 2));
        }

        if (cost is not null && CostPie.Build(cost) is { } pie)
        {
            sections.Add(new CommentSection("Monthly cost", CommentSections.Mermaid(pie) + "\n" + CostTable(cost), DropOrder: 3));
        }

        if (plan.Declined.Count > 0)
        {
            var text = new StringBuilder("Suppressed in the resource's Metadata with the reason, so that a re-scan is clean.\n\n| Resource | Rule | Why not | Recommended |\n|---|---|---|---|\n");
            CommentSections.Rows(text, plan.Declined.Select(d => $"| {MarkdownText.Escape(d.Finding.Resource)} | {MarkdownText.Escape(d.Finding.DisplayId)} | {MarkdownText.Escape(d.Reason)} | {MarkdownText.Escape(d.Recommendation)} |").ToList(), "declined fixes");
            sections.Add(new CommentSection("Declined", text.ToString(), DropOrder: 4));
        }

        if (plan.Unfixed.Count > 0)
        {
            var text = new StringBuilder("| Resource | Rule | What to do |\n|---|---|---|\n");
            CommentSections.Rows(text, plan.Unfixed.Select(u => $"| {MarkdownText.Escape(u.Finding.Resource)} | {MarkdownText.Escape(u.Finding.DisplayId)} | {MarkdownText.Escape(u.Reason)} |").ToList(), "findings left");
            sections.Add(new CommentSection("Left for you", text.ToString(), DropOrder: 5));
        }

        if (plan.Warnings.Count > 0)
        {
            var text = new StringBuilder();
            CommentSections.Rows(text, plan.Warnings.Select(w => "- " + MarkdownText.Escape(w.Message)).ToList(), "warnings");
            sections.Add(new CommentSection("Warnings", text.ToString(), DropOrder: 6));
        }

        if (!plan.IsEmpty)
        {
            sections.Add(new CommentSection("Deploy", "```sh\n" + plan.DeployCommand + "\n```\n"));
            var text = new StringBuilder("<details><summary>Resources added</summary>\n\n| Resource | Type | Condition |\n|---|---|---|\n");
            CommentSections.Rows(text, plan.AddedResources.Select(a => $"| {MarkdownText.Escape(a.LogicalId)} | {MarkdownText.Escape(a.Type)} | {MarkdownText.Escape(a.Condition ?? "")} |").ToList(), "resources");
            text.Append("\n</details>\n");
            sections.Add(new CommentSection($"Resources added ({plan.AddedResources.Count.ToString(CultureInfo.InvariantCulture)})", text.ToString(), DropOrder: 7));
        }

        return CommentSections.Join(head.ToString(), sections, rerun, limit);
    }

    /// <summary>The one line under a diagram that says how to read it.</summary>
    public static string Legend(Diagram diagram) =>
        $"Green: added by the fix; yellow: changed; grey: as it was. Resources of one kind that share their configuration are drawn as one node ({diagram.Nodes.ToString(CultureInfo.InvariantCulture)} nodes).\n\n";

    private static string RuleTable(HardeningPlan plan)
    {
        var text = new StringBuilder("| Rule | Check | Findings | Fixed | Declined | Left |\n|---|---|--:|--:|--:|--:|\n");
        var rows = plan.Findings.GroupBy(f => f.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(rule =>
        {
            var descriptor = rule.First().Rule;
            var outcomes = rule.Select(f => HardeningReport.Outcome(plan, PlanContext.Ref(f))).ToList();
            return $"| {MarkdownText.Escape(descriptor.DisplayId)} ({MarkdownText.Escape(descriptor.Id)}) | {MarkdownText.Escape(descriptor.CountLabel)} | {outcomes.Count} | {outcomes.Count(o => o == "fixed")} | {outcomes.Count(o => o == "declined")} | {outcomes.Count(o => o == "unfixed")} |";
        }).ToList();
        CommentSections.Rows(text, rows, "rules");
        return text.ToString();
    }

    /// <summary>The items with their monthly cost; the formulas are in <c>ironclad cost</c>.</summary>
    public static string CostTable(CostReport cost)
    {
        var text = new StringBuilder("| Item | Quantity | Monthly |\n|---|--:|--:|\n");
        CommentSections.Rows(text, cost.Items.Select(i => $"| {MarkdownText.Escape(i.Name)} | {CostFormat.Number(i.Quantity)} {MarkdownText.Escape(i.Unit)} | {CostFormat.Usd(i.Monthly)} |").ToList(), "items", $"| **Total** | | **{CostFormat.Usd(cost.Total)}** |");
        return text.ToString();
    }
}
