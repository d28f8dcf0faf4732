using Ironclad.Core.Evaluation;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// The replication the hardening switches on: free to a bucket in this region (the failover bucket it adds, priced by
/// <see cref="BucketStoragePricer"/>), billed per GB to a bucket in another region.
/// </summary>
internal sealed class ReplicationPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var sameRegion = new List<(string Id, decimal Gb, string Destination)>();
        var crossRegion = new List<(string Id, decimal Gb)>();
        foreach (var bucket in BucketRules.HardenedBuckets(delta))
        {
            var rules = BucketRules.Replication(delta, bucket);
            if (rules.Count == 0)
            {
                continue;
            }

            if (delta.Before(bucket) is { } before && BucketRules.Replication(delta, before).Count > 0)
            {
                continue;
            }

            var gb = ledger.Usage.For(UsageAssumptions.ReplicatedGbPerMonth, bucket.LogicalId);
            var destination = rules[0].Destination;
            if ((destination as UnknownValue)?.ReferencedResource is { } inStack)
            {
                sameRegion.Add((bucket.LogicalId, gb, inStack));
            }
            else if (Text(destination) is { Length: > 0 })
            {
                crossRegion.Add((bucket.LogicalId, gb));
            }
            else
            {
                ledger.Note($"{bucket.LogicalId}: the replication destination is not known from the parameters; its transfer is not priced.");
                sameRegion.Add((bucket.LogicalId, 0m, "unknown"));
            }
        }

        if (sameRegion.Count > 0)
        {
            var gb = sameRegion.Sum(s => s.Gb);
            ledger.Add(new CostItem(
                "S3 replication transfer (same region)",
                gb,
                "GB",
                0m,
                "GB",
                0m,
                $"{CostFormat.Number(gb)} GB × $0.00 (to {string.Join(", ", sameRegion.Select(s => s.Destination).Distinct(StringComparer.Ordinal))} in this region)",
                sameRegion.Select(s => s.Id).ToList(),
                [],
                "same-region replication has no transfer charge; set ReplicationDestinationBucketArn to a bucket in another region for real cross-region replication"));
        }

        if (crossRegion.Count > 0)
        {
            var gb = crossRegion.Sum(s => s.Gb);
            var rate = ledger.Prices[PriceKeys.InterRegionTransferGb].Usd;
            ledger.Add(new CostItem(
                "S3 cross-region replication transfer",
                gb,
                "GB",
                rate,
                "GB",
                gb * rate,
                $"{CostFormat.Number(gb)} GB × {ledger.P(PriceKeys.InterRegionTransferGb)}",
                crossRegion.Select(s => s.Id).ToList(),
                [PriceKeys.InterRegionTransferGb],
                "the replicas are stored and billed in the destination bucket's region, outside this stack"));
        }
    }
}
