using System.CommandLine;
using Ironclad.Core.Costing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Reporting.Markdown;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad cost TEMPLATE</c>: the monthly price of hardening a template, item by item, and what each optimisation saves.</summary>
public static class CostCommand
{
    public static Command Create(TextWriter output, TextWriter error, IReadOnlyList<Rule> catalogue)
    {
        var template = new Argument<string>("template") { Description = "The template as it is now (before fix)." };
        var hardened = new Option<string?>("--hardened")
        {
            Description = "Price against this hardened template instead of the plan fix would make (e.g. one edited by hand); the cost is that of everything it adds or switches on.",
        };
        var plan = new PlanOptions();
        var region = new Option<string?>("--region") { Description = "Region to price in (default: the region of samconfig.toml beside the template, else us-east-1)." };
        var pricesFile = new Option<string?>("--prices") { Description = "A price table to use instead of the embedded one (the JSON that 'ironclad prices update' writes)." };
        var usageFile = new Option<string?>("--usage") { Description = "A usage file (YAML): version: 0.1, usage: {key: value}, resource_usage: {LogicalId: {key: value}}." };
        var set = new Option<string[]>("--set")
        {
            Description = "A usage assumption, key=value or key.LogicalId=value (repeatable); wins over --usage. Keys: " + string.Join(", ", UsageAssumptions.Keys.Select(k => k.Name)) + ".",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = SharedOptions.Format("Report format: text, json, markdown (for a pull-request comment: the tables, a Mermaid pie of the monthly cost by item and a Mermaid diagram of the hardened architecture).", "text", "json", "markdown");
        var outputFile = SharedOptions.Output();
        var parameter = SharedOptions.Parameter();
        var parametersFile = SharedOptions.ParametersFile();
        var configEnv = SharedOptions.ConfigEnv();

        var command = new Command("cost", "Price the change: the monthly cost of what the hardened template adds (NAT gateways, endpoints, keys, PITR, log and failover buckets, replication, alarms), with formulas, and the savings of the guide's options.\n\nExit codes: 0 priced, 2 usage or input errors (including resources scan rejects), 3 the tool itself failed.")
        {
            template, hardened, region, pricesFile, usageFile, set, format, outputFile, parameter, parametersFile, configEnv,
        };
        plan.AddTo(command);
        command.SetAction(parse =>
        {
            var templatePath = parse.GetValue(template)!;
            var parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!);
            var samConfig = InputFiles.SamConfigBeside(templatePath);
            var prices = Prices(parse.GetValue(pricesFile), parse.GetValue(region) ?? samConfig?.Region(parse.GetValue(configEnv)!) ?? "us-east-1");
            var usage = Usage(parse.GetValue(usageFile), parse.GetValue(set));
            var original = InputFiles.Template(templatePath);
            CostReport report;
            CfnTemplate hardenedTemplate;
            IReadOnlySet<string> changed;
            if (parse.GetValue(hardened) is { } hardenedPath)
            {
                var after = InputFiles.Template(hardenedPath);
                var errors = original.Problems.Select(p => Error(templatePath, p)).Concat(after.Problems.Select(p => Error(hardenedPath, p))).ToList();
                if (errors.Count > 0)
                {
                    return CommandOutput.ReportErrors(errors, error);
                }

                report = CostEstimator.Estimate(original, after, usage, prices, parameters);
                var savings = CostSavings.ShorterLogRetention(after, parameters) is { } retention ? [retention] : new List<SavingsScenario>();
                report = report.WithSavings(CostSavings.Compute(original, report, savings));
                (hardenedTemplate, changed) = (after, CostMarkdownReport.Changed(original, after));
            }
            else
            {
                var options = plan.Read(parse, parameters, templatePath, samConfig) with { Rules = catalogue };
                PlanOptions.RequireRules(options);
                var planned = FixCommand.Plan(original, options);
                if (planned.Errors.Count > 0)
                {
                    return CommandOutput.ReportErrors(planned.Errors, error);
                }

                report = HardeningCost.ForPlan(original, planned, options, usage, prices);
                (hardenedTemplate, changed) = (HardeningCost.Hardened(original, planned), planned.ChangedResources.Select(c => c.LogicalId).ToHashSet(StringComparer.Ordinal));
            }

            var formatValue = Enum.Parse<CostReportFormat>(parse.GetValue(format)!, ignoreCase: true);
            CommandOutput.Emit(parse.GetValue(outputFile), output, writer =>
            {
                // Markdown is for a pull-request comment: the tables, then the pie and the architecture diagram.
                if (formatValue == CostReportFormat.Markdown)
                {
                    writer.Write(CostMarkdownReport.Write(report, templatePath, hardenedTemplate, changed));
                }
                else
                {
                    CostReportWriter.Write(formatValue, report, writer, templatePath, App.Version);
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The price table: a file given with --prices (whose region wins), else the embedded one.</summary>
    public static PriceTable Prices(string? file, string region)
    {
        if (file is not null)
        {
            return InputFiles.Prices(file);
        }

        try
        {
            return PriceTable.Embedded(region);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>The usage figures: the file's, then each --set over them.</summary>
    public static UsageAssumptions Usage(string? file, string[]? settings)
    {
        var usage = file is null ? UsageAssumptions.Defaults : InputFiles.Usage(UsageAssumptions.Defaults, file);
        foreach (var setting in settings ?? [])
        {
            try
            {
                usage = usage.With(setting);
            }
            catch (FormatException ex)
            {
                throw new UsageException("--set " + ex.Message);
            }
        }

        return usage;
    }

    private static ScanError Error(string file, TemplateProblem problem) => new(file, problem.Position.Line, problem.Position.Column, problem.Message);
}
