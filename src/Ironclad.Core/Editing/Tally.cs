namespace Ironclad.Core.Editing;

/// <summary>
/// How often each non-negative step (columns of indentation) occurs, and the most frequent one. Steps are small in any
/// real file: they are counted in an array, not a dictionary, which was most of the cost of detecting the style of a
/// large template (a count per nested mapping of thousands of resources); a wider step is counted apart.
/// </summary>
internal sealed class Tally
{
    /// <summary>Steps below this are counted in the array.</summary>
    private const int Small = 32;

    private readonly int[] small = new int[Small];
    private Dictionary<int, int>? wide;

    public void Add(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < Small)
        {
            small[step]++;
        }
        else
        {
            wide ??= [];
            wide[step] = wide.GetValueOrDefault(step) + 1;
        }
    }

    /// <summary>The most frequent step, ties going to the larger or the smaller one; null when none was counted.</summary>
    public int? MostFrequent(bool preferLarger)
    {
        int? best = null;
        var bestCount = 0;
        foreach (var (step, count) in Counted())
        {
            if (count > bestCount || (count == bestCount && preferLarger == (step > best)))
            {
                (best, bestCount) = (step, count);
            }
        }

        return best;
    }

    private IEnumerable<(int Step, int Count)> Counted()
    {
        for (var step = 0; step < Small; step++)
        {
            if (small[step] > 0)
            {
                yield return (step, small[step]);
            }
        }

        if (wide is not null)
        {
            foreach (var (step, count) in wide)
            {
                yield return (step, count);
            }
        }
    }
}
