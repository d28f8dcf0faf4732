using System.CommandLine;
using System.Text;
using Ironclad.Core.Costing;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Reporting.Markdown;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad fix TEMPLATE</c>: plan the hardened template, show the diff and the report, and write it only when asked.</summary>
public static class FixCommand
{
    public static Command Create(TextWriter output, TextWriter error, IReadOnlyList<Rule> catalogue)
    {
        var template = new Argument<string>("template") { Description = "The SAM or CloudFormation template to harden (YAML or JSON)." };
        var write = new Option<bool>("--write") { Description = "Rewrite TEMPLATE in place (atomically: the original is untouched on any error)." };
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write the hardened template to this path instead (TEMPLATE is untouched)." };
        var planOptions = new PlanOptions();
        var parameter = SharedOptions.Parameter();
        var parametersFile = SharedOptions.ParametersFile();
        var configEnv = SharedOptions.ConfigEnv();
        var format = SharedOptions.Format("Report format: text (the diff, then the report), json (the report, the diff inside) or markdown (a pull-request comment: findings by rule, a Mermaid diagram of the hardened architecture, a pie of the monthly cost, warnings, the deploy command; no diff).", "text", "json", "markdown");

        var command = new Command("fix", "Harden a template: print the unified diff of the minimal, format-preserving edits and the report (what changed per rule and resource, resources added, warnings, the deploy command). Writes nothing unless --write or --output. Before anything is written the output is checked: it parses, re-scans clean for what it fixed, fixes to itself, and adds no deployability finding.\n\nExit codes: 0 the plan applied, 2 usage or input errors (including resources scan rejects), 3 the output failed a self-check (nothing written) or the tool itself failed.")
        {
            template, write, outputFile, parameter, parametersFile, configEnv, format,
        };
        planOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(template)!;
            if (parse.GetValue(write) && parse.GetValue(outputFile) is not null)
            {
                throw new UsageException("--write and --output exclude each other");
            }

            var target = parse.GetValue(write) ? path : parse.GetValue(outputFile);
            if (target is { Length: 0 })
            {
                throw new UsageException("--output needs a file name");
            }

            if (!parse.GetValue(write) && target is not null && SameFile(target, path))
            {
                throw new UsageException($"--output {target} is the template itself; use --write to rewrite it in place");
            }

            var samConfig = InputFiles.SamConfigBeside(path);
            var options = planOptions.Read(
                parse,
                SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!),
                path,
                samConfig) with
            { Rules = catalogue };
            if (parse.GetValue(outputFile) is { } written)
            {
                // The deploy command builds the file that was written, not the input.
                options = options with { TemplateFileName = written };
            }

            PlanOptions.RequireRules(options);
            var input = InputFiles.Template(path);
            var plan = Plan(input, options);
            if (plan.Errors.Count > 0)
            {
                return CommandOutput.ReportErrors(plan.Errors, error);
            }

            var name = path.Replace('\\', '/');
            var (before, after) = Path.IsPathRooted(path) ? (name, name) : ("a/" + name, "b/" + name);

            // Priced in the region the stack is deployed to, as its samconfig.toml says.
            var region = samConfig?.Region(parse.GetValue(configEnv)!) ?? "us-east-1";
            var reportFormat = parse.GetValue(format);

            // The self-checks run in the library: the output re-parses, re-scans clean for what it fixed, fixes to
            // itself and adds no deployability finding, or nothing is written. Their errors are positions in the
            // output, so they name the output, not the input. The report is built on the other core meanwhile and
            // printed only once they pass.
            FixResult result;
            IReadOnlyList<string> report;
            try
            {
                (result, report) = SelfChecks.Verify(input, plan, options, parsed => Report(plan, parsed, options, reportFormat, region, before, after, output.NewLine));
            }
            catch (SelfCheckException ex)
            {
                error.WriteLine($"ironclad: {ex.Message}");
                return ExitCodes.InternalError;
            }

            foreach (var piece in report)
            {
                output.Write(piece);
            }

            if (target is not null)
            {
                // A byte-order mark of the original is kept, so the rewrite changes only what the plan changes.
                CommandOutput.Emit(target, output, writer => writer.Write(result.Output), new UTF8Encoding(input.Document.HasByteOrderMark));
                error.WriteLine($"ironclad: wrote {target}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// What fix prints: the diff, the report and the cost line, as text, JSON or Markdown (which has no diff). In pieces,
    /// so that the diff of a large template (megabytes) is not copied once more to join them.
    /// </summary>
    private static IReadOnlyList<string> Report(HardeningPlan plan, Task<FixResult> parsed, HardeningOptions options, string? format, string region, string before, string after, string newLine)
    {
        if (format == "markdown")
        {
            var result = parsed.GetAwaiter().GetResult();
            var (cost, _) = HardeningCost.WithDefaults(result, options, region);
            return [FixMarkdownReport.Write(plan, result.Fixed, cost)];
        }

        // The diff and the report need only the plan; the cost line waits for the parsed output.
        var diff = LineDiff.Unified(plan.OriginalText, plan.Edits, before, after);
        if (format == "json")
        {
            return [HardeningReport.Json(plan, App.Version, diff, HardeningCost.Monthly(parsed.GetAwaiter().GetResult(), options, region))];
        }

        var report = HardeningReport.Text(plan);
        return
        [
            diff,
            diff.Length > 0 ? newLine : "",
            report,
            newLine,
            "Cost" + newLine,
            "  " + HardeningCost.TotalLine(parsed.GetAwaiter().GetResult(), options, region) + newLine,
        ];
    }

    /// <summary>Plans, turning a planner's refusal to edit safely into an input error on the template.</summary>
    public static HardeningPlan Plan(CfnTemplate template, HardeningOptions options)
    {
        try
        {
            return Hardener.Plan(template, Hardener.ForFile(options, template.Document.Path));
        }
        catch (EditConflictException ex)
        {
            throw new Core.Inputs.InputException(Core.Inputs.InputKind.Template, template.Document.Path, null, "cannot plan the fix safely: " + ex.Message, ex);
        }
    }

    /// <summary>Whether two paths name one file (through links too), so that -o cannot silently rewrite the input.</summary>
    private static bool SameFile(string a, string b)
    {
        static string Final(string p)
        {
            var full = Path.GetFullPath(p);
            return File.Exists(full) && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } link ? link.FullName : full;
        }

        return string.Equals(Final(a), Final(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }
}
