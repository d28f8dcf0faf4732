using System.CommandLine;
using System.Reflection;
using Ironclad.Cli.Commands;
using Ironclad.Core.Inputs;
using Ironclad.Core.Rules;

namespace Ironclad.Cli;

/// <summary>Wires the commands; each command lives in its own file under Commands/.</summary>
public static class App
{
    public static string Version { get; } =
        typeof(App).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, RuleCatalog.All);

    /// <param name="catalogue">The rules scan, fix and cost run: the catalogue, or in tests one with a rule that fails on purpose.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyList<Rule> catalogue)
    {
        var verbose = new Option<bool>("--verbose")
        {
            Description = "On an internal error (exit 3), print the stack trace as well.",
            Recursive = true,
        };
        var root = new RootCommand(
            "Ironclad audits AWS SAM and CloudFormation templates (scan), rewrites them into a hardened architecture (fix), " +
            "prices the change (cost) and checks the deployed stack (verify).\n\n" + ExitCodes.HelpText)
        {
            verbose,
        };
        root.Subcommands.Add(ScanCommand.Create(output, error, catalogue));
        root.Subcommands.Add(RulesCommand.Create(output, error));
        root.Subcommands.Add(FixCommand.Create(output, error, catalogue));
        root.Subcommands.Add(CostCommand.Create(output, error, catalogue));
        root.Subcommands.Add(PricesCommand.Create(output, error));
        root.Subcommands.Add(VerifyCommand.Create(output, error));

        var parse = root.Parse(args);
        try
        {
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors)
                {
                    error.WriteLine($"ironclad: {e.Message}");
                }

                error.WriteLine("Run 'ironclad --help' for usage.");
                return ExitCodes.InputError;
            }

            // Every failure comes back here: bad input of any kind is one line and exit 2; anything else is
            // the tool's own failure, exit 3, never the library's default handler (exit 1, the code for findings).
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (InputException ex)
        {
            // A parser's message may quote the bad text itself, newlines and all: it is still one line.
            return Report(error, Core.Reporting.ReportText.Escape(ex.Line), ExitCodes.InputError);
        }
#pragma warning disable CA1031 // The one place that turns any failure into exit code 3 and one line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var cause = ex is AggregateException { InnerExceptions: [var single] } ? single : ex;
            var line = $"ironclad: internal error: {OneLine(cause.Message)}";
            return Report(error, parse.GetValue(verbose) ? line + Environment.NewLine + cause : line, ExitCodes.InternalError);
        }
    }

    /// <summary>Writes the error line; if standard error itself cannot be written, the exit code still tells.</summary>
    private static int Report(TextWriter error, string line, int exitCode)
    {
        try
        {
            error.WriteLine(line);
            error.Flush();
        }
        catch (IOException)
        {
            // Nowhere left to say it.
        }

        return exitCode;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
