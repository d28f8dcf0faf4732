using System.CommandLine;
using Ironclad.Core.Reporting;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Spectre.Console;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad scan PATH…</c>: the audit.</summary>
public static class ScanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Template files, or folders to search recursively (node_modules, .git and .aws-sam are skipped).",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = SharedOptions.Format("Report format: text (grouped by rule, with the audit's count lines), json, sarif (GitHub code scanning), junit, github (workflow annotations).", "text", "json", "sarif", "junit", "github");
        var outputFile = SharedOptions.Output();
        var only = SharedOptions.Only();
        var skip = SharedOptions.Skip();
        var failOn = SharedOptions.Severity("--fail-on", "Lowest severity that makes the run fail (exit 1).", "info");
        var softFail = new Option<bool>("--soft-fail") { Description = "Report findings but exit 0 (input errors still exit 2)." };
        var strict = new Option<bool>("--strict") { Description = "Count unknown results (values known only at deployment) as failures." };
        var parameter = SharedOptions.Parameter();
        var parametersFile = SharedOptions.ParametersFile();
        var configEnv = SharedOptions.ConfigEnv();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display." };

        var command = new Command("scan", "Audit templates: Lambda concurrency, dead-letter queues, VPC placement and environment encryption; DynamoDB keys and PITR; S3 logging, versioning, encryption, replication; and companions.\n\n" + ExitCodes.HelpText)
        {
            paths, format, outputFile, only, skip, failOn, softFail, strict, parameter, parametersFile, configEnv, quiet,
        };
        command.SetAction(parse =>
        {
            try
            {
                var options = new ScanOptions
                {
                    Parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!),
                    Only = SharedOptions.SplitList(parse.GetValue(only)),
                    Skip = SharedOptions.SplitList(parse.GetValue(skip)),
                };
                var scanner = new Scanner(RuleCatalog.All, options);
                if (scanner.Rules.Count == 0)
                {
                    throw new UsageException("--only/--skip leave no rule to run; 'ironclad rules' lists them");
                }

                var (files, missing) = TemplateDiscovery.Discover(parse.GetValue(paths)!);
                if (missing.Count > 0)
                {
                    throw new UsageException($"{missing[0].File}: {missing[0].Message}");
                }

                var report = Run(scanner, files, !parse.GetValue(quiet), error);
                if (report.Templates == 0 && report.Errors.Count == 0)
                {
                    throw new UsageException("no templates found (a template is a YAML or JSON file with a Resources mapping of typed resources)");
                }

                var formatValue = SharedOptions.ReportFormatOf(parse.GetValue(format));
                Emit(parse.GetValue(outputFile), output, writer => ReportWriters.Write(formatValue, report, writer, new ReportContext(App.Version, Color: ConsoleColors.Enabled(writer == output))));
                return ExitCode(report, SharedOptions.SeverityOf(parse.GetValue(failOn)), parse.GetValue(softFail), parse.GetValue(strict));
            }
            catch (UsageException ex)
            {
                error.WriteLine($"ironclad: {ex.Message}");
                return ExitCodes.InputError;
            }
        });
        return command;
    }

    public static int ExitCode(ScanReport report, Severity failOn, bool softFail, bool strict)
    {
        if (report.Errors.Count > 0)
        {
            return ExitCodes.InputError;
        }

        var failing = report.Results.Any(r =>
            r.Rule.Severity >= failOn && (r.Status == ResultStatus.Fail || (strict && r.Status == ResultStatus.Unknown)));
        return failing && !softFail ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>
    /// Writes to the given writer, or to a file: a regular file is written whole beside its target and
    /// moved into place, so a reader never sees half a report; a device or pipe (/dev/stdout, a FIFO) is
    /// written directly, since replacing it would destroy it.
    /// </summary>
    public static void Emit(string? path, TextWriter fallback, Action<TextWriter> write)
    {
        if (path is null)
        {
            write(fallback);
            return;
        }

        var full = Path.GetFullPath(path);
        try
        {
            if (File.Exists(full))
            {
                // .NET exposes no file type on Unix: a pipe shows as unseekable, and device nodes live under
                // /dev (/dev/null is seekable, yet renaming over it would turn it into a plain file).
                using var existing = new FileStream(full, FileMode.Open, FileAccess.Write);
                if (!existing.CanSeek || full.StartsWith("/dev/", StringComparison.Ordinal))
                {
                    using var direct = new StreamWriter(existing);
                    write(direct);
                    return;
                }
            }

            AtomicFile.Write(full, write);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {ex.Message}");
        }
    }

    private static ScanReport Run(Scanner scanner, List<TemplateFile> files, bool showProgress, TextWriter error)
    {
        // Progress only where a person watches: a terminal on stderr, and enough files to wait for.
        if (!showProgress || files.Count < 20 || Console.IsErrorRedirected || error != Console.Error)
        {
            return scanner.ScanFiles(files);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), ColorSystem = ConsoleColors.Enabled(true) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors });
        ScanReport? report = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Scanning {files.Count} files", maxValue: files.Count);
                report = scanner.ScanFiles(files, new Progress<int>(done => task.Value = done));
            });
        return report!;
    }
}

/// <summary>Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org).</summary>
public static class ConsoleColors
{
    public static bool Enabled(bool toConsole) =>
        toConsole
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && !Console.IsOutputRedirected;
}
