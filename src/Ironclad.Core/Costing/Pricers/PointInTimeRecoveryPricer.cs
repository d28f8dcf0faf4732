using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// Point-in-time recovery the hardening switches on: on tables the original already had, and on the replicas of
/// global tables, each priced on its stored size.
/// </summary>
internal sealed class PointInTimeRecoveryPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var usage = ledger.Usage;
        var tables = new List<(string LogicalId, string Label, decimal Gb)>();
        foreach (var table in delta.HardenedOfType("AWS::DynamoDB::Table"))
        {
            if (delta.Before(table) is not { } before)
            {
                continue;
            }

            if (IsTrue(delta.Get(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"))
                && !IsTrue(delta.Get(before, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")))
            {
                tables.Add((table.LogicalId, table.LogicalId, usage.For(UsageAssumptions.DynamoDbTableGb, table.LogicalId)));
            }
        }

        foreach (var table in delta.HardenedOfType("AWS::DynamoDB::GlobalTable"))
        {
            if (delta.Before(table) is not { } before)
            {
                continue;
            }

            var wasOn = ReplicaRegionsWithPitr(delta, before);
            var replicas = ReplicaRegionsWithPitr(delta, table).Where(r => !wasOn.Contains(r)).ToList();
            if (replicas.Count > 0)
            {
                tables.Add((table.LogicalId, $"{table.LogicalId} ({replicas.Count} replica{(replicas.Count == 1 ? "" : "s")})", replicas.Count * usage.For(UsageAssumptions.DynamoDbTableGb, table.LogicalId)));
            }
        }

        if (tables.Count == 0)
        {
            return;
        }

        var gb = tables.Sum(t => t.Gb);
        var price = ledger.Prices[PriceKeys.DynamoDbPitrGbMonth].Usd;
        var sum = tables.Count == 1 ? $"{CostFormat.Number(gb)} GB" : "(" + string.Join(" + ", tables.Select(t => $"{t.Label} {CostFormat.Number(t.Gb)} GB")) + ")";
        ledger.Add(new CostItem(
            "DynamoDB point-in-time recovery",
            gb,
            "GB",
            price,
            "GB-month",
            gb * price,
            $"{sum} × {ledger.P(PriceKeys.DynamoDbPitrGbMonth)}",
            tables.Select(t => t.LogicalId).ToList(),
            [PriceKeys.DynamoDbPitrGbMonth],
            "billed on table plus local secondary index size; the recovery period does not change the price"));
    }

    private static HashSet<string> ReplicaRegionsWithPitr(PlanDelta delta, ResourceDefinition table)
    {
        var on = new HashSet<string>(StringComparer.Ordinal);
        if (delta.Get(table, "Replicas") is ListValue replicas)
        {
            foreach (var replica in replicas.Items.OfType<MapValue>())
            {
                if (IsTrue((replica["PointInTimeRecoverySpecification"] as MapValue)?["PointInTimeRecoveryEnabled"]))
                {
                    on.Add(Text(replica["Region"]) ?? $"#{on.Count}");
                }
            }
        }

        return on;
    }
}
