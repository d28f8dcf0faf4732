using CsCheck;
using Ironclad.Core.Editing;

namespace Ironclad.Tests.Editing;

/// <summary>The style's step counts pick the step the dictionary and LINQ of the first detection picked, ties included.</summary>
public class TallyTests
{
    [Fact]
    public void The_Most_Frequent_Step_Is_The_Straightforward_One() =>
        Gen.Select(Gen.OneOf(Gen.Int[0, 40], Gen.Int[0, 5000]).List[0, 60], Gen.Bool)
        .Sample((steps, preferLarger) =>
        {
            var tally = new Tally();
            foreach (var step in steps)
            {
                tally.Add(step);
            }

            Assert.Equal(Straightforward(steps, preferLarger), tally.MostFrequent(preferLarger));
        });

    [Fact]
    public void A_Tie_Goes_To_The_Preferred_End_Across_Small_And_Wide_Steps()
    {
        var tally = new Tally();
        foreach (var step in new[] { 2, 4, 4, 2, 100, 100 })
        {
            tally.Add(step);
        }

        Assert.Equal(2, tally.MostFrequent(preferLarger: false));
        Assert.Equal(100, tally.MostFrequent(preferLarger: true));
        Assert.Null(new Tally().MostFrequent(preferLarger: true));
    }

    private static int? Straightforward(List<int> steps, bool preferLarger)
    {
        var counts = steps.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0)
        {
            return null;
        }

        var byCount = counts.OrderByDescending(p => p.Value);
        return (preferLarger ? byCount.ThenByDescending(p => p.Key) : byCount.ThenBy(p => p.Key)).First().Key;
    }
}
