using Ironclad.Core.Reporting;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Cli.Commands;

/// <summary>What the commands share in writing their results: the output file, the error lines and the exit code of a report.</summary>
public static class CommandOutput
{
    public static int ExitCode(ScanReport report, Severity failOn, bool softFail, bool strict)
    {
        // A rule that threw is the tool's failure, whatever else the report holds.
        if (report.Errors.Any(e => e.IsInternal))
        {
            return ExitCodes.InternalError;
        }

        if (report.Errors.Count > 0)
        {
            return ExitCodes.InputError;
        }

        var failing = report.Results.Any(r =>
            !r.Baselined && r.Rule.Severity >= failOn && (r.Status == ResultStatus.Fail || (strict && r.Status == ResultStatus.Unknown)));
        return failing && !softFail ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>Writes to the given writer, or to a file through <see cref="AtomicFile"/> (which keeps devices, pipes and links).</summary>
    public static void Emit(string? path, TextWriter fallback, Action<TextWriter> write, System.Text.Encoding? encoding = null)
    {
        if (path is null)
        {
            write(fallback);
            return;
        }

        if (path.Length == 0)
        {
            throw new UsageException("--output needs a file name");
        }

        try
        {
            AtomicFile.Write(path, write, encoding);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {ex.Message}");
        }
    }

    /// <summary>
    /// The errors, one line each on standard error, <c>file:line:column: message</c> as for every command,
    /// whatever the report's format (the structured formats carry them too).
    /// </summary>
    public static void WriteErrors(ScanReport report, TextWriter error)
    {
        foreach (var e in report.Errors)
        {
            error.WriteLine($"{ReportText.Escape(e.File)}:{Math.Max(1, e.Line)}:{Math.Max(1, e.Column)}: {ReportText.Escape(e.Message)}");
        }
    }

    /// <summary>The scan's errors under a plan, as scan reports them; exit 3 if a rule threw, else 2.</summary>
    public static int ReportErrors(IReadOnlyList<ScanError> errors, TextWriter error)
    {
        WriteErrors(new ScanReport([], errors, [], 1), error);
        return errors.Any(e => e.IsInternal) ? ExitCodes.InternalError : ExitCodes.InputError;
    }
}
