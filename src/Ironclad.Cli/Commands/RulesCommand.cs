using System.CommandLine;
using Ironclad.Core.Rules;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad rules [ID]</c>: the catalogue, or one rule explained.</summary>
public static class RulesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Argument<string?>("id")
        {
            Description = "A rule by any of its IDs: own (IC1001), Checkov (CKV_AWS_115), AWS Config (LAMBDA_CONCURRENCY_CHECK, lambda-concurrency-check) or cfn-nag (W92).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("rules", "List the rules, or explain one: what it checks, why, how to fix it, and its aliases.") { id };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(id);
            if (wanted is null)
            {
                List(output);
                return ExitCodes.Success;
            }

            if (RuleCatalog.Find(wanted) is not { } rule)
            {
                error.WriteLine($"ironclad: no rule '{wanted}'; 'ironclad rules' lists them");
                return ExitCodes.InputError;
            }

            output.Write(RuleDocs.Render(rule.Descriptor));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void List(TextWriter output)
    {
        var rows = RuleCatalog.All.Select(r => r.Descriptor).ToList();
        var checkovWidth = Math.Max(7, rows.Max(r => string.Join(",", r.CheckovIds).Length)) + 2;
        var configWidth = Math.Max(10, rows.Max(r => (r.ConfigRuleName ?? "").Length)) + 2;
        output.WriteLine($"{"ID",-8}{"Checkov".PadRight(checkovWidth)}{"AWS Config".PadRight(configWidth)}{"Severity",-10}Title");
        foreach (var r in rows)
        {
            output.WriteLine($"{r.Id,-8}{string.Join(",", r.CheckovIds).PadRight(checkovWidth)}{(r.ConfigRuleName ?? "-").PadRight(configWidth)}{r.Severity.ToString().ToLowerInvariant(),-10}{r.Title}");
        }

        output.WriteLine();
        output.WriteLine("'ironclad rules ID' explains one rule; any alias works.");
    }
}
