using Ironclad.Core.Templates;

namespace Ironclad.Core.Inputs;

/// <summary>The kinds of input a user hands the tool; an error names the kind, so a usage file's error is not a template's.</summary>
public enum InputKind
{
    Template,
    ParametersFile,
    UsageFile,
    PriceFile,
    OfferFile,
    Baseline,
    AwsConfig,
    Option,
}

/// <summary>
/// Bad input of any kind: one line for the user, <c>file:line:column: message</c> (or <c>ironclad: message</c>
/// for an option value), and exit code 2. Every loader's failure becomes one of these, so the command line
/// has one handler for all of them.
/// </summary>
public class InputException : Exception
{
    public InputException(InputKind kind, string? file, SourcePosition? position, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        File = file;
        Position = position;
    }

    public InputKind Kind { get; }

    public string? File { get; }

    public SourcePosition? Position { get; }

    /// <summary>The one line printed on standard error.</summary>
    public string Line
    {
        get
        {
            if (File is null)
            {
                return "ironclad: " + Message;
            }

            var at = Position ?? new SourcePosition(1, 1, 0);
            var kind = Kind switch
            {
                InputKind.Template or InputKind.Option => "",
                InputKind.ParametersFile => "parameters file: ",
                InputKind.UsageFile => "usage file: ",
                InputKind.PriceFile => "price file: ",
                InputKind.OfferFile => "offer file: ",
                InputKind.Baseline => "baseline: ",
                _ => "AWS config file: ",
            };
            return $"{File}:{Math.Max(1, at.Line)}:{Math.Max(1, at.Column)}: {kind}{Message}";
        }
    }
}
