using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting;

public enum ReportFormat
{
    Text,
    Json,
    Sarif,
    Junit,
    Github,

    /// <summary>A pull-request comment (verify only; scan's findings are annotations, not a comment).</summary>
    Markdown,
}

/// <summary>What a report writer needs besides the results.</summary>
public sealed record ReportContext(string ToolVersion, bool Color = false);

public static class ReportWriters
{
    public static void Write(ReportFormat format, ScanReport report, TextWriter output, ReportContext context)
    {
        switch (format)
        {
            case ReportFormat.Json:
                JsonReportWriter.Write(report, output, context);
                break;
            case ReportFormat.Sarif:
                SarifReportWriter.Write(report, output, context);
                break;
            case ReportFormat.Junit:
                JUnitReportWriter.Write(report, output);
                break;
            case ReportFormat.Github:
                GitHubReportWriter.Write(report, output);
                break;
            case ReportFormat.Markdown:
                Markdown.VerifyMarkdownReport.Write(report, output);
                break;
            default:
                TextReportWriter.Write(report, output, context);
                break;
        }
    }

    public static string StatusName(Rules.ResultStatus status) => status switch
    {
        Rules.ResultStatus.Pass => "pass",
        Rules.ResultStatus.Fail => "fail",
        Rules.ResultStatus.Unknown => "unknown",
        Rules.ResultStatus.Suppressed => "suppressed",
        _ => "not-applicable",
    };

    /// <summary>The audit-style count line (docs/design/rules.md, Reporting counts).</summary>
    public static string CountLine(RuleSummary summary, int idWidth = 12, int labelWidth = 50) =>
        $"{summary.Rule.DisplayId.PadRight(idWidth - 1)} {summary.Rule.CountLabel.PadRight(labelWidth)} {summary.Failed} of {summary.Evaluated} {summary.Rule.Noun}";
}
