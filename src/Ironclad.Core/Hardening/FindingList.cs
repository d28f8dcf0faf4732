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

    private readonly List<FindingRef> items = new(capacity);

    /// <summary>The findings of <see cref="Items"/>, once it is longer than <see cref="ScanLimit"/>.</summary>
    private HashSet<FindingRef>? seen;

    public IReadOnlyList<FindingRef> Items => items;

    /// <summary>
    /// Adds the findings not held yet; returns how many there were before. <paramref name="distinct"/> says that
    /// <paramref name="fixes"/> holds each finding once (a planned resource's), so a first add needs no check at all.
    /// </summary>
    public int Add(IReadOnlyList<FindingRef> fixes, bool distinct = false)
    {
        var before = items.Count;
        if (before == 0 && distinct)
        {
            items.AddRange(fixes);
            return before;
        }

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

    /// <summary>Forgets the findings added from <paramref name="count"/> on (the fix that added them failed).</summary>
    public void RemoveFrom(int count)
    {
        for (var i = count; i < items.Count; i++)
        {
            seen?.Remove(items[i]);
        }

        items.RemoveRange(count, items.Count - count);
    }
}
