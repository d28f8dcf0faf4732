using System.CommandLine;
using System.Globalization;
using Ironclad.Aws;
using Ironclad.Core.Reporting;
using Ironclad.Core.Scanning;
using Ironclad.Core.Verification;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad verify --stack NAME</c>: the guide's post-deployment verification and troubleshooting, against the live accounts.</summary>
public static class VerifyCommand
{
    private const string VerifyHelp =
        "Check the live resources of deployed stacks with read-only AWS calls (Describe*, Get*, List*): the stack's status, nested stacks, every scan rule with a live counterpart, "
        + "account concurrency, VPC, NAT and endpoint health, the dead-letter alarm, and the guide's troubleshooting diagnoses. "
        + "A stack verify can check nothing of (no resources, or none of a type it knows) is a finding (IC9018, severity low), never a silent pass.";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var stack = new Option<string[]>("--stack") { Description = "A CloudFormation stack to verify (name or ARN); repeat for several.", AllowMultipleArgumentsPerToken = false };
        var allStacks = new Option<bool>("--all-stacks") { Description = "Verify every root stack in a stable state (nested stacks through their root)." };
        var stackPrefix = new Option<string?>("--stack-prefix") { Description = "With --all-stacks: only stacks whose name starts with this." };
        var stackTag = new Option<string[]>("--stack-tag") { Description = "With --all-stacks: only stacks with this tag, KEY=VALUE; repeat to require several." };
        var template = new Option<string?>("--template") { Description = "The template the stack was deployed from (one stack only): findings point at its lines, and a live value that contradicts it is reported as drift." };
        var templateOut = new Option<string?>("--template-out") { Description = "Fetch the stack's deployed template (CloudFormation GetTemplate), save it to this file, and verify against it as --template does (one stack only). Without --template or --template-out, results point at cloudformation://ACCOUNT/REGION/STACK/template." };
        var region = new Option<string[]>("--region") { Description = "AWS region; repeat for several (default: the profile's, else AWS_REGION / AWS_DEFAULT_REGION)." };
        var profile = new Option<string?>("--profile") { Description = "A named profile from the shared AWS config and credentials files (default: the SDK's credential chain)." };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "Send every call to this endpoint (a local emulator such as moto_server)." };
        var accounts = new Option<string[]>("--accounts") { Description = "Verify other accounts through --role-name: 'organization' for every active account of AWS Organizations (ListAccounts), or account IDs; repeatable." };
        var roleName = new Option<string>("--role-name") { Description = "The read-only role assumed in each account of --accounts.", DefaultValueFactory = _ => "IroncladVerify" };
        var concurrency = new Option<int>("--concurrency") { Description = "Stacks verified at once (1-64); each checks up to 8 resources at once, and throttled calls are retried with backoff.", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the whole run may take before it stops with an error (exit 2).", DefaultValueFactory = _ => 1800 };
        var format = SharedOptions.Format("Report format: text, json, sarif, junit, github (the same as scan), or markdown (a pull-request comment: passed, failed, drifted).", "text", "json", "sarif", "junit", "github", "markdown");
        var outputFile = SharedOptions.Output();
        var failOn = SharedOptions.Severity("--fail-on", "Lowest severity that makes the run fail (exit 1).", "info");
        var softFail = new Option<bool>("--soft-fail") { Description = "Report findings but exit 0 (errors still exit 2)." };
        var strict = new Option<bool>("--strict") { Description = "Count unknown results (a denied or failing read) as failures." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress lines on standard error." };
        var parameter = SharedOptions.Parameter();

        var command = new Command("verify", VerifyHelp + "\n\n" + ExitCodes.HelpText)
        {
            stack, allStacks, stackPrefix, stackTag, template, templateOut, region, profile, endpoint, accounts, roleName, concurrency, timeout, format, outputFile, failOn, softFail, strict, quiet, parameter,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var formatValue = SharedOptions.ReportFormatOf(parse.GetValue(format));
            try
            {
                // Read here as every template is read (bounded, one error line naming it) before any AWS call.
                if (parse.GetValue(template) is { } templatePath)
                {
                    InputFiles.Template(templatePath);
                }

                var report = await VerifyRunner.RunAsync(Options(parse, error), cancellationToken).ConfigureAwait(false);
                Write(parse.GetValue(outputFile), output, formatValue, report);
                CommandOutput.WriteErrors(report, error);
                return CommandOutput.ExitCode(report, SharedOptions.SeverityOf(parse.GetValue(failOn)), parse.GetValue(softFail), parse.GetValue(strict));
            }
            catch (Exception ex) when (ex is VerifyException or UsageException)
            {
                error.WriteLine($"ironclad: {ex.Message}");

                // A machine reading --format json gets a document either way, with the error in it.
                if (formatValue == ReportFormat.Json)
                {
                    Write(parse.GetValue(outputFile), output, formatValue, new ScanReport([], [new ScanError("verify", 1, 1, ex.Message)], [], 0) { Subject = "stack" });
                }

                return ExitCodes.InputError;
            }
        });
        return command;

        VerifyOptions Options(ParseResult parse, TextWriter progress)
        {
            var organization = false;
            var ids = new List<string>();
            foreach (var value in SharedOptions.SplitList(parse.GetValue(accounts)))
            {
                if (value is "organization" or "org")
                {
                    organization = true;
                }
                else if (value.Length == 12 && value.All(char.IsAsciiDigit))
                {
                    ids.Add(value);
                }
                else
                {
                    throw new UsageException($"--accounts takes 'organization' or 12-digit account IDs, got '{value}'");
                }
            }

            var stacks = parse.GetValue(stack) ?? [];
            if (stacks.Length > 0 && parse.GetValue(allStacks))
            {
                throw new UsageException("--stack and --all-stacks exclude each other");
            }

            if (!parse.GetValue(allStacks) && (parse.GetValue(stackPrefix) is not null || (parse.GetValue(stackTag) ?? []).Length > 0))
            {
                throw new UsageException("--stack-prefix and --stack-tag filter --all-stacks");
            }

            var stacksAtOnce = parse.GetValue(concurrency);
            if (stacksAtOnce is < 1 or > 64)
            {
                throw new UsageException($"--concurrency takes 1 to 64, got {stacksAtOnce.ToString(CultureInfo.InvariantCulture)}");
            }

            var seconds = parse.GetValue(timeout);
            if (seconds < 1)
            {
                throw new UsageException($"--timeout takes a number of seconds above 0, got {seconds.ToString(CultureInfo.InvariantCulture)}");
            }

            var quietValue = parse.GetValue(quiet);
            return new VerifyOptions
            {
                Stacks = stacks,
                AllStacks = parse.GetValue(allStacks),
                StackPrefix = parse.GetValue(stackPrefix),
                StackTags = Tags(parse.GetValue(stackTag)),
                TemplatePath = parse.GetValue(template),
                TemplateOutPath = parse.GetValue(templateOut),
                Regions = SharedOptions.SplitList(parse.GetValue(region)),
                Profile = parse.GetValue(profile),
                EndpointUrl = EndpointOf(parse.GetValue(endpoint)),
                OrganizationAccounts = organization,
                Accounts = ids,
                RoleName = parse.GetValue(roleName) ?? "IroncladVerify",
                Concurrency = stacksAtOnce,
                RunTimeout = TimeSpan.FromSeconds(seconds),
                Parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), null, "default"),
                Progress = quietValue ? null : line =>
                {
                    lock (progress)
                    {
                        progress.WriteLine(line);
                    }
                },
            };
        }

        void Write(string? path, TextWriter fallback, ReportFormat formatValue, ScanReport report) =>
            CommandOutput.Emit(path, fallback, writer => ReportWriters.Write(formatValue, report, writer, new ReportContext(App.Version, Color: ConsoleColors.Enabled(writer == output))));
    }

    private static Dictionary<string, string> Tags(string[]? pairs)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--stack-tag takes KEY=VALUE, got '{pair}'");
            }

            tags[pair[..eq]] = pair[(eq + 1)..];
        }

        return tags;
    }

    private static Uri? EndpointOf(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new UsageException($"--endpoint-url takes an http or https URL, got '{text}'");
}
