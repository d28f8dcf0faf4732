namespace Ironclad.Core.Hardening;

/// <summary>
/// The findings one traced change answers, in the order first traced, each once. Most changes answer one or two
/// findings and are traced once, so duplicates are found by a scan of the list; a set is built only when the list
/// grows long (a shared new resource answers a finding of every function, and each of its keys is a change).
/// </summary>
internal sealed class TracedChange(string type, int capacity)
{
    /// <summary>Up to this many findings, a scan of the list is cheaper than a set per change (thousands of changes in a large plan).</summary>
    private const int ScanLimit = 16;

    /// <summary>The findings of <see cref="Fixes"/>, once it is longer than <see cref="ScanLimit"/>.</summary>
    private HashSet<FindingRef>? seen;

    public string Type { get; } = type;

    public List<FindingRef> Fixes { get; } = new(capacity);

    /// <summary>
    /// Adds the findings not answered yet; returns how many there were before. <paramref name="distinct"/> says that
    /// <paramref name="fixes"/> holds each finding once (a planned resource's), so a first trace needs no set at all.
    /// </summary>
    public int Add(IReadOnlyList<FindingRef> fixes, bool distinct)
    {
        var before = Fixes.Count;
        if (before == 0 && distinct)
        {
            Fixes.AddRange(fixes);
            return before;
        }

        if (seen is null && before + fixes.Count > ScanLimit)
        {
            seen = [.. Fixes];
        }

        for (var i = 0; i < fixes.Count; i++)
        {
            var fix = fixes[i];
            if (seen is null ? !Fixes.Contains(fix) : seen.Add(fix))
            {
                Fixes.Add(fix);
            }
        }

        return before;
    }

    /// <summary>Forgets the findings added from <paramref name="count"/> on (the fix that traced them failed).</summary>
    public void RemoveFrom(int count)
    {
        for (var i = count; i < Fixes.Count; i++)
        {
            seen?.Remove(Fixes[i]);
        }

        Fixes.RemoveRange(count, Fixes.Count - count);
    }
}
