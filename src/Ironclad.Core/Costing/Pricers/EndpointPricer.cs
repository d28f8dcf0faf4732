using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// The VPC endpoints the hardening adds: an interface endpoint is billed per AZ-hour and per GB it carries; the
/// gateway endpoints (S3, DynamoDB) have no charge and are listed at $0.
/// </summary>
internal sealed class EndpointPricer : ICostPricer
{
    /// <summary>An endpoint's type; CloudFormation's default is Gateway.</summary>
    public static string EndpointType(PlanDelta delta, ResourceDefinition endpoint) => Text(delta.Get(endpoint, "VpcEndpointType")) ?? "Gateway";

    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var endpoints = delta.LiveOfType("AWS::EC2::VPCEndpoint").ToList();
        var gateways = new List<(ResourceDefinition Endpoint, string Service)>();
        var interfaces = new List<ResourceDefinition>();
        var hour = ledger.Prices[PriceKeys.InterfaceEndpointHour].Usd;
        foreach (var endpoint in endpoints)
        {
            var service = ServiceName(delta, endpoint);
            switch (EndpointType(delta, endpoint))
            {
                case "Gateway":
                    gateways.Add((endpoint, service));
                    break;
                case "Interface":
                    {
                        string? note = null;
                        var azs = delta.Get(endpoint, "SubnetIds") is ListValue subnets ? subnets.Items.Count : 0;
                        if (azs == 0)
                        {
                            azs = 2;
                            note = "its subnets are not known before deployment; two AZs assumed";
                        }

                        interfaces.Add(endpoint);
                        ledger.Add(new CostItem(
                            $"Interface endpoint: {service}",
                            azs,
                            azs == 1 ? "AZ" : "AZs",
                            hour * ledger.Hours,
                            "endpoint-AZ-month",
                            azs * hour * ledger.Hours,
                            $"{azs} AZ{(azs == 1 ? "" : "s")} × {ledger.P(PriceKeys.InterfaceEndpointHour)}/h × {ledger.Hours:0} h",
                            [endpoint.LogicalId],
                            [PriceKeys.InterfaceEndpointHour],
                            note));
                        break;
                    }
            }
        }

        if (interfaces.Count > 0)
        {
            var gb = ledger.Usage[UsageAssumptions.InterfaceEndpointGbPerMonth];
            ledger.Add(new CostItem(
                "Interface endpoint data processing",
                gb,
                "GB",
                ledger.Prices[PriceKeys.InterfaceEndpointGb].Usd,
                "GB",
                gb * ledger.Prices[PriceKeys.InterfaceEndpointGb].Usd,
                $"{CostFormat.Number(gb)} GB × {ledger.P(PriceKeys.InterfaceEndpointGb)}",
                interfaces.Select(i => i.LogicalId).ToList(),
                [PriceKeys.InterfaceEndpointGb]));
        }

        if (gateways.Count > 0)
        {
            ledger.Add(new CostItem(
                $"Gateway endpoints ({string.Join(", ", gateways.Select(g => g.Service))})",
                gateways.Count,
                "endpoints",
                0m,
                "endpoint-month",
                0m,
                "no hourly or data-processing charge",
                gateways.Select(g => g.Endpoint.LogicalId).ToList(),
                []));
        }
    }

    /// <summary>The service part of <c>com.amazonaws.REGION.SERVICE</c>, read before the region is known.</summary>
    private static string ServiceName(PlanDelta delta, ResourceDefinition endpoint)
    {
        var node = endpoint.Properties?["ServiceName"];
        var text = Text(delta.Evaluator.Evaluate(node));
        if (text is null && Intrinsics.TryGetCall(node, out var fn, out var arg))
        {
            text = fn switch
            {
                "Fn::Sub" => (arg as ScalarNode)?.Value ?? (arg is SequenceNode { Items: [ScalarNode format, ..] } ? format.Value : null),
                "Fn::Join" => arg is SequenceNode { Items: [_, SequenceNode { Items: [.., ScalarNode last] }] } ? "com.amazonaws.region." + last.Value.TrimStart('.') : null,
                _ => null,
            };
        }

        if (text is null)
        {
            return endpoint.LogicalId;
        }

        var parts = text.Split('.');
        return parts.Length > 3 && parts[0] == "com" && parts[1] == "amazonaws" ? string.Join('.', parts[3..]) : text;
    }
}
