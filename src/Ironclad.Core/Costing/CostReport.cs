namespace Ironclad.Core.Costing;

/// <summary>
/// One line of a cost report: what is priced, how much of it, at what unit price, the monthly cost
/// (exact; rounded only for display) and the formula with the figures filled in.
/// </summary>
/// <param name="LogicalIds">The resources this line prices, so that a test can check that every added resource is accounted for.</param>
/// <param name="PriceKeys">The price-table figures used, so that a report can flag assumed ones.</param>
public sealed record CostItem(
    string Name,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    string UnitPriceUnit,
    decimal Monthly,
    string Formula,
    IReadOnlyList<string> LogicalIds,
    IReadOnlyList<string> PriceKeys,
    string? Note = null);

/// <summary>An added resource that will not be created with the given parameter values (its <c>Condition</c> is false).</summary>
public sealed record NotCreatedResource(string LogicalId, string Type, string Condition);

/// <summary>An added resource of a type the estimator has no price for; the report names it rather than guess.</summary>
public sealed record UnpricedResource(string LogicalId, string Type);

/// <summary>One of the guide's optimisation options, re-priced: the total the stack would cost with it.</summary>
public sealed record SavingsRow(string Option, string Description, decimal NewTotal, decimal Saving);

/// <summary>What the hardening of one template costs per month, item by item.</summary>
public sealed class CostReport
{
    public CostReport(
        PriceTable prices,
        UsageAssumptions usage,
        IReadOnlyList<CostItem> items,
        IReadOnlyList<string> addedResources,
        IReadOnlyList<NotCreatedResource> notCreated,
        IReadOnlyList<UnpricedResource> unpriced,
        IReadOnlyList<string> notes)
    {
        Prices = prices;
        Usage = usage;
        Items = items;
        AddedResources = addedResources;
        NotCreated = notCreated;
        Unpriced = unpriced;
        Notes = notes;
    }

    public PriceTable Prices { get; }

    public UsageAssumptions Usage { get; }

    public string Region => Prices.Region;

    public string PriceDate => Prices.Date;

    public IReadOnlyList<CostItem> Items { get; }

    /// <summary>Logical IDs in the hardened template that the original does not have (or has with another type).</summary>
    public IReadOnlyList<string> AddedResources { get; }

    public IReadOnlyList<NotCreatedResource> NotCreated { get; }

    public IReadOnlyList<UnpricedResource> Unpriced { get; }

    public IReadOnlyList<string> Notes { get; }

    public IReadOnlyList<SavingsRow> Savings { get; private set; } = [];

    public decimal Total => Items.Sum(i => i.Monthly);

    /// <summary>Every logical ID some line prices (at $0 or more).</summary>
    public IReadOnlySet<string> PricedResources => Items.SelectMany(i => i.LogicalIds).ToHashSet(StringComparer.Ordinal);

    /// <summary>The price-table figures behind this report that the sources did not give for the region.</summary>
    public IReadOnlyList<Price> AssumedPrices => Items.SelectMany(i => i.PriceKeys).Distinct(StringComparer.Ordinal)
        .Select(k => Prices[k]).Where(p => p.Assumed).ToList();

    public CostReport WithSavings(IReadOnlyList<SavingsRow> savings)
    {
        var copy = new CostReport(Prices, Usage, Items, AddedResources, NotCreated, Unpriced, Notes) { Savings = savings };
        return copy;
    }
}
