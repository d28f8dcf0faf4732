using System.Text.RegularExpressions;
using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// docs/design/rules.md, Lambda, CKV_AWS_45. Pass: no environment variable value looks like a credential.
// Fail: an AWS access key ID, a 40-character secret access key or a private-key header. Values known only at
// deployment are skipped. Messages name the variable and the kind of secret, never the value.
public sealed partial class LambdaEnvironmentSecrets : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1005",
        Name = nameof(LambdaEnvironmentSecrets),
        Title = "Lambda environment variables hold no hard-coded credentials",
        Severity = Severity.High,
        ResourceTypes = LambdaTypes.All,
        CheckovIds = ["CKV_AWS_45"],
        Rationale = "Environment variables are shown in plain text to anyone who may read the function's configuration, and the template itself lands in source control and in CloudFormation; a credential there is a leaked credential.",
        Remediation = "Remove the credential, rotate it, and read it at run time from AWS Secrets Manager or SSM Parameter Store (pass the secret's name or ARN in the variable instead). Functions should use their execution role rather than access keys.",
        PassCondition = "No environment variable value (after SAM Globals and parameters) contains an AWS access key ID (`AKIA…`, `ASIA…` and the other key prefixes followed by 16 characters), a 40-character secret access key (a run of base-64 characters that mixes upper case, lower case and digits or `/` `+`), or a private-key header (`-----BEGIN … PRIVATE KEY-----`). Values known only at deployment are skipped.",
        Deviations = "The template's file path is never scanned (Checkov scans it by accident). A 40-character run must mix cases and digits or symbols, so that hex digests, handler names and identifiers are not taken for secret keys.",
        CountLabel = "Lambda function with a credential in its environment variables",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var variables = context.Get("Environment", "Variables");
        if (variables is UnknownValue)
        {
            return Verdict.Unknown($"the environment variables are {ValueChecks.Describe(variables)}", variables.Origin);
        }

        if (variables is not MapValue map)
        {
            return Verdict.Pass("the function has no environment variables");
        }

        var found = map.Entries
            .Select(e => (e.Key, e.Value, Kind: e.Value is ScalarValue s ? SecretKind(s.Text) : null))
            .Where(e => e.Kind is not null)
            .ToList();
        if (found.Count == 0)
        {
            return Verdict.Pass($"none of {map.Count} environment variable(s) looks like a credential");
        }

        var what = string.Join("; ", found.Select(f => $"{f.Key} looks like {f.Kind}"));
        return Verdict.Fail($"environment variable {what} (the value is not shown)", found[0].Value.Origin);
    }

    /// <summary>What kind of credential the text contains, or null.</summary>
    public static string? SecretKind(string text)
    {
        if (AccessKeyId().IsMatch(text))
        {
            return "an AWS access key ID";
        }

        if (PrivateKey().IsMatch(text))
        {
            return "a private key";
        }

        return SecretKeyCandidate().Matches(text).Any(m => LooksRandom(m.Value)) ? "an AWS secret access key" : null;
    }

    // A secret access key is 40 random base-64 characters: all but never without both cases and a digit or symbol.
    // Requiring them keeps SHA-1 digests, long handler names and identifiers from counting.
    private static bool LooksRandom(string run) =>
        run.Any(char.IsAsciiLetterUpper) && run.Any(char.IsAsciiLetterLower) && run.Any(c => char.IsAsciiDigit(c) || c is '/' or '+');

    [GeneratedRegex("(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])")]
    private static partial Regex SecretKeyCandidate();

    [GeneratedRegex("-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();
}
