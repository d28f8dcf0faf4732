namespace Ironclad.Core.Costing.Pricers;

/// <summary>The queues the hardening adds (dead-letter queues): three requests per message, past the account's free requests.</summary>
internal sealed class QueuePricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var queues = ledger.Delta.LiveOfType("AWS::SQS::Queue").ToList();
        if (queues.Count == 0)
        {
            return;
        }

        var messages = ledger.Usage[UsageAssumptions.SqsMessagesPerMonth];
        var requests = messages * 3;
        var free = ledger.Prices.Free(PriceKeys.FreeSqsRequests).Quantity;
        var billable = Math.Max(0m, requests - free);
        var perMillion = ledger.Prices[PriceKeys.SqsRequestsPerMillion].Usd;
        ledger.Add(new CostItem(
            queues.Count == 1 ? $"SQS queue {queues[0].LogicalId}" : "SQS queues",
            requests,
            "requests",
            perMillion,
            "1M requests",
            billable / 1_000_000m * perMillion,
            $"max(0, {CostFormat.Number(messages)} messages × 3 − {CostFormat.Number(free)} free) / 1M × {ledger.P(PriceKeys.SqsRequestsPerMillion)}",
            queues.Select(q => q.LogicalId).ToList(),
            [PriceKeys.SqsRequestsPerMillion],
            $"the {CostFormat.Number(free)} free requests a month are per account; an empty queue costs nothing"));
    }
}
