using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// Versioning the hardening switches on in a bucket the original had: the old versions it keeps, in Standard, or in
/// Standard then Standard-IA when a lifecycle rule moves them before they expire.
/// </summary>
internal sealed class VersioningPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        foreach (var bucket in BucketRules.HardenedBuckets(delta))
        {
            if (delta.Before(bucket) is not { } before
                || Text(delta.Get(bucket, "VersioningConfiguration", "Status")) != "Enabled"
                || Text(delta.Get(before, "VersioningConfiguration", "Status")) == "Enabled")
            {
                continue;
            }

            var gb = ledger.Usage.For(UsageAssumptions.NoncurrentVersionGb, bucket.LogicalId);
            var standard = ledger.Prices[PriceKeys.S3StandardGbMonth].Usd;
            var rules = BucketRules.EnabledLifecycle(delta, bucket).ToList();
            var transition = rules.Select(BucketRules.NoncurrentTransitionToIa).FirstOrDefault(d => d is not null);
            var expiration = rules.Select(BucketRules.NoncurrentExpiration).FirstOrDefault(d => d is not null);
            if (transition is { } t && expiration is { } e && t < e)
            {
                var ia = ledger.Prices[PriceKeys.S3StandardIaGbMonth].Usd;
                var unit = ((t * standard) + ((e - t) * ia)) / e;
                ledger.Add(new CostItem(
                    $"S3 versioning overhead: {bucket.LogicalId}",
                    gb,
                    "GB",
                    unit,
                    "GB-month",
                    gb * unit,
                    $"{CostFormat.Number(gb)} GB noncurrent × ({t:0}/{e:0} × {ledger.P(PriceKeys.S3StandardGbMonth)} + {e - t:0}/{e:0} × {ledger.P(PriceKeys.S3StandardIaGbMonth)})",
                    [bucket.LogicalId],
                    [PriceKeys.S3StandardGbMonth, PriceKeys.S3StandardIaGbMonth],
                    $"old versions stay in Standard for {t:0} days, then Standard-IA until they expire at {e:0} days"));
            }
            else
            {
                ledger.Add(new CostItem(
                    $"S3 versioning overhead: {bucket.LogicalId}",
                    gb,
                    "GB",
                    standard,
                    "GB-month",
                    gb * standard,
                    $"{CostFormat.Number(gb)} GB noncurrent × {ledger.P(PriceKeys.S3StandardGbMonth)}",
                    [bucket.LogicalId],
                    [PriceKeys.S3StandardGbMonth],
                    expiration is null ? "no lifecycle rule expires old versions: they accumulate" : null));
            }
        }
    }
}
