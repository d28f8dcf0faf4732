using Ironclad.Core.Editing;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>What functions put into the VPC refer to: their security group and private subnets.</summary>
internal sealed record NetworkRefs(string SecurityGroup, NewNode SubnetIds, NewNode Vpc);

/// <summary>
/// The network of HARDENING.md section 4: a new VPC with public and private subnets in two zones, NAT
/// gateways and route tables, or an existing VPC named by parameters; in both, the Lambda and
/// endpoint security groups, the free gateway endpoints where route tables are known, and interface
/// endpoints for the services the functions call.
/// </summary>
internal static class Network
{
    public static NetworkRefs Ensure(PlanContext context, FindingRef[] fixes)
    {
        NewNode vpc;
        NewNode subnets;
        var routeTables = new List<string>();
        if (context.Options.Network == NetworkMode.Existing)
        {
            var vpcParameter = context.Parameter("VpcId", "AWS::EC2::VPC::Id", null, "The existing VPC the functions run in");
            var subnetParameter = context.Parameter("PrivateSubnetIds", "List<AWS::EC2::Subnet::Id>", null, "Private subnets of that VPC (with a route to a NAT gateway), in at least two Availability Zones");
            vpc = Ref(vpcParameter);
            subnets = Ref(subnetParameter);
            context.Warn(WarningKind.Network, "Existing VPC: the gateway endpoints for S3 and DynamoDB are not added (the private route tables of that VPC are not known); add them where the VPC is defined, or the traffic to S3 and DynamoDB goes through its NAT. The interface endpoints' private DNS needs DNS support and DNS hostnames on in that VPC.");
        }
        else
        {
            (vpc, subnets, routeTables) = NewVpc(context, fixes);
        }

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
                .Set("VpcId", vpc)
                .Set("SecurityGroupEgress", List(egress))
                .Set("Tags", Infrastructure.NameTag(context, "lambda-sg"));
        }

        var endpointGroup = context.Resource("VPCEndpointSecurityGroup", "AWS::EC2::SecurityGroup", ResourceGroup.Network, fixes);
        if (endpointGroup.IsNew && endpointGroup.Properties.Count == 0)
        {
            endpointGroup.Properties
                .Set("GroupDescription", Str("Interface VPC endpoints: HTTPS from the Lambda functions"))
                .Set("VpcId", vpc)
                .Set("SecurityGroupIngress", List(Map(
                    ("IpProtocol", Str("tcp")),
                    ("FromPort", Num(443)),
                    ("ToPort", Num(443)),
                    ("SourceSecurityGroupId", Ref(lambdaGroup.Id)),
                    ("Description", Str("HTTPS from the Lambda functions")))))
                .Set("Tags", Infrastructure.NameTag(context, "endpoints-sg"));
        }

        if (routeTables.Count > 0)
        {
            foreach (var (service, id) in new[] { ("s3", "S3GatewayEndpoint"), ("dynamodb", "DynamoDBGatewayEndpoint") })
            {
                var endpoint = context.Resource(id, "AWS::EC2::VPCEndpoint", ResourceGroup.Endpoints, fixes);
                if (endpoint.IsNew && endpoint.Properties.Count == 0)
                {
                    endpoint.Properties
                        .Set("VpcId", vpc)
                        .Set("ServiceName", Sub($"com.amazonaws.${{AWS::Region}}.{service}"))
                        .Set("VpcEndpointType", Str("Gateway"))
                        .Set("RouteTableIds", List(routeTables.Select(r => (NewNode)Ref(r))));
                    endpoint.Facts["Service"] = service;
                    endpoint.Facts["EndpointType"] = "Gateway";
                }
            }
        }

        return new NetworkRefs(lambdaGroup.Id, subnets, vpc);
    }

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
                .Set("SecurityGroupIds", List(Ref(context.LogicalId("VPCEndpointSecurityGroup", "AWS::EC2::SecurityGroup"))));
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

    private static (NewNode Vpc, NewNode Subnets, List<string> RouteTables) NewVpc(PlanContext context, FindingRef[] fixes)
    {
        var cidr = context.Parameter("VpcCidr", "String", "10.0.0.0/16", "Address range of the VPC the hardening adds (a /16: its subnets are /24s)");
        var vpc = context.Resource("VPC", "AWS::EC2::VPC", ResourceGroup.Network, fixes);
        var gateway = context.Resource("InternetGateway", "AWS::EC2::InternetGateway", ResourceGroup.Network, fixes);
        var attachment = context.Resource("InternetGatewayAttachment", "AWS::EC2::VPCGatewayAttachment", ResourceGroup.Network, fixes);
        if (vpc.IsNew && vpc.Properties.Count == 0)
        {
            vpc.Properties
                .Set("CidrBlock", Ref(cidr))
                .Set("EnableDnsSupport", Bool(true))
                .Set("EnableDnsHostnames", Bool(true))
                .Set("Tags", Infrastructure.NameTag(context, "vpc"));
        }

        if (gateway.IsNew && gateway.Properties.Count == 0)
        {
            gateway.Properties.Set("Tags", Infrastructure.NameTag(context, "igw"));
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
        var publicRoute = context.Resource("PublicDefaultRoute", "AWS::EC2::Route", ResourceGroup.Network, fixes);
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
            var eip = context.Resource($"NatGateway{zone + 1}EIP", "AWS::EC2::EIP", ResourceGroup.Network, fixes);
            if (eip.IsNew && eip.Properties.Count == 0)
            {
                eip.DependsOn.Add(attachment.Id);
                eip.Properties.Set("Domain", Str("vpc")).Set("Tags", Infrastructure.NameTag(context, $"nat-eip-{zone + 1}"));
            }

            var nat = context.Resource($"NatGateway{zone + 1}", "AWS::EC2::NatGateway", ResourceGroup.Network, fixes);
            if (nat.IsNew && nat.Properties.Count == 0)
            {
                nat.Properties
                    .Set("AllocationId", GetAtt(eip.Id, "AllocationId"))
                    .Set("SubnetId", Ref(publicSubnets[zone]))
                    .Set("Tags", Infrastructure.NameTag(context, $"nat-{zone + 1}"));
                nat.Facts["PublicIPv4"] = "1";
            }

            nats.Add(nat.Id);
        }

        var privateTables = new List<string>();
        for (var zone = 0; zone < 2; zone++)
        {
            var table = RouteTable(context, $"PrivateRouteTable{zone + 1}", vpc.Id, $"private-rt-{zone + 1}", fixes);
            var route = context.Resource($"PrivateDefaultRoute{zone + 1}", "AWS::EC2::Route", ResourceGroup.Network, fixes);
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

        return (Ref(vpc.Id), List(privateSubnets.Select(s => (NewNode)Ref(s))), privateTables);
    }

    private static string Subnet(PlanContext context, string id, string vpc, string cidr, int index, int zone, string kind, FindingRef[] fixes)
    {
        var subnet = context.Resource(id, "AWS::EC2::Subnet", ResourceGroup.Network, fixes);
        if (subnet.IsNew && subnet.Properties.Count == 0)
        {
            subnet.Properties
                .Set("VpcId", Ref(vpc))
                .Set("CidrBlock", Select(index, Cidr(Ref(cidr), 16, 8)))
                .Set("AvailabilityZone", Select(zone, GetAZs()))
                .Set("MapPublicIpOnLaunch", Bool(false))
                .Set("Tags", Infrastructure.NameTag(context, $"{kind}-{zone + 1}"));
        }

        return subnet.Id;
    }

    private static string RouteTable(PlanContext context, string id, string vpc, string name, FindingRef[] fixes)
    {
        var table = context.Resource(id, "AWS::EC2::RouteTable", ResourceGroup.Network, fixes);
        if (table.IsNew && table.Properties.Count == 0)
        {
            table.Properties.Set("VpcId", Ref(vpc)).Set("Tags", Infrastructure.NameTag(context, name));
        }

        return table.Id;
    }

    private static void Association(PlanContext context, string id, string subnet, string table, FindingRef[] fixes)
    {
        var association = context.Resource(id, "AWS::EC2::SubnetRouteTableAssociation", ResourceGroup.Network, fixes);
        if (association.IsNew && association.Properties.Count == 0)
        {
            association.Properties.Set("SubnetId", Ref(subnet)).Set("RouteTableId", Ref(table));
        }
    }
}
