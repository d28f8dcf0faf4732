namespace Ironclad.Core.Hardening;

/// <summary>
/// Findings in the order first added, each once, for what a plan traces to its findings (a change, a new resource).
/// Most hold one or two findings, so duplicates are found by a scan of the list; a set is built only when the list
/// grows long (a shared new resource answers a finding of every function). Thousands of these exist in a large plan:
/// a set for each was the largest part of what the planned resources allocated.
/// </summary>
internal class FindingList(int capacity)
{
    /// <summary>Up to this many findings, a scan of the list is cheaper than a set.</summary>
    private const int ScanLimit = 16;

    /// <summary>The findings, when this list holds its own; null while it reads an adopted list or is still empty.</summary>
    private List<FindingRef>? own;

    /// <summary>A list handed over by <see cref="Adopt"/>, read but never changed: copied into <see cref="own"/> before any change.</summary>
    private IReadOnlyList<FindingRef>? adopted;

    /// <summary>The findings of <see cref="Items"/>, once it is longer than <see cref="ScanLimit"/>.</summary>
    private HashSet<FindingRef>? seen;

    public IReadOnlyList<FindingRef> Items => adopted ?? (IReadOnlyList<FindingRef>?)own ?? [];

    /// <summary>Adds the findings not held yet; returns how many there were before.</summary>
    public int Add(IReadOnlyList<FindingRef> fixes)
    {
        var items = Own();
        var before = items.Count;
        if (seen is null && before + fixes.Count > ScanLimit)
        {
            // Sized for what it will hold if the new findings are all new: a shared new resource (the VPC and its
            // subnets, routes, endpoints) is handed every function's finding at once.
            seen = new HashSet<FindingRef>(before + fixes.Count);
            seen.UnionWith(items);
        }

        if (before == 0)
        {
            items.EnsureCapacity(fixes.Count);
        }

        for (var i = 0; i < fixes.Count; i++)
        {
            var fix = fixes[i];
            if (seen is null ? !items.Contains(fix) : seen.Add(fix))
            {
                items.Add(fix);
            }
        }

        return before;
    }

    /// <summary>
    /// Takes <paramref name="fixes"/> (each finding once) as this empty list's findings without copying them: the caller
    /// hands over a list that nothing changes any more. The plan's commit traces every key of a new resource to the
    /// resource's findings, and a copy per key was most of what the commit allocated (a shared resource answers thousands).
    /// </summary>
    public void Adopt(IReadOnlyList<FindingRef> fixes)
    {
        if (Items.Count > 0)
        {
            throw new InvalidOperationException("only an empty list adopts findings");
        }

        own = null;
        adopted = fixes;
    }

    /// <summary>Forgets the findings added from <paramref name="count"/> on (the fix that added them failed).</summary>
    public void RemoveFrom(int count)
    {
        var items = Own();
        for (var i = count; i < items.Count; i++)
        {
            seen?.Remove(items[i]);
        }

        items.RemoveRange(count, items.Count - count);
    }

    /// <summary>The list this one changes: its own, made at the first change (from the adopted findings, if any).</summary>
    private List<FindingRef> Own()
    {
        if (own is null)
        {
            own = adopted is null ? new List<FindingRef>(capacity) : [.. adopted];
            adopted = null;
        }

        return own;
    }
}
