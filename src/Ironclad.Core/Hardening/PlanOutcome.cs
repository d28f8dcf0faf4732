using Ironclad.Core.Editing;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>
/// What the plan reports besides its changes: the findings declined (with their suppressions in the
/// template) and left unfixed, the warnings, and the network's endpoints and the services reached
/// through NAT. A failed fix takes back what it added here, except the findings it left unfixed.
/// </summary>
internal sealed class PlanOutcome
{
    private readonly PlanEditor editor;

    /// <summary>The findings left unfixed, in the order they were left, and as a set: each is left once.</summary>
    private readonly List<UnfixedFinding> unfixed = [];
    private readonly HashSet<FindingRef> unfixedSet = [];

    public PlanOutcome(PlanEditor editor) => this.editor = editor;

    public List<DeclinedFix> Declined { get; } = [];

    public IReadOnlyList<UnfixedFinding> Unfixed => unfixed;

    public List<PlanWarning> Warnings { get; } = [];

    public List<EndpointChoice> Endpoints { get; } = [];

    public List<string> ServicesThroughNat { get; } = [];

    /// <summary>Declines a fix: the finding is suppressed in the resource's Metadata with the reason.</summary>
    public void Decline(ResourceDefinition resource, FindingRef finding, string reason, string recommendation)
    {
        if (Declined.Any(d => d.Finding == finding))
        {
            return;
        }

        editor.AppendAttribute(resource, ["Metadata", "ironclad", "suppress"], Map(("id", Str(finding.RuleId)), ("reason", Str(reason))), $"suppress {finding.DisplayId} ({finding.RuleId}): {reason}", finding);
        Declined.Add(new DeclinedFix(finding, reason, recommendation));
    }

    public void Warn(WarningKind kind, string message)
    {
        if (!Warnings.Any(w => w.Message == message))
        {
            Warnings.Add(new PlanWarning(kind, message));
        }
    }

    public void LeaveUnfixed(ScanResult finding, string reason) => LeaveUnfixed(FindingIndex.Ref(finding), reason);

    public void LeaveUnfixed(FindingRef finding, string reason)
    {
        if (unfixedSet.Add(finding))
        {
            unfixed.Add(new UnfixedFinding(finding, reason));
        }
    }

    /// <summary>Where the lists a failed fix takes back stand now.</summary>
    public Mark Save() => new(Declined.Count, Endpoints.Count, ServicesThroughNat.Count, Warnings.Count);

    /// <summary>Takes back what was added to the lists since <paramref name="mark"/>.</summary>
    public void RollBack(Mark mark)
    {
        Declined.RemoveRange(mark.Declined, Declined.Count - mark.Declined);
        Endpoints.RemoveRange(mark.Endpoints, Endpoints.Count - mark.Endpoints);
        ServicesThroughNat.RemoveRange(mark.ServicesThroughNat, ServicesThroughNat.Count - mark.ServicesThroughNat);
        Warnings.RemoveRange(mark.Warnings, Warnings.Count - mark.Warnings);
    }

    public readonly record struct Mark(int Declined, int Endpoints, int ServicesThroughNat, int Warnings);
}
