using System.Globalization;
using System.Text;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>
/// <c>verify --format markdown</c>: a deployed stack's checks as a pull-request or issue comment in the
/// style of fix's (docs/design/markdown.md): counts, the checks by rule, then what failed, what drifted
/// from the template (a failure the template does not explain) and what could not be checked.
/// </summary>
public static class VerifyMarkdownReport
{
    public const string Marker = "<!-- ironclad-verify -->";

    public static void Write(ScanReport report, TextWriter output) => output.Write(Write(report, CommentSections.GitHubLimit));

    public static string Write(ScanReport report, int limit)
    {
        var failed = report.Results.Where(r => r.Status == ResultStatus.Fail).ToList();
        var drifted = failed.Where(r => r.Live?.Drift == true).ToList();
        var passed = report.Results.Count(r => r.Status == ResultStatus.Pass);
        var unknown = report.Results.Where(r => r.Status == ResultStatus.Unknown).ToList();
        var suppressed = report.Results.Count(r => r.Status == ResultStatus.Suppressed);
        var subjects = report.Templates == 1 ? report.Subject : report.Subject + "s";
        var head = new StringBuilder();
        head.Append(Marker).Append('\n');
        head.Append(CultureInfo.InvariantCulture, $"## ironclad verify: {report.Templates} {subjects}\n\n");
        head.Append(CultureInfo.InvariantCulture, $"**{passed} passed, {failed.Count} failed ({drifted.Count} drifted from the template), {unknown.Count} not known, {suppressed} suppressed, {report.Errors.Count} errors.**\n");

        var sections = new List<CommentSection>();
        if (report.Summary.Count > 0)
        {
            var text = new StringBuilder("| Rule | Check | Passed | Failed | Drifted | Not known |\n|---|---|--:|--:|--:|--:|\n");
            CommentSections.Rows(text, report.Summary.Select(s => $"| {MarkdownText.Escape(s.Rule.DisplayId)} | {MarkdownText.Escape(s.Rule.CountLabel)} | {s.Passed} | {s.Failed} | {drifted.Count(d => d.Rule.Id == s.Rule.Id)} | {s.Unknown} |").ToList(), "rules");
            sections.Add(new CommentSection("Checks by rule", text.ToString(), DropOrder: 2));
        }

        if (failed.Count > 0)
        {
            sections.Add(new CommentSection("Failed", Table(failed.Where(r => r.Live?.Drift != true).ToList(), "failures"), DropOrder: 3));
        }

        if (drifted.Count > 0)
        {
            sections.Add(new CommentSection("Drifted from the template", "The template asks for these; the deployed resource does not have them (changed outside CloudFormation, or not deployed yet).\n\n" + Table(drifted, "drifted resources")));
        }

        if (unknown.Count > 0)
        {
            sections.Add(new CommentSection("Not known", Table(unknown, "checks"), DropOrder: 4));
        }

        if (report.Errors.Count > 0)
        {
            var text = new StringBuilder();
            CommentSections.Rows(text, report.Errors.Select(e => $"- {MarkdownText.Escape(e.File)}: {MarkdownText.Escape(e.Message)}").ToList(), "errors");
            sections.Add(new CommentSection("Errors", text.ToString()));
        }

        return CommentSections.Join(head.ToString(), sections, "ironclad verify", limit);
    }

    private static string Table(List<ScanResult> results, string what)
    {
        if (results.Count == 0)
        {
            return "None.\n";
        }

        var text = new StringBuilder("| Stack | Resource | Rule | Finding |\n|---|---|---|---|\n");
        CommentSections.Rows(
            text,
            results.Select(r =>
            {
                var where = r.Live is { } live ? $"{live.Stack} ({live.Account}, {live.Region})" : r.File;
                var resource = r.Live?.PhysicalId is { } physical ? $"{r.Resource} ({physical})" : r.Resource;
                return $"| {MarkdownText.Escape(where)} | {MarkdownText.Escape(resource)} | {MarkdownText.Escape(r.Rule.DisplayId)} | {MarkdownText.Escape(r.Message)} |";
            }).ToList(),
            what);
        return text.ToString();
    }
}
