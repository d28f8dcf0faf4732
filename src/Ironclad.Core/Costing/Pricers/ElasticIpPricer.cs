namespace Ironclad.Core.Costing.Pricers;

/// <summary>The added Elastic IPs that no NAT gateway line already prices: each is a public IPv4 address billed by the hour.</summary>
internal sealed class ElasticIpPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var addresses = ledger.Delta.LiveOfType("AWS::EC2::EIP").Where(e => !ledger.IsClaimed(e.LogicalId)).ToList();
        if (addresses.Count == 0)
        {
            return;
        }

        var unit = ledger.Prices[PriceKeys.PublicIpv4Hour].Usd * ledger.Hours;
        ledger.Add(new CostItem(
            "Elastic IP (public IPv4 address)",
            addresses.Count,
            "addresses",
            unit,
            "address-month",
            addresses.Count * unit,
            $"{addresses.Count} × {ledger.P(PriceKeys.PublicIpv4Hour)}/h × {ledger.Hours:0} h",
            addresses.Select(a => a.LogicalId).ToList(),
            [PriceKeys.PublicIpv4Hour]));
    }
}
