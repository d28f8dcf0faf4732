using Ironclad.Core.Costing.Pricers;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// Prices what hardening adds: the resources the hardened template has and the original lacks, and the
/// properties it switches on in resources both have. Deriving the items from the difference (<see cref="PlanDelta"/>)
/// means that <c>cost</c> prices exactly what the planner wrote, whatever options it was given; each family of
/// resources has its own pricer (<see cref="CostPricers"/>).
/// </summary>
public static class CostEstimator
{
    /// <param name="parameters">Parameter values for the deployment (conditions, the replication destination, retention).</param>
    public static CostReport Estimate(
        CfnTemplate original,
        CfnTemplate hardened,
        UsageAssumptions usage,
        PriceTable prices,
        IReadOnlyDictionary<string, string>? parameters = null) =>
        Price(new PlanDelta(original, hardened, parameters ?? new Dictionary<string, string>()), usage, prices);

    internal static CostReport Price(PlanDelta delta, UsageAssumptions usage, PriceTable prices)
    {
        var ledger = new CostLedger(delta, usage, prices);
        foreach (var pricer in CostPricers.All)
        {
            pricer.Price(ledger);
        }

        var unpriced = delta.Live.Where(r => !ledger.IsClaimed(r.LogicalId)).Select(r => new UnpricedResource(r.LogicalId, r.Type)).ToList();
        return new CostReport(prices, usage, ledger.Items, delta.Added.Select(r => r.LogicalId).ToList(), delta.NotCreated, unpriced, ledger.Notes);
    }
}
