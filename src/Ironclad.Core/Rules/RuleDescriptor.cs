namespace Ironclad.Core.Rules;

/// <summary>Security rules hold templates to the guide; deployability rules catch templates CloudFormation or the application would reject.</summary>
public enum RuleFamily
{
    Security,
    Deployability,
}

public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// Everything a user, a report or a generated doc page needs to know about a rule. The own ID is
/// stable; the others are aliases under which users know the same control from other tools.
/// </summary>
public sealed record RuleDescriptor
{
    public required string Id { get; init; }

    /// <summary>A PascalCase name, the rule's class name and file name.</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>The resource types the rule judges; <c>*</c> means every resource.</summary>
    public required IReadOnlyList<string> ResourceTypes { get; init; }

    /// <summary>Deployability rules have no peer in other tools, so they are known by their own ID only.</summary>
    public RuleFamily Family { get; init; } = RuleFamily.Security;

    public IReadOnlyList<string> CheckovIds { get; init; } = [];

    /// <summary>AWS Config managed rule identifier, such as <c>S3_BUCKET_REPLICATION_ENABLED</c>.</summary>
    public string? ConfigIdentifier { get; init; }

    /// <summary>AWS Config managed rule name, such as <c>s3-bucket-replication-enabled</c>.</summary>
    public string? ConfigRuleName { get; init; }

    public IReadOnlyList<string> CfnNagIds { get; init; } = [];

    /// <summary>AWS Security Hub control IDs (Foundational Security Best Practices), such as <c>Lambda.2</c>.</summary>
    public IReadOnlyList<string> SecurityHubIds { get; init; } = [];

    public required string Rationale { get; init; }

    public required string Remediation { get; init; }

    /// <summary>
    /// The change a person must make, for rules that <c>fix</c> cannot fix: the plan reports each such finding as
    /// "no automatic fix: " with this text and the finding's message (which names the specifics, such as a successor runtime).
    /// </summary>
    public string? ManualFix { get; init; }

    /// <summary>Exactly when a resource passes, in Markdown, as the rule's documentation states it.</summary>
    public string PassCondition { get; init; } = "";

    /// <summary>Where the verdict differs from Checkov's on purpose (docs/design/rules.md, Deviations from Checkov), in Markdown.</summary>
    public string Deviations { get; init; } = "";

    /// <summary>What one failing resource is, for the audit-style count line ("Lambda function without a concurrency limit").</summary>
    public required string CountLabel { get; init; }

    /// <summary>Plural noun for the resources the rule covers ("functions").</summary>
    public required string Noun { get; init; }

    public IEnumerable<string> Aliases =>
        CheckovIds
            .Concat(ConfigIdentifier is null ? [] : [ConfigIdentifier])
            .Concat(ConfigRuleName is null ? [] : [ConfigRuleName])
            .Concat(CfnNagIds)
            .Concat(SecurityHubIds);

    /// <summary>The ID users see first in reports: Checkov's where there is one (the audits speak it), else our own.</summary>
    public string DisplayId => CheckovIds.Count > 0 ? CheckovIds[0] : ConfigIdentifier ?? (SecurityHubIds.Count > 0 ? SecurityHubIds[0] : Id);

    /// <summary>True when <paramref name="pattern"/> names this rule by any ID, with <c>*</c> and <c>?</c> wildcards, ignoring case.</summary>
    public bool Matches(string pattern) => new[] { Id, Name }.Concat(Aliases).Any(id => Wildcard.IsMatch(pattern, id));
}
