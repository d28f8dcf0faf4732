using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting;

/// <summary>
/// GitHub Actions workflow commands: each failure becomes an annotation on the pull request's diff
/// (<c>::error file=…,line=…,col=…,title=…::message</c>), followed by a Markdown count table for the job summary.
/// </summary>
public static class GitHubReportWriter
{
    public static void Write(ScanReport report, TextWriter output)
    {
        // A baselined finding is accepted debt, not news for the pull request under review.
        foreach (var result in report.Results.Where(r => (r.Status is ResultStatus.Fail or ResultStatus.Unknown) && !r.Baselined))
        {
            var level = result.Status == ResultStatus.Unknown ? "notice" : result.Rule.Severity >= Severity.High ? "error" : "warning";
            output.WriteLine($"::{level} file={Property(result.File)},line={result.Line},col={result.Column},title={Property($"{result.Rule.DisplayId} {result.Rule.Title}")}::{Data($"{result.Resource}: {result.Message}")}");
        }

        foreach (var error in report.Errors)
        {
            output.WriteLine($"::error file={Property(error.File)},line={Math.Max(1, error.Line)},col={Math.Max(1, error.Column)},title={(error.IsInternal ? "Internal error" : "Unreadable template")}::{Data(error.Message)}");
        }

        output.WriteLine();
        output.WriteLine("| Rule | Check | Failing |");
        output.WriteLine("|---|---|---|");
        foreach (var s in report.Summary)
        {
            output.WriteLine($"| {s.Rule.DisplayId} | {s.Rule.CountLabel} | {s.Failed} of {s.Evaluated} {s.Rule.Noun} |");
        }
    }

    // Workflow command escaping, as the Actions toolkit does it.
    // Then every other control character escaped, so nothing from a template can end the command or start another.
    private static string Data(string text) => ReportText.Escape(text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal));

    private static string Property(string text) => Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
