using Ironclad.Core.Editing;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Hardening;

/// <summary>A finding a change answers: the rule and the resource it was raised on.</summary>
public sealed record FindingRef(string RuleId, string DisplayId, string Resource);

/// <summary>One new or changed property (or resource attribute), and the findings it fixes.</summary>
public sealed record PlannedChange(string Target, string TargetType, string Path, string Summary, IReadOnlyList<FindingRef> Fixes, bool IsNewResource);

/// <summary>A resource the plan adds, with the facts that price it (service names, zones, ...).</summary>
public sealed record AddedResource(string LogicalId, string Type, IReadOnlyDictionary<string, string> Facts, IReadOnlyList<FindingRef> Fixes, string? Condition);

/// <summary>An existing resource the plan edits, and the property paths it touches.</summary>
public sealed record ChangedResource(string LogicalId, string Type, IReadOnlyList<string> Paths);

/// <summary>A fix the tool declines, written as a suppression with its reason so that a re-scan is clean and a reviewer sees why.</summary>
public sealed record DeclinedFix(FindingRef Finding, string Reason, string Recommendation);

/// <summary>A finding left as it is, with why and what to do by hand.</summary>
public sealed record UnfixedFinding(FindingRef Finding, string Reason);

public enum WarningKind
{
    ReservedConcurrency,
    ExternalRole,
    SimpleTable,
    PublicBucket,
    DeployTime,
    Network,
    Replication,
    Other,
}

public sealed record PlanWarning(WarningKind Kind, string Message);

/// <summary>An interface endpoint and the permissions in the input that call for it.</summary>
public sealed record EndpointChoice(string Service, string LogicalId, IReadOnlyList<string> Reasons);

/// <summary>A parameter the plan adds, with the value the deploy command passes (null: the user must supply one).</summary>
public sealed record AddedParameter(string Name, string Type, string? Default, string Description);

/// <summary>
/// The result of planning: the text edits, the resources added and changed, every change traced to
/// the findings it fixes, the fixes declined, warnings, and the deploy command.
/// </summary>
public sealed class HardeningPlan
{
    private readonly Lazy<(HashSet<FindingRef> Declined, HashSet<FindingRef> Unfixed)> outcomes;

    internal HardeningPlan(string path, string originalText, IReadOnlyList<TextEdit> edits)
    {
        Path = path;
        OriginalText = originalText;
        Edits = edits;
        // Asked once per finding by the reports, which may run beside the self-checks: sets, not a search of the lists,
        // for plans of thousands of findings, built once whichever thread asks first.
        outcomes = new(() => (Declined.Select(d => d.Finding).ToHashSet(), Unfixed.Select(u => u.Finding).ToHashSet()));
    }

    public string Path { get; }

    public string OriginalText { get; }

    public IReadOnlyList<TextEdit> Edits { get; }

    /// <summary>The failing results of the scan the plan answers.</summary>
    public IReadOnlyList<ScanResult> Findings { get; internal init; } = [];

    /// <summary>
    /// What the scan under the plan could not judge, as scan reports it: resources it rejects (input
    /// errors) and rules that threw (internal errors). A plan with errors is not one to apply.
    /// </summary>
    public IReadOnlyList<ScanError> Errors { get; internal init; } = [];

    public IReadOnlyList<PlannedChange> Changes { get; internal init; } = [];

    /// <summary>Every finding some change answers, once each (the changes list a finding once per edit).</summary>
    public IReadOnlySet<FindingRef> Answered { get; internal init; } = new HashSet<FindingRef>();

    public IReadOnlyList<AddedResource> AddedResources { get; internal init; } = [];

    public IReadOnlyList<ChangedResource> ChangedResources { get; internal init; } = [];

    public IReadOnlyList<AddedParameter> AddedParameters { get; internal init; } = [];

    public IReadOnlyList<DeclinedFix> Declined { get; internal init; } = [];

    public IReadOnlyList<UnfixedFinding> Unfixed { get; internal init; } = [];

    public IReadOnlyList<PlanWarning> Warnings { get; internal init; } = [];

    public IReadOnlyList<EndpointChoice> Endpoints { get; internal init; } = [];

    /// <summary>Services the functions call for which no interface endpoint exists or is made (their traffic leaves through NAT).</summary>
    public IReadOnlyList<string> ServicesThroughNat { get; internal init; } = [];

    /// <summary>Functions given the concurrency limit, and the limit's default: the reservation the account must afford.</summary>
    public int LimitedFunctions { get; internal init; }

    public int ConcurrencyLimit { get; internal init; }

    public string DeployCommand { get; internal init; } = "";

    public bool IsSam { get; internal init; }

    /// <summary>
    /// The input's facts as the plan's scan evaluated them (its parameters): the cost line prices from them instead of
    /// evaluating every resource again. Null for a plan made before facts were kept (none today).
    /// </summary>
    internal TemplateFacts? Facts { get; init; }

    /// <summary>How a failing finding ended: fixed by a change, declined with a suppression, or left unfixed.</summary>
    public string Outcome(FindingRef finding)
    {
        var (declined, unfixed) = outcomes.Value;
        return declined.Contains(finding) ? "declined"
            : unfixed.Contains(finding) ? "unfixed"
            : "fixed";
    }

    /// <summary>True when the plan changes nothing.</summary>
    public bool IsEmpty => Edits.Count == 0;

    /// <summary>The hardened template text.</summary>
    public string Apply() => TextEdits.Apply(OriginalText, Edits);
}
