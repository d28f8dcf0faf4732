using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// What <c>fix</c> produces once its self-checks pass: the input as parsed, the plan, the hardened text, and that text
/// parsed, so that the command, the report and the cost line work on this one result instead of reading, parsing and
/// planning again.
/// </summary>
public sealed record FixResult(CfnTemplate Input, HardeningPlan Plan, string Output, CfnTemplate Fixed)
{
    /// <summary>
    /// The output's facts, evaluated by the self-check's second plan with the fix's parameters (null when the result
    /// was made without one): the cost line prices from them, and from the plan's own, instead of evaluating both
    /// templates again.
    /// </summary>
    internal TemplateFacts? FixedFacts { get; init; }
}

/// <summary>Which post-condition of <c>fix</c> its own output failed (see docs/design/hardening.md, Self-check).</summary>
public enum SelfCheck
{
    /// <summary>The output is not a readable template.</summary>
    Reparse,

    /// <summary>A finding the plan claims to have fixed still fails on the output.</summary>
    Rescan,

    /// <summary>Fixing the output again would change it.</summary>
    Idempotence,

    /// <summary>The output fails a deployability rule that the input passed.</summary>
    Deployability,
}

/// <summary>
/// <c>fix</c>'s output failed one of its self-checks: a defect of the tool, never of the user's template. The position
/// is in the output, which is why <see cref="File"/> names the output and not the input.
/// </summary>
public sealed class SelfCheckException : Exception
{
    public SelfCheckException(SelfCheck check, string file, SourcePosition position, string detail)
        : base($"{file}:{position.Line}:{position.Column}: fix's own output failed its {Describe(check)} check, so nothing was written: {detail}")
    {
        Check = check;
        File = file;
        Position = position;
        Detail = detail;
    }

    public SelfCheck Check { get; }

    /// <summary><c>&lt;fixed output of FILE&gt;</c>: the text the positions refer to.</summary>
    public string File { get; }

    public SourcePosition Position { get; }

    public string Detail { get; }

    public static string Describe(SelfCheck check) => check switch
    {
        SelfCheck.Reparse => "re-parse",
        SelfCheck.Rescan => "re-scan",
        SelfCheck.Idempotence => "idempotence",
        _ => "deployability",
    };
}
