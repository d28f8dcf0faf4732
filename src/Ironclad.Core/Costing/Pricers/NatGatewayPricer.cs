using Ironclad.Core.Evaluation;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// The NAT gateways the hardening adds: each public gateway with its Elastic IP, each private one, and the data they
/// process, which includes the calls to AWS services when the plan adds no interface endpoint to carry them.
/// </summary>
internal sealed class NatGatewayPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var gateways = delta.LiveOfType("AWS::EC2::NatGateway").ToList();
        if (gateways.Count == 0)
        {
            return;
        }

        var prices = ledger.Prices;
        var hours = ledger.Hours;
        var publicGateways = gateways.Where(g => !string.Equals(Text(delta.Get(g, "ConnectivityType")), "private", StringComparison.OrdinalIgnoreCase)).ToList();
        var privateGateways = gateways.Except(publicGateways).ToList();
        var hour = prices[PriceKeys.NatGatewayHour].Usd;
        var address = prices[PriceKeys.PublicIpv4Hour].Usd;
        if (publicGateways.Count > 0)
        {
            var addresses = publicGateways.Select(g => (delta.Get(g, "AllocationId") as UnknownValue)?.ReferencedResource)
                .Where(id => id is not null && delta.LiveOfType("AWS::EC2::EIP").Any(r => r.LogicalId == id))
                .Select(id => id!);
            var unit = (hour + address) * hours;
            ledger.Add(new CostItem(
                "NAT gateway with its public IPv4 address",
                publicGateways.Count,
                publicGateways.Count == 1 ? "gateway" : "gateways",
                unit,
                "gateway-month",
                publicGateways.Count * unit,
                $"{publicGateways.Count} × ({ledger.P(PriceKeys.NatGatewayHour)}/h × {hours:0} h + {ledger.P(PriceKeys.PublicIpv4Hour)}/h IPv4 × {hours:0} h)",
                publicGateways.Select(g => g.LogicalId).Concat(addresses).ToList(),
                [PriceKeys.NatGatewayHour, PriceKeys.PublicIpv4Hour],
                "one gateway per AZ is billed whether traffic flows or not; the public IPv4 charge has applied to NAT gateway addresses since 2024-02-01"));
        }

        if (privateGateways.Count > 0)
        {
            ledger.Add(new CostItem(
                "Private NAT gateway",
                privateGateways.Count,
                privateGateways.Count == 1 ? "gateway" : "gateways",
                hour * hours,
                "gateway-month",
                privateGateways.Count * hour * hours,
                $"{privateGateways.Count} × {ledger.P(PriceKeys.NatGatewayHour)}/h × {hours:0} h",
                privateGateways.Select(g => g.LogicalId).ToList(),
                [PriceKeys.NatGatewayHour]));
        }

        var movedEndpointTraffic = !delta.LiveOfType("AWS::EC2::VPCEndpoint").Any(e => EndpointPricer.EndpointType(delta, e) == "Interface");
        var gb = ledger.Usage[UsageAssumptions.NatGatewayGbPerMonth];
        var formula = $"{CostFormat.Number(gb)} GB × {ledger.P(PriceKeys.NatGatewayGb)}";
        string? note = "standard data transfer (internet egress, cross-AZ) is billed on top, as it is without the fix";
        if (movedEndpointTraffic)
        {
            var endpointGb = ledger.Usage[UsageAssumptions.InterfaceEndpointGbPerMonth];
            gb += endpointGb;
            formula = $"({CostFormat.Number(gb - endpointGb)} GB + {CostFormat.Number(endpointGb)} GB to AWS services, no interface endpoints) × {ledger.P(PriceKeys.NatGatewayGb)}";
            note = "with no interface endpoints, calls to AWS services go through NAT; " + note;
        }

        ledger.Add(new CostItem(
            "NAT gateway data processing",
            gb,
            "GB",
            prices[PriceKeys.NatGatewayGb].Usd,
            "GB",
            gb * prices[PriceKeys.NatGatewayGb].Usd,
            formula,
            gateways.Select(g => g.LogicalId).ToList(),
            [PriceKeys.NatGatewayGb],
            note));
    }
}
