using System.CommandLine;
using Ironclad.Core.Reporting;
using Ironclad.Core.Scanning;
using Ironclad.Core.Inputs;

namespace Ironclad.Cli.Commands;

/// <summary>Options that scan, fix, cost and verify share, defined once so they read the same everywhere.</summary>
public static class SharedOptions
{
    public static Option<string[]> Parameter() => new("--parameter", "-p")
    {
        Description = "A template parameter value, KEY=VALUE (repeatable). Wins over --parameters and the template's Default.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> ParametersFile() => new("--parameters")
    {
        Description = "Parameter values from a file: CloudFormation JSON ([{\"ParameterKey\":…,\"ParameterValue\":…}]) or a samconfig.toml (parameter_overrides).",
    };

    public static Option<string> ConfigEnv() => new("--config-env")
    {
        Description = "The samconfig.toml environment to read parameter_overrides from.",
        DefaultValueFactory = _ => "default",
    };

    public static Option<string> Format(string description, params string[] formats)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = description,
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static ReportFormat ReportFormatOf(string? name) => Enum.Parse<ReportFormat>(name ?? "text", ignoreCase: true);

    public static Option<string> Severity(string name, string description, string defaultValue)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };
        option.AcceptOnlyFromAmong("info", "low", "medium", "high", "critical");
        return option;
    }

    public static Core.Rules.Severity SeverityOf(string? name) => Enum.Parse<Core.Rules.Severity>(name ?? "info", ignoreCase: true);

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    public static Option<string[]> Only() => new("--only")
    {
        Description = "Run only these rules: own ID, Checkov ID, AWS Config identifier or name, cfn-nag ID; wildcards allowed (CKV_AWS_1*). Repeatable, or comma-separated.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string[]> Skip() => new("--skip")
    {
        Description = "Skip these rules (same forms as --only). Repeatable, or comma-separated.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Splits comma lists so that both <c>--only A,B</c> and <c>--only A --only B</c> work.</summary>
    public static List<string> SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>Parameter values: the file first, then each --parameter over it.</summary>
    public static Dictionary<string, string> ParameterValues(string[]? pairs, string? file, string configEnv)
    {
        var values = file is null ? new Dictionary<string, string>(StringComparer.Ordinal) : InputFiles.Parameters(file, configEnv);
        foreach (var pair in pairs ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--parameter takes KEY=VALUE, got '{pair}'");
            }

            values[pair[..eq]] = pair[(eq + 1)..];
        }

        return values;
    }
}

/// <summary>A mistake in how the command was called (an option's value): one line to the user, exit code 2.</summary>
public sealed class UsageException(string message) : InputException(InputKind.Option, null, null, message);
