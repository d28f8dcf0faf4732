namespace Ironclad.Cli;

/// <summary>The process exit codes, documented in <c>--help</c> and the README.</summary>
public static class ExitCodes
{
    /// <summary>Nothing at or above the failure threshold (or the plan applied, for fix).</summary>
    public const int Success = 0;

    /// <summary>At least one finding at or above the threshold.</summary>
    public const int Findings = 1;

    /// <summary>Bad usage or unreadable input: a template, a parameters file, an option value.</summary>
    public const int InputError = 2;

    /// <summary>
    /// The tool itself failed: an unexpected exception, or fix's own output failed one of its self-checks.
    /// Never used for findings, so a CI job cannot mistake a crash for a security finding.
    /// </summary>
    public const int InternalError = 3;

    public const string HelpText =
        "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input errors, " +
        "3 the tool itself failed (an internal error, a rule that threw, or output that could not be written: never a finding; " +
        "one line 'ironclad: internal error: ...', the stack trace only with --verbose).";
}
