using System.Globalization;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>How a subnet of the template reaches beyond its VPC, read from its route table's default route.</summary>
internal enum SubnetReach
{
    /// <summary>A default route to the VPC's internet gateway (or public IPs on launch).</summary>
    Public,

    /// <summary>A default route to a NAT gateway, a transit gateway or another target that is not the internet gateway.</summary>
    Private,

    /// <summary>No default route known: reaches AWS only through VPC endpoints.</summary>
    Isolated,
}

/// <summary>A subnet the template defines, its route table and its default route.</summary>
internal sealed record TemplateSubnet(string Id, SubnetReach Reach, string? RouteTable, string? DefaultRoute);

/// <summary>
/// A VPC the template already defines, as far as the template says: its subnets, internet gateway,
/// route tables, gateway endpoints. The fix extends such a VPC only from what is written here, never
/// by guesswork (see docs/design/hardening.md, "A VPC the template already defines").
/// </summary>
internal sealed class TemplateNetwork
{
    private TemplateNetwork(ResourceDefinition vpc) => Vpc = vpc;

    public ResourceDefinition Vpc { get; }

    public string? InternetGateway { get; private set; }

    public string? GatewayAttachment { get; private set; }

    public List<TemplateSubnet> Subnets { get; } = [];

    /// <summary>Gateway or interface endpoints of this VPC in the template, by service (<c>s3</c>, <c>sqs</c>...).</summary>
    public Dictionary<string, string> Endpoints { get; } = new(StringComparer.Ordinal);

    public IEnumerable<TemplateSubnet> Private => Subnets.Where(s => s.Reach != SubnetReach.Public);

    public IEnumerable<TemplateSubnet> Public => Subnets.Where(s => s.Reach == SubnetReach.Public);

    /// <summary>The VPCs of the template, each with what the template says about it.</summary>
    public static List<TemplateNetwork> Read(CfnTemplate template)
    {
        var networks = template.Resources.Where(r => r.Type == "AWS::EC2::VPC").Select(v => new TemplateNetwork(v)).ToList();
        if (networks.Count == 0)
        {
            return networks;
        }

        var tableOfSubnet = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var association in Of(template, "AWS::EC2::SubnetRouteTableAssociation"))
        {
            if (Target(association.Properties?["SubnetId"]) is { } subnet && Target(association.Properties?["RouteTableId"]) is { } table)
            {
                tableOfSubnet.TryAdd(subnet, table);
            }
        }

        var defaultRoutes = new Dictionary<string, ResourceDefinition>(StringComparer.Ordinal);
        foreach (var route in Of(template, "AWS::EC2::Route"))
        {
            if ((route.Properties?["DestinationCidrBlock"] as ScalarNode)?.Value == "0.0.0.0/0" && Target(route.Properties?["RouteTableId"]) is { } table)
            {
                defaultRoutes.TryAdd(table, route);
            }
        }

        foreach (var network in networks)
        {
            var id = network.Vpc.LogicalId;
            var attachment = Of(template, "AWS::EC2::VPCGatewayAttachment")
                .FirstOrDefault(a => Target(a.Properties?["VpcId"]) == id && a.Properties?["InternetGatewayId"] is not null);
            network.GatewayAttachment = attachment?.LogicalId;
            network.InternetGateway = Target(attachment?.Properties?["InternetGatewayId"]);
            foreach (var subnet in Of(template, "AWS::EC2::Subnet").Where(s => Target(s.Properties?["VpcId"]) == id))
            {
                var table = tableOfSubnet.GetValueOrDefault(subnet.LogicalId);
                var route = table is null ? null : defaultRoutes.GetValueOrDefault(table);
                var reach = route is null ? SubnetReach.Isolated
                    : network.InternetGateway is not null && Target(route.Properties?["GatewayId"]) == network.InternetGateway ? SubnetReach.Public
                    : SubnetReach.Private;
                if ((subnet.Properties?["MapPublicIpOnLaunch"] as ScalarNode)?.Value is "true" or "True")
                {
                    reach = SubnetReach.Public;
                }

                network.Subnets.Add(new TemplateSubnet(subnet.LogicalId, reach, table, route?.LogicalId));
            }

            foreach (var endpoint in Of(template, "AWS::EC2::VPCEndpoint").Where(e => Target(e.Properties?["VpcId"]) == id))
            {
                if (ServiceOf(endpoint) is { } service)
                {
                    network.Endpoints.TryAdd(service, endpoint.LogicalId);
                }
            }
        }

        return networks;
    }

    /// <summary>The service an endpoint of the template serves: the end of its <c>ServiceName</c> (<c>com.amazonaws.${AWS::Region}.sqs</c> gives <c>sqs</c>).</summary>
    public static string? ServiceOf(ResourceDefinition endpoint)
    {
        var name = endpoint.Properties?["ServiceName"];
        var text = name as ScalarNode;
        if (Intrinsics.TryGetCall(name, out var function, out var argument) && function == "Fn::Sub")
        {
            text = argument as ScalarNode ?? (argument is SequenceNode { Items: [ScalarNode first, ..] } ? first : null);
        }

        var value = text?.Value;
        var marker = value?.IndexOf(".amazonaws.", StringComparison.Ordinal) ?? -1;
        if (value is null || marker < 0)
        {
            return null;
        }

        var rest = value[(marker + ".amazonaws.".Length)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[(dot + 1)..];
    }

    /// <summary>The logical ID a <c>!Ref X</c> or <c>!GetAtt X.Attribute</c> names; null for anything else.</summary>
    public static string? Target(TemplateNode? node)
    {
        if (!Intrinsics.TryGetCall(node, out var function, out var argument))
        {
            return null;
        }

        return (function, argument) switch
        {
            ("Ref", ScalarNode s) => s.Value,
            ("Fn::GetAtt", ScalarNode s) => s.Value.Split('.')[0],
            ("Fn::GetAtt", SequenceNode { Items: [ScalarNode first, ..] }) => first.Value,
            _ => null,
        };
    }

    /// <summary>
    /// The address ranges of this VPC and its subnets, when every one is written as a literal CIDR
    /// or as <c>!Select [i, !Cidr [block, count, bits]]</c> of a literal block (or of the VPC's own
    /// literal block); null with the reason otherwise.
    /// </summary>
    public (Cidr Vpc, List<Cidr> Subnets)? Ranges(CfnTemplate template, out string reason)
    {
        reason = "";
        if (Literal(Vpc.Properties?["CidrBlock"]) is not { } vpc)
        {
            reason = $"the VPC {Vpc.LogicalId}'s CidrBlock is not a literal range";
            return null;
        }

        var ranges = new List<Cidr>();
        foreach (var subnet in Subnets)
        {
            var node = template.FindResource(subnet.Id)?.Properties?["CidrBlock"];
            if ((Literal(node) ?? Derived(node, vpc)) is not { } range)
            {
                reason = $"the range of subnet {subnet.Id} is not a literal CIDR nor a !Cidr of a literal range";
                return null;
            }

            ranges.Add(range);
        }

        return (vpc, ranges);
    }

    private static IEnumerable<ResourceDefinition> Of(CfnTemplate template, string type) => template.Resources.Where(r => r.Type == type);

    private static Cidr? Literal(TemplateNode? node) => node is ScalarNode s ? Cidr.Parse(s.Value) : null;

    /// <summary><c>!Select [i, !Cidr [block, count, bits]]</c>: the i-th block of 2^bits addresses of the block.</summary>
    private Cidr? Derived(TemplateNode? node, Cidr vpc)
    {
        if (!Intrinsics.TryGetCall(node, out var select, out var selectArgs) || select != "Fn::Select"
            || selectArgs is not SequenceNode { Items: [ScalarNode index, var list] }
            || !Intrinsics.TryGetCall(list, out var cidr, out var cidrArgs) || cidr != "Fn::Cidr"
            || cidrArgs is not SequenceNode { Items: [var block, ScalarNode, ScalarNode bits] }
            || !int.TryParse(index.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(bits.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var hostBits))
        {
            return null;
        }

        var baseRange = Literal(block) ?? (Target(block) == Vpc.LogicalId && Intrinsics.TryGetCall(block, out var fn, out _) && fn == "Fn::GetAtt" ? vpc : null);
        if (baseRange is not { } b || hostBits is < 0 or > 32)
        {
            return null;
        }

        return new Cidr(b.Start + ((uint)i << hostBits), 32 - hostBits);
    }
}

/// <summary>An IPv4 address range.</summary>
internal readonly record struct Cidr(uint Start, int Prefix)
{
    public ulong Size => 1UL << (32 - Prefix);

    public ulong End => Start + Size;

    public static Cidr? Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var prefix) || prefix is < 0 or > 32)
        {
            return null;
        }

        var octets = parts[0].Split('.');
        if (octets.Length != 4)
        {
            return null;
        }

        uint address = 0;
        foreach (var octet in octets)
        {
            if (!byte.TryParse(octet, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
            {
                return null;
            }

            address = (address << 8) | b;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new Cidr(address & mask, prefix);
    }

    public bool Overlaps(Cidr other) => Start < other.End && other.Start < End;

    /// <summary>The first <paramref name="count"/> blocks of this prefix length inside <paramref name="within"/> that overlap none of <paramref name="taken"/>.</summary>
    public static List<Cidr> Free(Cidr within, int prefix, IReadOnlyList<Cidr> taken, int count)
    {
        var free = new List<Cidr>();
        for (ulong start = within.Start; start + (1UL << (32 - prefix)) <= within.End && free.Count < count; start += 1UL << (32 - prefix))
        {
            var candidate = new Cidr((uint)start, prefix);
            if (!taken.Any(candidate.Overlaps))
            {
                free.Add(candidate);
            }
        }

        return free;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Start >> 24}.{(Start >> 16) & 255}.{(Start >> 8) & 255}.{Start & 255}/{Prefix}");
}
