using System.CommandLine;
using System.Reflection;
using Ironclad.Cli.Commands;

namespace Ironclad.Cli;

/// <summary>Wires the commands; each command lives in its own file under Commands/.</summary>
public static class App
{
    public static string Version { get; } =
        typeof(App).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "Ironclad audits AWS SAM and CloudFormation templates (scan), rewrites them into a hardened architecture (fix), " +
            "prices the change (cost) and checks the deployed stack (verify).\n\n" + ExitCodes.HelpText);
        root.Subcommands.Add(ScanCommand.Create(output, error));
        root.Subcommands.Add(RulesCommand.Create(output, error));
        root.Subcommands.Add(FixCommand.Create(output, error));
        root.Subcommands.Add(CostCommand.Create(output, error));
        root.Subcommands.Add(PricesCommand.Create(output, error));
        root.Subcommands.Add(VerifyCommand.Create(output, error));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"ironclad: {e.Message}");
            }

            error.WriteLine("Run 'ironclad --help' for usage.");
            return ExitCodes.InputError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
