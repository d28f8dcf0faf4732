using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>
/// What functions put into the VPC refer to: their security groups and subnets; the VPC; the
/// endpoint security group (null: no interface endpoints in this network); and what must exist
/// before code in those subnets has a way out (default routes, gateway endpoints), for custom
/// resources run during the deploy.
/// </summary>
internal sealed record NetworkRefs(NewNode SecurityGroupIds, NewNode SubnetIds, NewNode Vpc, string? EndpointGroup, IReadOnlyList<string> WayOut)
{
    /// <summary>Services that already have an endpoint in this VPC (in the template): never a second one (private DNS names collide).</summary>
    public Dictionary<string, string> ExistingEndpoints { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The network of docs/design/hardening.md, Network. Where the functions go, in this order: an
/// existing VPC named by parameters (<c>--vpc existing</c>); the subnets and security groups the
/// template's other functions already use; a VPC the template defines (its private subnets, or new
/// private subnets in free ranges behind a NAT gateway in its public subnets; never an internet
/// gateway for a VPC that has none); else a new VPC with public and private subnets in two zones,
/// NAT gateways and route tables. Then the Lambda and endpoint security groups and the free gateway
/// endpoints where the route tables are known.
/// </summary>
internal static class Network
{
    /// <summary>The network for the functions that move into a VPC; throws <see cref="UnfixableException"/> (before planning anything) when the tool will not guess.</summary>
    public static NetworkRefs Ensure(PlanContext context, FindingRef[] fixes)
    {
        if (context.Options.Network == NetworkMode.Existing)
        {
            return Existing(context, fixes);
        }

        if (Shared(context, fixes) is { } shared)
        {
            return shared;
        }

        var networks = TemplateNetwork.Read(context.Template);
        if (networks.Count > 0)
        {
            return InTemplateVpc(context, networks, fixes);
        }

        var (vpc, subnets, routeTables, routes) = NewVpc(context, fixes);
        var lambdaGroup = LambdaGroup(context, vpc, fixes);
        var endpointGroup = EndpointGroup(context, vpc, [SourceGroup(lambdaGroup)], "HTTPS from the Lambda functions", fixes);
        var wayOut = new List<string>(routes);
        wayOut.AddRange(GatewayEndpoints(context, vpc, routeTables, new Dictionary<string, string>(StringComparer.Ordinal), fixes));
        return new NetworkRefs(List(Ref(lambdaGroup)), subnets, vpc, endpointGroup, wayOut);
    }

    /// <summary>
    /// The subnets and security groups that functions of the template already run in (the most
    /// common VpcConfig, written as lists of subnets the template defines): the other functions join
    /// them instead of a second VPC.
    /// </summary>
    private static NetworkRefs? Shared(PlanContext context, FindingRef[] fixes)
    {
        var configs = context.Template.Resources
            .Where(r => r.Type is "AWS::Lambda::Function" or "AWS::Serverless::Function")
            .Select(r => (Function: r, Config: r.Properties?["VpcConfig"] as MappingNode))
            .Where(c => c.Config is not null && !Intrinsics.TryGetCall(c.Config, out _, out _)
                && c.Config["SubnetIds"] is SequenceNode { Items.Count: > 0 } && c.Config["SecurityGroupIds"] is SequenceNode { Items.Count: > 0 })
            .GroupBy(c => Text(context, c.Config!["SubnetIds"]!) + "|" + Text(context, c.Config!["SecurityGroupIds"]!), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .FirstOrDefault();
        if (configs is null)
        {
            return null;
        }

        var first = configs.First();
        var subnetNodes = (SequenceNode)first.Config!["SubnetIds"]!;
        var groupNodes = (SequenceNode)first.Config!["SecurityGroupIds"]!;
        var subnets = Copy(subnetNodes);
        var groups = Copy(groupNodes);
        var subnetIds = subnetNodes.Items.Select(TemplateNetwork.Target).ToList();
        var network = TemplateNetwork.Read(context.Template).FirstOrDefault(n => subnetIds.All(id => n.Subnets.Any(s => s.Id == id)));
        var users = string.Join(", ", configs.Select(c => c.Function.LogicalId));
        if (network is null)
        {
            // Subnets from outside the template: which VPC, routes and endpoints they have is unknown.
            context.Warn(WarningKind.Network, $"{users} already run in subnets that the template does not define; the other functions get the network of the hardened architecture. To put them in that network instead, fix with --vpc existing.");
            return null;
        }

        context.Warn(WarningKind.Network, $"The functions put into a VPC join the subnets and security groups that {users} already use (VPC {network.Vpc.LogicalId}): no second VPC is created.");

        var vpc = Ref(network.Vpc.LogicalId);
        var used = network.Subnets.Where(s => subnetIds.Contains(s.Id)).ToList();
        var endpointGroup = EndpointGroup(context, vpc, groupNodes.Items.Select(g => SourceGroup(Copy(g))).ToList(), "HTTPS from the functions' security groups", fixes);
        return WithWayOut(context, network, used, groups, subnets, endpointGroup, fixes);
    }

    /// <summary>Parameters <c>VpcId</c> and <c>PrivateSubnetIds</c>; interface endpoints only when named (<c>--endpoints</c>), admitting HTTPS from the VPC's range.</summary>
    private static NetworkRefs Existing(PlanContext context, FindingRef[] fixes)
    {
        var vpcParameter = context.Parameter(fixes, "VpcId", "AWS::EC2::VPC::Id", null, "The existing VPC the functions run in");
        var subnetParameter = context.Parameter(fixes, "PrivateSubnetIds", "List<AWS::EC2::Subnet::Id>", null, "Private subnets of that VPC (with a route to a NAT gateway), in at least two Availability Zones");
        var vpc = Ref(vpcParameter);
        context.Warn(WarningKind.Network, "Existing VPC: the gateway endpoints for S3 and DynamoDB are not added (the private route tables of that VPC are not known); add them where the VPC is defined, or the traffic to S3 and DynamoDB goes through its NAT. The interface endpoints' private DNS needs DNS support and DNS hostnames on in that VPC.");
        var lambdaGroup = LambdaGroup(context, vpc, fixes);
        string? endpointGroup = null;
        if (context.Options.Endpoints == EndpointMode.List)
        {
            // Private DNS makes every workload of the VPC resolve the service to the new endpoint:
            // its group must admit them all, not only the functions.
            var cidr = context.Parameter(fixes, "VpcCidr", "String", null, "Address range (CIDR) of the existing VPC: the interface endpoints admit HTTPS from it");
            endpointGroup = EndpointGroup(
                context,
                vpc,
                [("CidrIp", Ref(cidr))],
                "HTTPS from the whole VPC (with private DNS, every workload there resolves the service to the endpoint)",
                fixes);
        }

        return new NetworkRefs(List(Ref(lambdaGroup)), Ref(subnetParameter), vpc, endpointGroup, []);
    }

    /// <summary>
    /// A VPC the template defines: its private subnets (with NAT or isolated); if it has only public
    /// subnets and an internet gateway, new private subnets in free ranges behind NAT gateways in its
    /// public subnets. Anything else is declined with the reason.
    /// </summary>
    private static NetworkRefs InTemplateVpc(PlanContext context, List<TemplateNetwork> networks, FindingRef[] fixes)
    {
        var withSubnets = networks.Where(n => n.Subnets.Count > 0).ToList();
        var network = withSubnets.FirstOrDefault(n => n.Private.Any()) ?? withSubnets.FirstOrDefault(n => n.InternetGateway is not null && n.Public.Any());
        if (network is null)
        {
            throw new UnfixableException(
                $"the template defines the VPC {string.Join(", ", networks.Select(n => n.Vpc.LogicalId))} but no subnets the functions could use: add private subnets to it (or fix with --vpc existing), the tool does not extend a VPC it did not create by guesswork");
        }

        var vpc = Ref(network.Vpc.LogicalId);
        var privateSubnets = network.Private.ToList();
        if (privateSubnets.Count > 0)
        {
            var lambdaGroup = LambdaGroup(context, vpc, fixes);
            var endpointGroup = EndpointGroup(context, vpc, [SourceGroup(lambdaGroup)], "HTTPS from the Lambda functions", fixes);
            var subnets = List(privateSubnets.Select(s => (NewNode)Ref(s.Id)));
            context.Warn(WarningKind.Network, $"The functions put into a VPC use the private subnets {string.Join(", ", privateSubnets.Select(s => s.Id))} of the template's VPC {network.Vpc.LogicalId}: no second VPC is created.");
            if (privateSubnets.All(s => s.Reach == SubnetReach.Isolated))
            {
                context.Warn(
                    WarningKind.Network,
                    $"The VPC {network.Vpc.LogicalId} has no route out of its private subnets (private by design): no internet gateway or NAT is added. The functions reach AWS services only through VPC endpoints: a service without one (and any internet address) is unreachable from them.");
            }

            return WithWayOut(context, network, privateSubnets, List(Ref(lambdaGroup)), subnets, endpointGroup, fixes);
        }

        var ranges = network.Ranges(context.Template, out var reason)
            ?? throw new UnfixableException($"the template's VPC {network.Vpc.LogicalId} has only public subnets and {reason}: add private subnets with a route to a NAT gateway by hand (the tool does not risk overlapping ranges)");
        var prefix = ranges.Vpc.Prefix <= 20 ? 24 : Math.Min(28, ranges.Vpc.Prefix + 4);
        var free = Cidr.Free(ranges.Vpc, prefix, ranges.Subnets, 2);
        if (free.Count < 2)
        {
            throw new UnfixableException($"the template's VPC {network.Vpc.LogicalId} ({ranges.Vpc}) has no two free /{prefix} ranges for private subnets beside its subnets: add private subnets with a route to a NAT gateway by hand");
        }

        return PrivateSubnetsBehindNat(context, network, free, fixes);
    }

    /// <summary>New private subnets (free ranges, the zones of the public subnets), NAT gateways in the public subnets, a route table each.</summary>
    private static NetworkRefs PrivateSubnetsBehindNat(PlanContext context, TemplateNetwork network, List<Cidr> ranges, FindingRef[] fixes)
    {
        var vpcId = network.Vpc.LogicalId;
        var publicSubnets = network.Public.Take(2).ToList();
        var natCount = context.Options.SingleNat || publicSubnets.Count == 1 ? 1 : 2;
        var nats = new List<string>();
        for (var zone = 0; zone < natCount; zone++)
        {
            var eip = Fresh(context, $"NatGateway{zone + 1}EIP", "AWS::EC2::EIP", fixes);
            if (eip.IsNew && eip.Properties.Count == 0)
            {
                if (network.GatewayAttachment is { } attachment)
                {
                    eip.DependsOn.Add(attachment);
                }

                eip.Properties.Set("Domain", Str("vpc")).Set("Tags", Infrastructure.NameTag(context, $"nat-eip-{zone + 1}", fixes));
            }

            var nat = Fresh(context, $"NatGateway{zone + 1}", "AWS::EC2::NatGateway", fixes);
            if (nat.IsNew && nat.Properties.Count == 0)
            {
                nat.Properties
                    .Set("AllocationId", GetAtt(eip.Id, "AllocationId"))
                    .Set("SubnetId", Ref(publicSubnets[zone].Id))
                    .Set("Tags", Infrastructure.NameTag(context, $"nat-{zone + 1}", fixes));
                nat.Facts["PublicIPv4"] = "1";
            }

            nats.Add(nat.Id);
        }

        var subnets = new List<string>();
        var tables = new List<string>();
        var routes = new List<string>();
        for (var zone = 0; zone < 2; zone++)
        {
            var subnet = Fresh(context, $"PrivateSubnet{zone + 1}", "AWS::EC2::Subnet", fixes);
            if (subnet.IsNew && subnet.Properties.Count == 0)
            {
                subnet.Properties
                    .Set("VpcId", Ref(vpcId))
                    .Set("CidrBlock", Str(ranges[zone].ToString()))
                    .Set("AvailabilityZone", publicSubnets.Count > 1 ? GetAtt(publicSubnets[zone].Id, "AvailabilityZone") : Select(zone, GetAZs()))
                    .Set("MapPublicIpOnLaunch", Bool(false))
                    .Set("Tags", Infrastructure.NameTag(context, $"private-{zone + 1}", fixes));
            }

            var table = Fresh(context, $"PrivateRouteTable{zone + 1}", "AWS::EC2::RouteTable", fixes);
            if (table.IsNew && table.Properties.Count == 0)
            {
                table.Properties.Set("VpcId", Ref(vpcId)).Set("Tags", Infrastructure.NameTag(context, $"private-rt-{zone + 1}", fixes));
            }

            var route = Fresh(context, $"PrivateDefaultRoute{zone + 1}", "AWS::EC2::Route", fixes);
            if (route.IsNew && route.Properties.Count == 0)
            {
                route.Properties
                    .Set("RouteTableId", Ref(table.Id))
                    .Set("DestinationCidrBlock", Str("0.0.0.0/0"))
                    .Set("NatGatewayId", Ref(nats[Math.Min(zone, nats.Count - 1)]));
            }

            var association = Fresh(context, $"PrivateSubnet{zone + 1}RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation", fixes);
            if (association.IsNew && association.Properties.Count == 0)
            {
                association.Properties.Set("SubnetId", Ref(subnet.Id)).Set("RouteTableId", Ref(table.Id));
            }

            subnets.Add(subnet.Id);
            tables.Add(table.Id);
            routes.Add(route.Id);
        }

        context.Warn(
            WarningKind.Network,
            $"The template's VPC {vpcId} has only public subnets: private subnets {string.Join(" and ", ranges)} (free ranges of the VPC) are added behind {(natCount == 1 ? "a NAT gateway" : "NAT gateways")} in {string.Join(" and ", publicSubnets.Take(natCount).Select(s => s.Id))}; no second VPC is created.");
        var vpc = Ref(vpcId);
        var lambdaGroup = LambdaGroup(context, vpc, fixes);
        var endpointGroup = EndpointGroup(context, vpc, [SourceGroup(lambdaGroup)], "HTTPS from the Lambda functions", fixes);
        var wayOut = new List<string>(routes);
        wayOut.AddRange(GatewayEndpoints(context, vpc, tables, network.Endpoints, fixes));
        return new NetworkRefs(List(Ref(lambdaGroup)), List(subnets.Select(s => (NewNode)Ref(s))), vpc, endpointGroup, wayOut) { ExistingEndpoints = network.Endpoints };
    }

    /// <summary>Gateway endpoints on the route tables of the subnets used, and what the functions' way out depends on.</summary>
    private static NetworkRefs WithWayOut(PlanContext context, TemplateNetwork network, List<TemplateSubnet> used, NewNode groups, NewNode subnets, string? endpointGroup, FindingRef[] fixes)
    {
        var tables = used.Select(s => s.RouteTable).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var wayOut = used.Select(s => s.DefaultRoute).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        wayOut.AddRange(GatewayEndpoints(context, Ref(network.Vpc.LogicalId), tables, network.Endpoints, fixes));
        return new NetworkRefs(groups, subnets, Ref(network.Vpc.LogicalId), endpointGroup, wayOut) { ExistingEndpoints = network.Endpoints };
    }

    private static string LambdaGroup(PlanContext context, NewNode vpc, FindingRef[] fixes)
    {
        var lambdaGroup = context.Resource("LambdaSecurityGroup", "AWS::EC2::SecurityGroup", ResourceGroup.Network, fixes);
        if (lambdaGroup.IsNew && lambdaGroup.Properties.Count == 0)
        {
            var egress = new List<NewNode> { Egress(443, "HTTPS to AWS APIs and the internet") };
            if (context.Options.AllowPort80)
            {
                egress.Add(Egress(80, "HTTP (package mirrors, plain-HTTP APIs); drop with --no-port-80"));
                context.Warn(WarningKind.Network, "LambdaSecurityGroup allows HTTP (port 80) out, as the guide does (package mirrors, plain-HTTP APIs); fix with --no-port-80 to allow HTTPS only.");
            }

            lambdaGroup.Properties
                .Set("GroupDescription", Str("Lambda functions: no inbound traffic, outbound HTTPS" + (context.Options.AllowPort80 ? " and HTTP" : "")))
                .Set("VpcId", vpc.Clone())
                .Set("SecurityGroupEgress", List(egress))
                .Set("Tags", Infrastructure.NameTag(context, "lambda-sg", fixes));
        }

        return lambdaGroup.Id;
    }

    private static (string Key, NewNode Value) SourceGroup(string group) => ("SourceSecurityGroupId", Ref(group));

    private static (string Key, NewNode Value) SourceGroup(NewNode group) => ("SourceSecurityGroupId", group);

    /// <summary>The interface endpoints' group: HTTPS in from each source (a security group or a range).</summary>
    private static string EndpointGroup(PlanContext context, NewNode vpc, List<(string Key, NewNode Value)> sources, string description, FindingRef[] fixes)
    {
        var endpointGroup = context.Resource("VPCEndpointSecurityGroup", "AWS::EC2::SecurityGroup", ResourceGroup.Network, fixes);
        if (endpointGroup.IsNew && endpointGroup.Properties.Count == 0)
        {
            endpointGroup.Properties
                .Set("GroupDescription", Str("Interface VPC endpoints: " + description))
                .Set("VpcId", vpc.Clone())
                .Set("SecurityGroupIngress", List(sources.Select(source => (NewNode)Map(
                    ("IpProtocol", Str("tcp")),
                    ("FromPort", Num(443)),
                    ("ToPort", Num(443)),
                    (source.Key, source.Value.Clone()),
                    ("Description", Str(description))))))
                .Set("Tags", Infrastructure.NameTag(context, "endpoints-sg", fixes));
        }

        return endpointGroup.Id;
    }

    /// <summary>Gateway endpoints for S3 and DynamoDB on the route tables (free), unless the VPC has them; returns their IDs.</summary>
    private static List<string> GatewayEndpoints(PlanContext context, NewNode vpc, List<string> routeTables, Dictionary<string, string> existing, FindingRef[] fixes)
    {
        var ids = new List<string>();
        if (routeTables.Count == 0)
        {
            return ids;
        }

        foreach (var (service, id) in new[] { ("s3", "S3GatewayEndpoint"), ("dynamodb", "DynamoDBGatewayEndpoint") })
        {
            if (existing.TryGetValue(service, out var present))
            {
                ids.Add(present);
                continue;
            }

            var endpoint = context.Resource(id, "AWS::EC2::VPCEndpoint", ResourceGroup.Endpoints, fixes);
            if (endpoint.IsNew && endpoint.Properties.Count == 0)
            {
                endpoint.Properties
                    .Set("VpcId", vpc.Clone())
                    .Set("ServiceName", Sub($"com.amazonaws.${{AWS::Region}}.{service}"))
                    .Set("VpcEndpointType", Str("Gateway"))
                    .Set("RouteTableIds", List(routeTables.Select(r => (NewNode)Ref(r))));
                endpoint.Facts["Service"] = service;
                endpoint.Facts["EndpointType"] = "Gateway";
            }

            ids.Add(endpoint.Id);
        }

        return ids;
    }

    /// <summary>A new network resource: an existing resource of the same name and type belongs to a network the tool did not plan, so it is never reused.</summary>
    private static PlannedResource Fresh(PlanContext context, string id, string type, FindingRef[] fixes) =>
        context.Resource(id, type, ResourceGroup.Network, _ => false, fixes);

    /// <summary>
    /// A copy of a list of IDs written in the template (<c>[!Ref A, !GetAtt B.GroupId, sg-1]</c>), as
    /// new nodes: scalars by value, so that a short-form tag's text is never taken for its argument.
    /// </summary>
    private static NewNode Copy(TemplateNode node) => node switch
    {
        _ when Intrinsics.TryGetCall(node, out var function, out var argument) => new NewCall(function, Copy(argument)),
        MappingNode map => new NewMapping(map.Entries.Select(e => (e.Key.Value, Copy(e.Value)))),
        SequenceNode seq => new NewSequence(seq.Items.Select(Copy)),
        ScalarNode scalar => Str(scalar.Value),
        _ => throw new ArgumentException("unsupported node", nameof(node)),
    };

    private static string Text(PlanContext context, TemplateNode node) => context.Document.Text[node.Span.Start.Offset..node.Span.End.Offset];

    /// <summary>An interface endpoint for one service, with private DNS, in the private subnets.</summary>
    public static PlannedResource InterfaceEndpoint(PlanContext context, NetworkRefs network, string service, FindingRef[] fixes)
    {
        var id = string.Concat(service.Split('-', '.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])) + "Endpoint";
        var endpoint = context.Resource(id, "AWS::EC2::VPCEndpoint", ResourceGroup.Endpoints, fixes);
        if (endpoint.IsNew && endpoint.Properties.Count == 0)
        {
            endpoint.Properties
                .Set("VpcId", network.Vpc.Clone())
                .Set("ServiceName", Sub($"com.amazonaws.${{AWS::Region}}.{service}"))
                .Set("VpcEndpointType", Str("Interface"))
                .Set("PrivateDnsEnabled", Bool(true))
                .Set("SubnetIds", network.SubnetIds.Clone())
                .Set("SecurityGroupIds", List(Ref(network.EndpointGroup!)));
            endpoint.Facts["Service"] = service;
            endpoint.Facts["EndpointType"] = "Interface";
            endpoint.Facts["AvailabilityZones"] = "2";
        }

        return endpoint;
    }

    private static NewMapping Egress(int port, string description) => Map(
        ("IpProtocol", Str("tcp")),
        ("FromPort", Num(port)),
        ("ToPort", Num(port)),
        ("CidrIp", Str("0.0.0.0/0")),
        ("Description", Str(description)));

    private static (NewNode Vpc, NewNode Subnets, List<string> RouteTables, List<string> Routes) NewVpc(PlanContext context, FindingRef[] fixes)
    {
        var cidr = context.Parameter(fixes, "VpcCidr", "String", "10.0.0.0/16", "Address range of the VPC the hardening adds (a /16: its subnets are /24s)");
        var vpc = Fresh(context, "VPC", "AWS::EC2::VPC", fixes);
        var gateway = Fresh(context, "InternetGateway", "AWS::EC2::InternetGateway", fixes);
        var attachment = Fresh(context, "InternetGatewayAttachment", "AWS::EC2::VPCGatewayAttachment", fixes);
        if (vpc.IsNew && vpc.Properties.Count == 0)
        {
            vpc.Properties
                .Set("CidrBlock", Ref(cidr))
                .Set("EnableDnsSupport", Bool(true))
                .Set("EnableDnsHostnames", Bool(true))
                .Set("Tags", Infrastructure.NameTag(context, "vpc", fixes));
        }

        if (gateway.IsNew && gateway.Properties.Count == 0)
        {
            gateway.Properties.Set("Tags", Infrastructure.NameTag(context, "igw", fixes));
        }

        if (attachment.IsNew && attachment.Properties.Count == 0)
        {
            attachment.Properties.Set("VpcId", Ref(vpc.Id)).Set("InternetGatewayId", Ref(gateway.Id));
        }

        var publicSubnets = new List<string>();
        var privateSubnets = new List<string>();
        for (var zone = 0; zone < 2; zone++)
        {
            publicSubnets.Add(Subnet(context, $"PublicSubnet{zone + 1}", vpc.Id, cidr, zone + 1, zone, "public", fixes));
            privateSubnets.Add(Subnet(context, $"PrivateSubnet{zone + 1}", vpc.Id, cidr, zone + 11, zone, "private", fixes));
        }

        var publicTable = RouteTable(context, "PublicRouteTable", vpc.Id, "public-rt", fixes);
        var publicRoute = Fresh(context, "PublicDefaultRoute", "AWS::EC2::Route", fixes);
        if (publicRoute.IsNew && publicRoute.Properties.Count == 0)
        {
            publicRoute.DependsOn.Add(attachment.Id);
            publicRoute.Properties
                .Set("RouteTableId", Ref(publicTable))
                .Set("DestinationCidrBlock", Str("0.0.0.0/0"))
                .Set("GatewayId", Ref(gateway.Id));
        }

        for (var zone = 0; zone < 2; zone++)
        {
            Association(context, $"PublicSubnet{zone + 1}RouteTableAssociation", publicSubnets[zone], publicTable, fixes);
        }

        var natCount = context.Options.SingleNat ? 1 : 2;
        var nats = new List<string>();
        for (var zone = 0; zone < natCount; zone++)
        {
            var eip = Fresh(context, $"NatGateway{zone + 1}EIP", "AWS::EC2::EIP", fixes);
            if (eip.IsNew && eip.Properties.Count == 0)
            {
                eip.DependsOn.Add(attachment.Id);
                eip.Properties.Set("Domain", Str("vpc")).Set("Tags", Infrastructure.NameTag(context, $"nat-eip-{zone + 1}", fixes));
            }

            var nat = Fresh(context, $"NatGateway{zone + 1}", "AWS::EC2::NatGateway", fixes);
            if (nat.IsNew && nat.Properties.Count == 0)
            {
                nat.Properties
                    .Set("AllocationId", GetAtt(eip.Id, "AllocationId"))
                    .Set("SubnetId", Ref(publicSubnets[zone]))
                    .Set("Tags", Infrastructure.NameTag(context, $"nat-{zone + 1}", fixes));
                nat.Facts["PublicIPv4"] = "1";
            }

            nats.Add(nat.Id);
        }

        var privateTables = new List<string>();
        var routes = new List<string>();
        for (var zone = 0; zone < 2; zone++)
        {
            var table = RouteTable(context, $"PrivateRouteTable{zone + 1}", vpc.Id, $"private-rt-{zone + 1}", fixes);
            var route = Fresh(context, $"PrivateDefaultRoute{zone + 1}", "AWS::EC2::Route", fixes);
            routes.Add(route.Id);
            if (route.IsNew && route.Properties.Count == 0)
            {
                route.Properties
                    .Set("RouteTableId", Ref(table))
                    .Set("DestinationCidrBlock", Str("0.0.0.0/0"))
                    .Set("NatGatewayId", Ref(nats[Math.Min(zone, nats.Count - 1)]));
            }

            Association(context, $"PrivateSubnet{zone + 1}RouteTableAssociation", privateSubnets[zone], table, fixes);
            privateTables.Add(table);
        }

        return (Ref(vpc.Id), List(privateSubnets.Select(s => (NewNode)Ref(s))), privateTables, routes);
    }

    private static string Subnet(PlanContext context, string id, string vpc, string cidr, int index, int zone, string kind, FindingRef[] fixes)
    {
        var subnet = Fresh(context, id, "AWS::EC2::Subnet", fixes);
        if (subnet.IsNew && subnet.Properties.Count == 0)
        {
            subnet.Properties
                .Set("VpcId", Ref(vpc))
                .Set("CidrBlock", Select(index, Cidr(Ref(cidr), 16, 8)))
                .Set("AvailabilityZone", Select(zone, GetAZs()))
                .Set("MapPublicIpOnLaunch", Bool(false))
                .Set("Tags", Infrastructure.NameTag(context, $"{kind}-{zone + 1}", fixes));
        }

        return subnet.Id;
    }

    private static string RouteTable(PlanContext context, string id, string vpc, string name, FindingRef[] fixes)
    {
        var table = Fresh(context, id, "AWS::EC2::RouteTable", fixes);
        if (table.IsNew && table.Properties.Count == 0)
        {
            table.Properties.Set("VpcId", Ref(vpc)).Set("Tags", Infrastructure.NameTag(context, name, fixes));
        }

        return table.Id;
    }

    private static void Association(PlanContext context, string id, string subnet, string table, FindingRef[] fixes)
    {
        var association = Fresh(context, id, "AWS::EC2::SubnetRouteTableAssociation", fixes);
        if (association.IsNew && association.Properties.Count == 0)
        {
            association.Properties.Set("SubnetId", Ref(subnet)).Set("RouteTableId", Ref(table));
        }
    }
}
