using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// The log groups the fix adds: what is written into them each month, and what they hold once their retention has
/// passed (a month's logs times the retention in months; a group without retention is priced at a year's worth).
/// </summary>
internal sealed class LogGroupPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var groups = delta.LiveOfType("AWS::Logs::LogGroup").ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var written = groups.Select(g => (Id: g.LogicalId, Gb: ledger.Usage.For(UsageAssumptions.LogGbPerMonth, g.LogicalId), Months: (Number(delta.Get(g, "RetentionInDays")) ?? 365m) / (365m / 12m))).ToList();
        var ids = written.Select(w => w.Id).ToList();
        var gb = written.Sum(w => w.Gb);
        var ingest = ledger.Prices[PriceKeys.LogsIngestGb].Usd;
        ledger.Add(new CostItem(
            "CloudWatch Logs ingestion",
            gb,
            "GB",
            ingest,
            "GB",
            gb * ingest,
            $"{CostFormat.Number(gb)} GB ({groups.Count} log {(groups.Count == 1 ? "group" : "groups")}) × {ledger.P(PriceKeys.LogsIngestGb)}",
            ids,
            [PriceKeys.LogsIngestGb],
            "the access and state machine logs written a month; execution logs of REST stages go to a group API Gateway creates, not priced here"));

        var held = written.Sum(w => w.Gb * w.Months);
        var storage = ledger.Prices[PriceKeys.LogsStorageGbMonth].Usd;
        ledger.Add(new CostItem(
            "CloudWatch Logs storage",
            held,
            "GB",
            storage,
            "GB-month",
            held * storage,
            $"{CostFormat.Number(held)} GB held (GB a month × retention in months) × {ledger.P(PriceKeys.LogsStorageGbMonth)}",
            ids,
            [PriceKeys.LogsStorageGbMonth],
            "reached once the retention has passed; billed on the compressed size, so an upper bound"));
    }
}
