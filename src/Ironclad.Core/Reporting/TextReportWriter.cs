using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting;

/// <summary>The human report: findings grouped by rule, then the audit's count lines; every template string escaped.</summary>
public static class TextReportWriter
{
    public static void Write(ScanReport report, TextWriter output, ReportContext context)
    {
        var shown = report.Results
            .Where(r => r.Status is ResultStatus.Fail or ResultStatus.Unknown or ResultStatus.Suppressed)
            .GroupBy(r => r.Rule.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in shown)
        {
            var rule = group.First().Rule;
            output.WriteLine(Paint($"{rule.DisplayId}{(rule.DisplayId == rule.Id ? "" : $" ({rule.Id})")} {rule.Title} [{rule.Severity.ToString().ToLowerInvariant()}]", "1", context));
            foreach (var result in group.OrderBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
            {
                var status = result switch
                {
                    { Baselined: true } => Paint("BASELINED", "90", context),
                    { Status: ResultStatus.Fail } => Paint("FAIL     ", "31", context),
                    { Status: ResultStatus.Unknown } => Paint("UNKNOWN  ", "33", context),
                    _ => Paint("SKIPPED  ", "36", context),
                };
                var reason = result.Status == ResultStatus.Suppressed ? $": {result.Reason}" : "";
                output.WriteLine($"  {status} {ReportText.Escape($"{result.File}:{result.Line}:{result.Column} {result.Resource}: {result.Message}{reason}")}");
            }

            output.WriteLine();
        }

        // Errors go to standard error, one line each (file:line:column: message), as for every command;
        // the count line below says how many there were.
        if (report.Summary.Count > 0)
        {
            var labelWidth = report.Summary.Max(s => s.Rule.CountLabel.Length) + 2;
            // One very long AWS Config identifier should not push every other line to the right.
            var idWidth = report.Summary.Select(s => s.Rule.DisplayId.Length).Where(l => l <= 29).DefaultIfEmpty(12).Max() + 2;
            foreach (var summary in report.Summary)
            {
                var line = ReportWriters.CountLine(summary, idWidth, labelWidth);
                output.WriteLine(summary.Failed > 0 ? Paint(line, "31", context) : line);
            }

            output.WriteLine();
        }

        var failed = report.Results.Count(r => r.Status == ResultStatus.Fail && !r.Baselined);
        var baselined = report.Results.Count(r => r.Baselined);
        var passed = report.Results.Count(r => r.Status == ResultStatus.Pass);
        var unknown = report.Results.Count(r => r.Status == ResultStatus.Unknown);
        var suppressed = report.Results.Count(r => r.Status == ResultStatus.Suppressed);
        output.WriteLine($"{report.Templates} {report.Subject}{(report.Templates == 1 ? "" : "s")}: {failed} failed, {(baselined > 0 ? $"{baselined} baselined, " : "")}{passed} passed, {unknown} unknown, {suppressed} suppressed, {report.Errors.Count} error{(report.Errors.Count == 1 ? "" : "s")}");
    }

    private static string Paint(string text, string code, ReportContext context) => context.Color ? $"\e[{code}m{text}\e[0m" : text;
}
