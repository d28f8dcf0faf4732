using System.CommandLine;
using Ironclad.Core.Costing;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad cost TEMPLATE</c>: the monthly price of hardening a template, item by item, and what each optimisation saves.</summary>
public static class CostCommand
{
    public static Command Create(TextWriter output, TextWriter error)
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
        var format = SharedOptions.Format("Report format: text, json, markdown (for a pull-request comment).", "text", "json", "markdown");
        var outputFile = SharedOptions.Output();
        var parameter = SharedOptions.Parameter();
        var parametersFile = SharedOptions.ParametersFile();
        var configEnv = SharedOptions.ConfigEnv();

        var command = new Command("cost", "Price the change: the monthly cost of what the hardened template adds (NAT gateways, endpoints, keys, PITR, log and failover buckets, replication, alarms), with formulas, and the savings of the guide's options.\n\nExit codes: 0 priced, 2 usage or input errors.")
        {
            template, hardened, region, pricesFile, usageFile, set, format, outputFile, parameter, parametersFile, configEnv,
        };
        plan.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                var templatePath = parse.GetValue(template)!;
                var parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!);
                var prices = Prices(parse.GetValue(pricesFile), parse.GetValue(region) ?? DeployRegion.FromSamConfig(templatePath, parse.GetValue(configEnv)!) ?? "us-east-1");
                var usage = Usage(parse.GetValue(usageFile), parse.GetValue(set));
                var original = LoadTemplate(templatePath);
                CostReport report;
                if (parse.GetValue(hardened) is { } hardenedPath)
                {
                    var after = LoadTemplate(hardenedPath);
                    report = CostEstimator.Estimate(original, after, usage, prices, parameters);
                    var savings = CostSavings.ShorterLogRetention(after, parameters) is { } retention ? [retention] : new List<SavingsScenario>();
                    report = report.WithSavings(CostSavings.Compute(original, report, savings));
                }
                else
                {
                    report = HardeningCost.Estimate(original, plan.Read(parse, parameters, templatePath), usage, prices);
                }

                var formatValue = Enum.Parse<CostReportFormat>(parse.GetValue(format)!, ignoreCase: true);
                ScanCommand.Emit(parse.GetValue(outputFile), output, writer => CostReportWriter.Write(formatValue, report, writer, templatePath));
                return ExitCodes.Success;
            }
            catch (UsageException ex)
            {
                error.WriteLine($"ironclad: {ex.Message}");
                return ExitCodes.InputError;
            }
            catch (EditConflictException ex)
            {
                error.WriteLine($"{parse.GetValue(template)}:1:1: cannot plan the fix safely: {ex.Message}");
                return ExitCodes.InputError;
            }
        });
        return command;
    }

    /// <summary>The price table: a file given with --prices (whose region wins), else the embedded one.</summary>
    public static PriceTable Prices(string? file, string region)
    {
        try
        {
            return file is null ? PriceTable.Embedded(region) : PriceTable.Load(file);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException(ex.Message);
        }
    }

    public static UsageAssumptions Usage(string? file, string[]? settings)
    {
        var usage = UsageAssumptions.Defaults;
        try
        {
            if (file is not null)
            {
                usage = usage.WithFile(file, File.ReadAllText(file));
            }

            foreach (var setting in settings ?? [])
            {
                usage = usage.With(setting);
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException(ex.Message);
        }
        catch (TemplateLoadException ex)
        {
            throw new UsageException($"{file}:{ex.Position.Line}:{ex.Position.Column}: {ex.Message}");
        }

        return usage;
    }

    public static CfnTemplate LoadTemplate(string path)
    {
        try
        {
            return CfnTemplate.From(TemplateDocument.Load(path));
        }
        catch (TemplateLoadException ex)
        {
            throw new UsageException($"{path}:{ex.Position.Line}:{ex.Position.Column}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: {ex.Message}");
        }
    }
}

/// <summary>
/// The options that shape the hardening plan, with fix's names and meanings, so that
/// <c>cost TEMPLATE --single-nat</c> prices what <c>fix TEMPLATE --single-nat</c> writes.
/// </summary>
public sealed class PlanOptions
{
    private readonly Option<string[]> only = SharedOptions.Only();

    private readonly Option<string[]> skip = SharedOptions.Skip();

    private readonly Option<string?> prefix = new("--prefix") { Description = "Start of the physical names of new resources (alias/PREFIX-lambda-STAGE); default: the stack name." };

    private readonly Option<string> vpc = new("--vpc")
    {
        Description = "new: add a VPC with private subnets and NAT; existing: use the VPC and subnets given as parameters.",
        DefaultValueFactory = _ => "new",
    };

    private readonly Option<bool> singleNat = new("--single-nat") { Description = "One NAT gateway for both zones (saves one gateway; for development)." };

    private readonly Option<string> endpoints = new("--endpoints")
    {
        Description = "Interface endpoints: auto (inferred from the input's permissions), none (all AWS traffic through NAT), or a comma-separated list of services (sqs,kms,...).",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<bool> noPort80 = new("--no-port-80") { Description = "Allow only HTTPS out of the Lambda security group (the guide also allows port 80)." };

    private readonly Option<string> replicationPrefix = new("--replication-prefix")
    {
        Description = "Replicate only keys under this prefix (for example uploads/); default: the whole bucket.",
        DefaultValueFactory = _ => "",
    };

    private readonly Option<string> alarms = new("--alarms")
    {
        Description = "Lambda throttle and error alarms: region (two for the region), per-function (a pair per function), none (no alarms at all).",
        DefaultValueFactory = _ => "region",
    };

    private readonly Option<bool> convertSimpleTables = new("--convert-simple-tables") { Description = "Convert AWS::Serverless::SimpleTable to AWS::DynamoDB::Table (as fix would; back the table up first)." };

    public PlanOptions()
    {
        vpc.AcceptOnlyFromAmong("new", "existing");
        alarms.AcceptOnlyFromAmong("region", "per-function", "none");
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { only, skip, prefix, vpc, singleNat, endpoints, noPort80, replicationPrefix, alarms, convertSimpleTables })
        {
            command.Options.Add(option);
        }
    }

    public HardeningOptions Read(ParseResult parse, IReadOnlyDictionary<string, string> parameters, string templatePath)
    {
        var options = new HardeningOptions
        {
            Parameters = parameters,
            Only = SharedOptions.SplitList(parse.GetValue(only)),
            Skip = SharedOptions.SplitList(parse.GetValue(skip)),
            Prefix = parse.GetValue(prefix),
            Network = parse.GetValue(vpc) == "existing" ? NetworkMode.Existing : NetworkMode.New,
            SingleNat = parse.GetValue(singleNat),
            AllowPort80 = !parse.GetValue(noPort80),
            ReplicationPrefix = parse.GetValue(replicationPrefix) ?? "",
            Alarms = parse.GetValue(alarms) switch
            {
                "per-function" => AlarmMode.PerFunction,
                "none" => AlarmMode.None,
                _ => AlarmMode.Region,
            },
            ConvertSimpleTables = parse.GetValue(convertSimpleTables),
            TemplateFileName = Path.GetFileName(templatePath),
        };
        var value = parse.GetValue(endpoints) ?? "auto";
        return value switch
        {
            "auto" => options with { Endpoints = EndpointMode.Auto },
            "none" => options with { Endpoints = EndpointMode.None },
            _ when value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } services
                && services.All(s => s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')) =>
                options with { Endpoints = EndpointMode.List, EndpointServices = services },
            _ => throw new UsageException($"--endpoints takes auto, none or a comma-separated list of endpoint services (sqs,kms,bedrock-runtime), got '{value}'"),
        };
    }
}
