using Ironclad.Core.Rules;

namespace Ironclad.Core.Verification;

public sealed partial class StackVerifier
{
    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> VpcChecks(LiveState live, StackResource resource)
    {
        var vpcId = resource.PhysicalId!;
        return [(VerifyDescriptors.VpcAvailable, () => VpcHealthy(live, vpcId))];
    }

    private static async Task<LiveVerdict?> VpcHealthy(LiveState live, string vpcId)
    {
        var vpcs = await live.Aws.Ec2.DescribeVpcsAsync([vpcId], live.CancellationToken).ConfigureAwait(false);
        if (vpcs.Count == 0)
        {
            return LiveVerdict.Fail($"not found live: {vpcId}");
        }

        if (vpcs[0].State != "available")
        {
            return LiveVerdict.Fail($"{vpcId} is {vpcs[0].State}");
        }

        var dns = await live.Aws.Ec2.DescribeVpcDnsAsync(vpcId, live.CancellationToken).ConfigureAwait(false);
        var off = new[] { (dns.EnableDnsSupport, "enableDnsSupport"), (dns.EnableDnsHostnames, "enableDnsHostnames") }
            .Where(a => !a.Item1).Select(a => a.Item2).ToList();
        return off.Count == 0
            ? LiveVerdict.Pass($"{vpcId} is available with DNS support and hostnames")
            : LiveVerdict.Fail($"{vpcId} has {string.Join(" and ", off)} off: interface endpoints' private DNS names will not resolve");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> NatGatewayChecks(LiveState live, StackResource resource)
    {
        var id = resource.PhysicalId!;
        return [(VerifyDescriptors.NatGatewayAvailable, () => NatAvailable(live, id))];
    }

    private static async Task<LiveVerdict?> NatAvailable(LiveState live, string id)
    {
        var gateways = await live.Aws.Ec2.DescribeNatGatewaysByIdAsync([id], live.CancellationToken).ConfigureAwait(false);
        return gateways.Count == 0
            ? LiveVerdict.Fail($"not found live: {id}")
            : gateways[0].State == "available"
                ? LiveVerdict.Pass($"{id} is available")
                : LiveVerdict.Fail($"{id} is {gateways[0].State}");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> RouteTableChecks(LiveState live, StackResource resource)
    {
        var id = resource.PhysicalId!;
        return [(VerifyDescriptors.PrivateRouteToNat, () => RoutesToNat(live, id))];
    }

    private static async Task<LiveVerdict?> RoutesToNat(LiveState live, string id)
    {
        var tables = await live.Aws.Ec2.DescribeRouteTablesByIdAsync([id], live.CancellationToken).ConfigureAwait(false);
        if (tables.Count == 0)
        {
            return LiveVerdict.Fail($"not found live: {id}");
        }

        var defaults = tables[0].Routes.Where(r => r.DestinationCidrBlock == "0.0.0.0/0").ToList();
        if (defaults.Any(r => r.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true))
        {
            return null;
        }

        var route = defaults.FirstOrDefault(r => r.NatGatewayId is not null);
        if (route?.NatGatewayId is not { } natId)
        {
            return defaults.FirstOrDefault(r => r.OtherTarget is not null || r.GatewayId?.StartsWith("vgw-", StringComparison.Ordinal) == true) is { } other
                ? LiveVerdict.Unknown($"{id} sends 0.0.0.0/0 to {other.OtherTarget ?? other.GatewayId}, not to a NAT gateway: whether that reaches the internet is outside this stack")
                : LiveVerdict.Fail($"{id} has no 0.0.0.0/0 route to a NAT gateway");
        }

        if (route.State == "blackhole")
        {
            return LiveVerdict.Fail($"the 0.0.0.0/0 route of {id} to {natId} is a blackhole");
        }

        var gateways = await live.Aws.Ec2.DescribeNatGatewaysByIdAsync([natId], live.CancellationToken).ConfigureAwait(false);
        var state = gateways.Count > 0 ? gateways[0].State : "missing";
        return state == "available"
            ? LiveVerdict.Pass($"0.0.0.0/0 → {natId} (available)")
            : LiveVerdict.Fail($"0.0.0.0/0 → {natId}, which is {state}");
    }

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> EndpointChecks(LiveState live, StackResource resource)
    {
        var id = resource.PhysicalId!;
        return [(VerifyDescriptors.VpcEndpointAvailable, () => EndpointHealthy(live, id))];
    }

    private static async Task<LiveVerdict?> EndpointHealthy(LiveState live, string id)
    {
        var endpoints = await live.Aws.Ec2.DescribeVpcEndpointsByIdAsync([id], live.CancellationToken).ConfigureAwait(false);
        if (endpoints.Count == 0)
        {
            return LiveVerdict.Fail($"not found live: {id}");
        }

        var endpoint = endpoints[0];
        var service = EndpointService(endpoint.ServiceName);
        if (!string.Equals(endpoint.State, "available", StringComparison.OrdinalIgnoreCase))
        {
            return LiveVerdict.Fail($"{endpoint.Type} endpoint for {service} is {endpoint.State}");
        }

        if (string.Equals(endpoint.Type, "Interface", StringComparison.OrdinalIgnoreCase) && !endpoint.PrivateDnsEnabled)
        {
            return LiveVerdict.Fail($"interface endpoint for {service} has private DNS off: the SDK's default endpoint still resolves to public addresses");
        }

        return LiveVerdict.Pass($"{endpoint.Type} endpoint for {service} is available");
    }
}
