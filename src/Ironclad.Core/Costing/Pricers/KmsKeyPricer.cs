using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>The customer-managed keys the hardening adds: a monthly charge per key, and the requests made of them.</summary>
internal sealed class KmsKeyPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var prices = ledger.Prices;
        var keys = delta.LiveOfType("AWS::KMS::Key").ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var rotating = keys.Count(k => IsTrue(delta.Get(k, "EnableKeyRotation")));
        var keyPrice = prices[PriceKeys.KmsKeyMonth].Usd;
        ledger.Add(new CostItem(
            "KMS customer-managed keys",
            keys.Count,
            keys.Count == 1 ? "key" : "keys",
            keyPrice,
            "key-month",
            keys.Count * keyPrice,
            $"{keys.Count} × {ledger.P(PriceKeys.KmsKeyMonth)}",
            keys.Select(k => k.LogicalId).ToList(),
            [PriceKeys.KmsKeyMonth],
            rotating == 0
                ? null
                : $"{rotating} with automatic rotation: each rotation adds {ledger.P(PriceKeys.KmsRotationMonth)}/month for the 1st and 2nd rotation only, so a key costs {CostFormat.Usd(keyPrice + prices[PriceKeys.KmsRotationMonth].Usd)} in its 2nd year and {CostFormat.Usd(keyPrice + (2 * prices[PriceKeys.KmsRotationMonth].Usd))} from its 3rd (not in this total)"));

        var requests = ledger.Usage[UsageAssumptions.KmsRequestsPerMonth];
        var free = prices.Free(PriceKeys.FreeKmsRequests).Quantity;
        var billable = Math.Max(0m, requests - free);
        var per10K = prices[PriceKeys.KmsRequestsPer10K].Usd;
        ledger.Add(new CostItem(
            "KMS requests",
            requests,
            "requests",
            per10K,
            "10,000 requests",
            billable / 10_000m * per10K,
            $"max(0, {CostFormat.Number(requests)} − {CostFormat.Number(free)} free) / 10,000 × {ledger.P(PriceKeys.KmsRequestsPer10K)}",
            keys.Select(k => k.LogicalId).ToList(),
            [PriceKeys.KmsRequestsPer10K],
            $"the {CostFormat.Number(free)} free requests a month are per account, across all regions: other keys in the account use them too"));
    }
}
