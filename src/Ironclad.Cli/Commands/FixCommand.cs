using System.CommandLine;
using System.Text;
using Ironclad.Core.Costing;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad fix TEMPLATE</c>: plan the hardened template, show the diff and the report, and write it only when asked.</summary>
public static class FixCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var template = new Argument<string>("template") { Description = "The SAM or CloudFormation template to harden (YAML or JSON)." };
        var write = new Option<bool>("--write") { Description = "Rewrite TEMPLATE in place (atomically: the original is untouched on any error)." };
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write the hardened template to this path instead (TEMPLATE is untouched)." };
        var only = SharedOptions.Only();
        var skip = SharedOptions.Skip();
        var prefix = new Option<string?>("--prefix") { Description = "Start of the physical names of new resources (alias/PREFIX-lambda-STAGE); default: the stack name." };
        var vpc = new Option<string>("--vpc") { Description = "new: add a VPC with private subnets and NAT; existing: use the VPC and subnets given as parameters.", DefaultValueFactory = _ => "new" };
        vpc.AcceptOnlyFromAmong("new", "existing");
        var singleNat = new Option<bool>("--single-nat") { Description = "One NAT gateway for both zones (saves one gateway; for development)." };
        var endpoints = new Option<string>("--endpoints")
        {
            Description = "Interface endpoints: auto (inferred from the input's permissions), none (all AWS traffic through NAT), or a comma-separated list of services (sqs,kms,...).",
            DefaultValueFactory = _ => "auto",
        };
        var noPort80 = new Option<bool>("--no-port-80") { Description = "Allow only HTTPS out of the Lambda security group (the guide also allows port 80)." };
        var replicationPrefix = new Option<string>("--replication-prefix") { Description = "Replicate only keys under this prefix (for example uploads/); default: the whole bucket.", DefaultValueFactory = _ => "" };
        var alarms = new Option<string>("--alarms") { Description = "Lambda throttle and error alarms: region (two for the region), per-function (a pair per function), none (no alarms at all).", DefaultValueFactory = _ => "region" };
        alarms.AcceptOnlyFromAmong("region", "per-function", "none");
        var convert = new Option<bool>("--convert-simple-tables") { Description = "Convert AWS::Serverless::SimpleTable to AWS::DynamoDB::Table to give it a key and point-in-time recovery (back the table up first)." };
        var parameter = SharedOptions.Parameter();
        var parametersFile = SharedOptions.ParametersFile();
        var configEnv = SharedOptions.ConfigEnv();
        var format = SharedOptions.Format("Report format: text (the diff, then the report) or json (the report, the diff inside).", "text", "json");

        var command = new Command("fix", "Harden a template: print the unified diff of the minimal, format-preserving edits and the report (what changed per rule and resource, resources added, warnings, the deploy command). Writes nothing unless --write or --output.\n\nExit codes: 0 the plan applied, 2 usage or input errors.")
        {
            template, write, outputFile, only, skip, prefix, vpc, singleNat, endpoints, noPort80, replicationPrefix, alarms, convert, parameter, parametersFile, configEnv, format,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(template)!;
            try
            {
                if (parse.GetValue(write) && parse.GetValue(outputFile) is not null)
                {
                    throw new UsageException("--write and --output exclude each other");
                }

                var options = new HardeningOptions
                {
                    Parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), parse.GetValue(parametersFile), parse.GetValue(configEnv)!),
                    Only = SharedOptions.SplitList(parse.GetValue(only)),
                    Skip = SharedOptions.SplitList(parse.GetValue(skip)),
                    Prefix = parse.GetValue(prefix),
                    Network = parse.GetValue(vpc) == "existing" ? NetworkMode.Existing : NetworkMode.New,
                    SingleNat = parse.GetValue(singleNat),
                    AllowPort80 = !parse.GetValue(noPort80),
                    ReplicationPrefix = parse.GetValue(replicationPrefix)!,
                    Alarms = parse.GetValue(alarms) switch { "none" => AlarmMode.None, "per-function" => AlarmMode.PerFunction, _ => AlarmMode.Region },
                    ConvertSimpleTables = parse.GetValue(convert),
                    TemplateFileName = Path.GetFileName(path),
                };
                options = Endpoints(options, parse.GetValue(endpoints)!);
                if (!File.Exists(path))
                {
                    throw new UsageException($"{path}: no such file");
                }

                var plan = Hardener.Plan(path, options);
                var hardened = plan.Apply();

                // The output must still be a template: a planner bug must never reach the file.
                TemplateDocument.Parse(path, hardened);
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
                    WriteAtomically(path, target, hardened);
                    error.WriteLine($"ironclad: wrote {target}");
                }

                return ExitCodes.Success;
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

    private static HardeningOptions Endpoints(HardeningOptions options, string value) => value switch
    {
        "auto" => options with { Endpoints = EndpointMode.Auto },
        "none" => options with { Endpoints = EndpointMode.None },
        _ when value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } services
            && services.All(s => s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')) =>
            options with { Endpoints = EndpointMode.List, EndpointServices = services },
        _ => throw new UsageException($"--endpoints takes auto, none or a comma-separated list of endpoint services (sqs,kms,bedrock-runtime), got '{value}'"),
    };

    /// <summary>
    /// Writes to a temporary file in the target's folder, then moves it over the target: a crash or a
    /// full disk leaves the original whole. A byte-order mark of the original is kept.
    /// </summary>
    private static void WriteAtomically(string source, string target, string text)
    {
        var full = Path.GetFullPath(target);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.ironclad.tmp");
        var bom = File.ReadAllBytes(source).AsSpan().StartsWith("\xEF\xBB\xBF"u8);
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(bom));
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
