namespace Ironclad.Core.Rules;

/// <summary>
/// Every rule, registered by hand: adding a rule is one line here, reviewable and trimming-safe,
/// with no reflection scan. A test checks that IDs and aliases are unique.
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new Lambda.LambdaConcurrencyLimit(),
    ];

    /// <summary>Finds a rule by its own ID, name or any alias (case-insensitive).</summary>
    public static Rule? Find(string id) => All.FirstOrDefault(r => r.Descriptor.Matches(id) && !id.Contains('*', StringComparison.Ordinal));
}
