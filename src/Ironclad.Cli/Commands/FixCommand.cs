using System.CommandLine;
using System.Text;
using Ironclad.Core.Costing;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad fix TEMPLATE</c>: plan the hardened template, show the diff and the report, and write it only when asked.</summary>
public static class FixCommand
{
    public static Command Create(TextWriter output, TextWriter error) => Create(output, error, RuleCatalog.All);

    /// <summary>The command over a given rule catalogue: tests drive the self-checks with rules of their own.</summary>
    internal static Command Create(TextWriter output, TextWriter error, IReadOnlyList<Rule> rules)
    {
        var template = new Argument<string>("template") { Description = "The SAM or CloudFormation template to harden (YAML or JSON)." };
        var write = new Option<bool>("--write") { Description = "Rewrite TEMPLATE in place (atomically: the original is untouched on any error)." };
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write the hardened template to this path instead (TEMPLATE is untouched)." };
        var planOptions = new PlanOptions();
        var parameter = SharedOptions.Parameter();
        var parametersFile = SharedOptions.ParametersFile();
        var configEnv = SharedOptions.ConfigEnv();
        var format = SharedOptions.Format("Report format: text (the diff, then the report) or json (the report, the diff inside).", "text", "json");

        var command = new Command("fix", "Harden a template: print the unified diff of the minimal, format-preserving edits and the report (what changed per rule and resource, resources added, warnings, the deploy command). Writes nothing unless --write or --output. Before anything is written the output is checked: it parses, re-scans clean for what it fixed, fixes to itself, and adds no deployability finding.\n\nExit codes: 0 the plan applied, 2 usage or input errors, 3 the output failed a self-check (nothing written) or the tool failed.")
        {
            template, write, outputFile, parameter, parametersFile, configEnv, format,
        };
        planOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(template)!;
            try
            {
                if (parse.GetValue(write) && parse.GetValue(outputFile) is not null)
                {
                    throw new UsageException("--write and --output exclude each other");
                }

                var values = SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!);
                var options = planOptions.Read(parse, values, path) with { Rules = rules };
                if (!File.Exists(path))
                {
                    throw new UsageException($"{path}: no such file");
                }

                // The self-checks run in the library: a planner bug throws SelfCheckException before anything is written.
                var (plan, hardened, _) = Hardener.Fix(path, options);
                var name = path.Replace('\\', '/');
                var (before, after) = Path.IsPathRooted(path) ? (name, name) : ("a/" + name, "b/" + name);
                var diff = LineDiff.Unified(plan.OriginalText, plan.Edits, before, after);
                if (parse.GetValue(format) == "json")
                {
                    output.Write(HardeningReport.Json(plan, diff, HardeningCost.TotalLine(plan, options, parse.GetValue(configEnv)!)));
                }
                else
                {
                    output.Write(diff);
                    if (diff.Length > 0)
                    {
                        output.WriteLine();
                    }

                    output.Write(HardeningReport.Text(plan));
                    output.WriteLine();
                    output.WriteLine("Cost");
                    output.WriteLine("  " + HardeningCost.TotalLine(plan, options, parse.GetValue(configEnv)!));
                }

                var target = parse.GetValue(write) ? path : parse.GetValue(outputFile);
                if (target is not null)
                {
                    // A byte-order mark of the original is kept, so the rewrite changes only what the plan changes.
                    var bom = File.ReadAllBytes(path).AsSpan().StartsWith(TemplateDocument.Utf8ByteOrderMark);
                    AtomicFile.Write(Path.GetFullPath(target), writer => writer.Write(hardened), new UTF8Encoding(bom));
                    error.WriteLine($"ironclad: wrote {target}");
                }

                return ExitCodes.Success;
            }
            catch (SelfCheckException ex)
            {
                error.WriteLine($"ironclad: {ex.Message}");
                return ExitCodes.InternalError;
            }
            catch (UsageException ex)
            {
                error.WriteLine($"ironclad: {ex.Message}");
                return ExitCodes.InputError;
            }
            catch (TemplateLoadException ex)
            {
                error.WriteLine($"{path}:{ex.Position.Line}:{ex.Position.Column}: {ex.Message}");
                return ExitCodes.InputError;
            }
            catch (EditConflictException ex)
            {
                error.WriteLine($"{path}:1:1: cannot plan the fix safely: {ex.Message}");
                return ExitCodes.InputError;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}:1:1: {ex.Message}");
                return ExitCodes.InputError;
            }
        });
        return command;
    }
}
