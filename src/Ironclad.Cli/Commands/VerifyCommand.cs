using System.CommandLine;
using Ironclad.Aws;
using Ironclad.Core.Reporting;
using Ironclad.Core.Rules;
using Ironclad.Core.Verification;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad verify --stack NAME</c>: the guide's post-deployment verification and troubleshooting, against the live account.</summary>
public static class VerifyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var stack = new Option<string>("--stack") { Description = "The CloudFormation stack to verify.", Required = true };
        var template = new Option<string?>("--template") { Description = "The template the stack was deployed from: findings point at its lines, and a property it sets that is absent live is reported as drift." };
        var region = new Option<string?>("--region") { Description = "AWS region (default: the profile's, else AWS_REGION / AWS_DEFAULT_REGION)." };
        var profile = new Option<string?>("--profile") { Description = "A named profile from the shared AWS config and credentials files (default: the SDK's credential chain)." };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "Send every call to this endpoint (a local emulator such as moto_server)." };
        var format = SharedOptions.Format("Report format: text, json, sarif, junit, github (the same as scan).", "text", "json", "sarif", "junit", "github");
        var outputFile = SharedOptions.Output();
        var strict = new Option<bool>("--strict") { Description = "Count unknown results (a denied or failing read) as failures." };
        var parameter = SharedOptions.Parameter();

        var command = new Command("verify", "Check the live resources of a deployed stack with read-only AWS calls (Describe*, Get*, List*): every scan rule with a live counterpart, account concurrency, VPC, NAT and endpoint health, the dead-letter alarm, and the guide's troubleshooting diagnoses.\n\n" + ExitCodes.HelpText)
        {
            stack, template, region, profile, endpoint, format, outputFile, strict, parameter,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Read here as every template is read (bounded, one error line naming it) before any AWS call.
            if (parse.GetValue(template) is { } templatePath)
            {
                InputFiles.Template(templatePath);
            }

            var options = new VerifyOptions
            {
                StackName = parse.GetValue(stack)!,
                TemplatePath = parse.GetValue(template),
                Region = parse.GetValue(region),
                Profile = parse.GetValue(profile),
                EndpointUrl = EndpointOf(parse.GetValue(endpoint)),
                Parameters = SharedOptions.ParameterValues(parse.GetValue(parameter), null, "default"),
            };
            var report = await VerifyRunner.RunAsync(options, cancellationToken).ConfigureAwait(false);
            var formatValue = SharedOptions.ReportFormatOf(parse.GetValue(format));
            ScanCommand.Emit(parse.GetValue(outputFile), output, writer => ReportWriters.Write(formatValue, report, writer, new ReportContext(App.Version, Color: ConsoleColors.Enabled(writer == output))));
            ScanCommand.WriteErrors(report, error);
            return ScanCommand.ExitCode(report, Severity.Info, softFail: false, parse.GetValue(strict));
        });
        return command;
    }

    private static Uri? EndpointOf(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new UsageException($"--endpoint-url takes an http or https URL, got '{text}'");
}
