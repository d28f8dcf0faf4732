namespace Ironclad.Core.Hardening;

/// <summary>One change the plan traced, of a target of <see cref="Type"/>, with the findings it answers (<see cref="FindingList"/>).</summary>
internal sealed class TracedChange(string type, int capacity) : FindingList(capacity)
{
    public string Type { get; } = type;

    public IReadOnlyList<FindingRef> Fixes => Items;
}
