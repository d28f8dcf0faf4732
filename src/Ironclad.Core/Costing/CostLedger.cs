namespace Ironclad.Core.Costing;

/// <summary>
/// What the pricers write into as they run: the report's items and notes, and which resources some item already
/// prices, so that a later pricer (the standalone addresses, the free groups) takes only what is left.
/// </summary>
/// <remarks>One pricing's own, written by its pricers one after another on one thread: nothing in it is shared.</remarks>
internal sealed class CostLedger(PlanDelta delta, UsageAssumptions usage, PriceTable prices)
{
    private readonly List<CostItem> items = [];
    private readonly List<string> notes = [.. delta.Notes];
    private readonly HashSet<string> claimed = new(StringComparer.Ordinal);

    /// <summary>The prices as the formulas show them, formatted once each: a line per bucket asks for the same few.</summary>
    private readonly Dictionary<string, string> rates = new(StringComparer.Ordinal);

    public PlanDelta Delta { get; } = delta;

    public UsageAssumptions Usage { get; } = usage;

    public PriceTable Prices { get; } = prices;

    public decimal Hours => Prices.HoursPerMonth;

    public IReadOnlyList<CostItem> Items => items;

    public IReadOnlyList<string> Notes => notes;

    public void Add(CostItem item)
    {
        items.Add(item);
        claimed.UnionWith(item.LogicalIds);
    }

    public void Note(string note) => notes.Add(note);

    public bool IsClaimed(string logicalId) => claimed.Contains(logicalId);

    /// <summary>A price as the formulas show it.</summary>
    public string P(string key)
    {
        if (!rates.TryGetValue(key, out var rate))
        {
            rate = CostFormat.Rate(Prices[key].Usd);
            rates[key] = rate;
        }

        return rate;
    }
}
