namespace Ironclad.Core.Costing.Pricers;

/// <summary>The CloudWatch alarms the hardening adds, each a monthly charge; the account's free alarms are not assumed.</summary>
internal sealed class AlarmPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var alarms = ledger.Delta.LiveOfType("AWS::CloudWatch::Alarm").ToList();
        if (alarms.Count == 0)
        {
            return;
        }

        var price = ledger.Prices[PriceKeys.CloudWatchAlarmMonth].Usd;
        var free = ledger.Prices.Free(PriceKeys.FreeCloudWatchAlarms).Quantity;
        ledger.Add(new CostItem(
            "CloudWatch alarms",
            alarms.Count,
            alarms.Count == 1 ? "alarm" : "alarms",
            price,
            "alarm-month",
            alarms.Count * price,
            $"{alarms.Count} × {ledger.P(PriceKeys.CloudWatchAlarmMonth)}",
            alarms.Select(a => a.LogicalId).ToList(),
            [PriceKeys.CloudWatchAlarmMonth],
            $"the first {CostFormat.Number(free)} alarms in an account are free; not assumed here, since other stacks may use them"));
    }
}
