using System.CommandLine;
using Ironclad.Core.Baselines;
using Ironclad.Core.Reporting;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Spectre.Console;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad scan PATH…</c>: the audit.</summary>
public static class ScanCommand
{
    public const string NoRuleLeft = "--only/--skip leave no rule to run; 'ironclad rules' lists them";

    public static Command Create(TextWriter output, TextWriter error, IReadOnlyList<Core.Rules.Rule> catalogue)
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
        var baseline = new Option<string?>("--baseline")
        {
            Description = "Fail only on findings not in this baseline (made by --create-baseline). Findings match by rule, file and resource, not line; accepted ones are reported as baselined, and accepted ones that are gone as resolved.",
        };
        var createBaseline = new Option<string?>("--create-baseline")
        {
            Description = "Write the findings to this file as a baseline (JSON, sorted; see docs/baseline.md) and accept them: exit 0 unless a template cannot be read.",
        };

        var command = new Command("scan", "Audit templates: Lambda concurrency, dead-letter queues, VPC placement and environment encryption; DynamoDB keys and PITR; S3 logging, versioning, encryption, replication; and companions.\n\n" + ExitCodes.HelpText)
        {
            paths, format, outputFile, only, skip, failOn, softFail, strict, parameter, parametersFile, configEnv, quiet, baseline, createBaseline,
        };
        command.SetAction(parse =>
        {
            var workingDirectory = Directory.GetCurrentDirectory();
            var options = new ScanOptions
            {
                Parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!),
                Only = SharedOptions.SplitList(parse.GetValue(only)),
                Skip = SharedOptions.SplitList(parse.GetValue(skip)),

                // Reports name files relative to where the scan was started.
                BaseDirectory = workingDirectory,
            };
            var scanner = new Scanner(catalogue, options);
            if (scanner.Rules.Count == 0)
            {
                throw new UsageException(NoRuleLeft);
            }

            var (baselinePath, createPath) = (parse.GetValue(baseline), parse.GetValue(createBaseline));
            if (baselinePath is not null && createPath is not null)
            {
                throw new UsageException("--baseline and --create-baseline exclude each other: compare against a baseline, or write a new one");
            }

            // Read the baseline before scanning, so that a broken one costs no scan.
            var accepted = baselinePath is null ? null : InputFiles.Baseline(baselinePath);
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

            var isStrict = parse.GetValue(strict);
            var baselineFile = baselinePath ?? createPath;
            BaselineComparison? comparison = null;
            if (baselineFile is not null)
            {
                var baselinePaths = BaselinePaths.For(baselineFile, workingDirectory);
                var scope = new BaselineScope(
                    scanner.Rules.Select(r => r.Descriptor.Id).ToHashSet(StringComparer.Ordinal),
                    files.Select(f => baselinePaths.Key(f.Path)).ToHashSet(StringComparer.Ordinal),
                    isStrict);

                // A template that could not be read has no findings to accept: a baseline written now would
                // turn all of them into new findings once the template is repaired.
                if (createPath is not null && report.Errors.Count == 0)
                {
                    accepted = Baseline.Create(report, baselinePaths, isStrict, App.Version);
                    CommandOutput.Emit(createPath, output, accepted.Write);
                    error.WriteLine($"ironclad: wrote baseline {createPath} ({accepted.Findings.Sum(f => f.Count)} findings)");
                }

                comparison = accepted?.Compare(report, baselinePaths, scope);
                report = comparison?.Report ?? report;
            }

            var formatValue = SharedOptions.ReportFormatOf(parse.GetValue(format));
            CommandOutput.Emit(parse.GetValue(outputFile), output, writer =>
            {
                ReportWriters.Write(formatValue, report, writer, new ReportContext(App.Version, Color: ConsoleColors.Enabled(writer == Console.Out)));
                if (comparison is not null && formatValue == ReportFormat.Text)
                {
                    writer.WriteLine();
                    BaselineSummaryWriter.Write(comparison, baselineFile!, writer);
                }
            });
            CommandOutput.WriteErrors(report, error);
            if (createPath is not null && report.Errors.Count > 0)
            {
                error.WriteLine($"ironclad: baseline not written: {report.Errors.Count} template error{(report.Errors.Count == 1 ? "" : "s")}; fix {(report.Errors.Count == 1 ? "it" : "them")} first");
            }

            return CommandOutput.ExitCode(report, SharedOptions.SeverityOf(parse.GetValue(failOn)), parse.GetValue(softFail), isStrict);
        });
        return command;
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
