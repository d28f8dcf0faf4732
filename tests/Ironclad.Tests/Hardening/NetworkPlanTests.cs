using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// Where the fix puts functions and what it names: one namespace for every added logical ID, a VPC
/// the template already has, Lambda Managed Instances, an existing VPC's endpoints, custom resources
/// run during the deploy, and the endpoints inferred from the input's permissions. Each from a
/// minimal template.
/// </summary>
public class NetworkPlanTests
{
    private const string Function = """
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}

        """;

    private const string PublicOnlyVpc = """
          AppVpc:
            Type: AWS::EC2::VPC
            Properties: {CidrBlock: 10.0.0.0/16}
          Igw:
            Type: AWS::EC2::InternetGateway
          IgwAttachment:
            Type: AWS::EC2::VPCGatewayAttachment
            Properties: {VpcId: !Ref AppVpc, InternetGatewayId: !Ref Igw}
          PublicRouteTable:
            Type: AWS::EC2::RouteTable
            Properties: {VpcId: !Ref AppVpc}
          PublicRoute:
            Type: AWS::EC2::Route
            Properties: {RouteTableId: !Ref PublicRouteTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
          PublicSubnet1RouteTableAssociation:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties: {SubnetId: !Ref PublicSubnet1, RouteTableId: !Ref PublicRouteTable}
          PublicSubnet2RouteTableAssociation:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties: {SubnetId: !Ref PublicSubnet2, RouteTableId: !Ref PublicRouteTable}

        """;

    // ---- one namespace ----

    [Theory]
    [InlineData("AWS::ApiGateway::Stage", "RestApiId: !Ref Api, StageName: prod, DeploymentId: !Ref Deployment")]
    [InlineData("AWS::ApiGatewayV2::Stage", "ApiId: !Ref Api, StageName: prod")]
    public void Should_Not_Add_A_Stage_Parameter_Beside_A_Stage_Resource(string type, string properties)
    {
        // Given an API stage resource named Stage
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function + $$"""
              Stage:
                Type: {{type}}
                Properties: {{{properties}}}

            """;

        // When it is fixed
        var plan = Plan(input);
        var output = plan.Apply();

        // Then the stage parameter has a fresh name, and every name the fix builds uses it
        Assert.Contains(plan.AddedParameters, p => p.Name == "HardeningStage");
        Assert.DoesNotContain(plan.AddedParameters, p => p.Name == "Stage");
        Assert.DoesNotContain("${Stage}", output, StringComparison.Ordinal);
        Assert.Contains("-lambda-dlq-${HardeningStage}", output, StringComparison.Ordinal);
        var hardened = Parse(output);
        Assert.Equal(type, hardened.FindResource("Stage")!.Type);
        Assert.Equal("String", hardened.Parameters["HardeningStage"].Type);
        Assert.StartsWith("sam build && sam deploy --resolve-s3 --capabilities CAPABILITY_IAM --parameter-overrides HardeningStage=dev ", plan.DeployCommand, StringComparison.Ordinal);
        Assert.Empty(Plan(output).Edits);
    }

    [Fact]
    public void Should_Give_Every_Added_Name_Taken_Elsewhere_A_Fresh_Name()
    {
        // Given names the fix would add, taken by an output, a condition and a mapping
        var input = "Transform: AWS::Serverless-2016-10-31\n" + """
            Mappings:
              VpcCidr:
                dev: {Range: 10.1.0.0/16}
            Conditions:
              HasAlarmEmail: !Equals [!Ref AWS::Region, us-east-1]
              LambdaConcurrencyLimit: !Equals [!Ref AWS::Region, eu-west-1]
            Resources:

            """ + Function + """
            Outputs:
              Stage:
                Value: prod
            """;

        var plan = Plan(input);
        var hardened = Parse(plan.Apply());

        // Then parameters get fresh names and the fix refers to them by those names
        Assert.Equal(
            ["AlarmEmail", "HardeningLambdaConcurrencyLimit", "HardeningStage", "HardeningVpcCidr"],
            plan.AddedParameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("HardeningLambdaConcurrencyLimit", RefName(((MappingNode)((MappingNode)hardened.Document.Root["Globals"]!)["Function"]!)["ReservedConcurrentExecutions"]));
        Assert.Equal("HardeningVpcCidr", RefName(hardened.FindResource("VPC")!.Properties!["CidrBlock"]));
        Assert.Equal("HardeningLambdaConcurrencyLimit", plan.DeployCommand.Split(' ').Single(p => p.Contains("LambdaConcurrencyLimit=", StringComparison.Ordinal)).Split('=')[0]);

        // And the user's condition HasAlarmEmail, which means something else, is left alone
        var conditions = (MappingNode)hardened.Document.Root["Conditions"]!;
        Assert.Equal(["HasAlarmEmail", "LambdaConcurrencyLimit", "HardeningHasAlarmEmail"], conditions.Entries.Select(e => e.Key.Value));
        Assert.True(Intrinsics.TryGetCall(conditions["HasAlarmEmail"], out var function, out var arguments));
        Assert.Equal(("Fn::Equals", "us-east-1"), (function, Scalar(((SequenceNode)arguments).Items[1])));
        Assert.Empty(Plan(plan.Apply()).Edits);
    }

    [Fact]
    public void Should_Reuse_Its_Own_Resources_When_Outputs_Name_Them()
    {
        // Given a hardened template whose author added outputs named after the added resources
        var hardened = Plan("Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function).Apply()
            + "Outputs:\n  LambdaKMSKey:\n    Value: !Ref LambdaKMSKey\n  VPC:\n    Value: !Ref VPC\n  Stage:\n    Value: !Ref Stage\n";

        // Then fixing it again changes nothing: same-type resources are the ones meant
        Assert.Empty(Plan(hardened).Edits);
    }

    // ---- a VPC the template defines ----

    [Fact]
    public void Should_Add_Private_Subnets_In_Free_Ranges_Of_A_Vpc_With_Only_Public_Subnets()
    {
        // Given a VPC with public subnets named as the fix names its own, already associated
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function + PublicOnlyVpc + """
              PublicSubnet1:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Select [0, !GetAZs '']}
              PublicSubnet2:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: 10.0.1.0/24, AvailabilityZone: !Select [1, !GetAZs '']}

            """;

        var plan = Plan(input);
        var hardened = Parse(plan.Apply());

        // Then no second VPC, gateway or range parameter; each subnet keeps one association
        Assert.DoesNotContain(plan.AddedResources, r => r.Type is "AWS::EC2::VPC" or "AWS::EC2::InternetGateway" or "AWS::EC2::VPCGatewayAttachment");
        Assert.DoesNotContain(plan.AddedParameters, p => p.Name.Contains("VpcCidr", StringComparison.Ordinal));
        AssertOneAssociationPerSubnet(hardened);

        // And two private subnets in the first free /24s, each behind a NAT gateway in a public subnet
        Assert.Equal(["10.0.2.0/24", "10.0.3.0/24"], Added(plan, hardened, "AWS::EC2::Subnet").Select(s => Scalar(s.Properties!["CidrBlock"])));
        Assert.Equal(["PublicSubnet1", "PublicSubnet2"], Added(plan, hardened, "AWS::EC2::NatGateway").Select(n => RefName(n.Properties!["SubnetId"])));
        Assert.All(Added(plan, hardened, "AWS::EC2::EIP"), e => Assert.Equal("IgwAttachment", Scalar(e.Node["DependsOn"])));
        Assert.Equal(["PrivateSubnet1", "PrivateSubnet2"], SubnetsOf(hardened, "Fn"));
        Assert.Equal("AppVpc", RefName(hardened.FindResource("LambdaSecurityGroup")!.Properties!["VpcId"]));
    }

    [Fact]
    public void Should_Derive_Free_Ranges_From_Cidr_Selections_Of_The_Vpc()
    {
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function + PublicOnlyVpc + """
              PublicSubnet1:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: !Select [0, !Cidr [!GetAtt AppVpc.CidrBlock, 4, 8]]}
              PublicSubnet2:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: !Select [2, !Cidr [10.0.0.0/16, 4, 8]]}

            """;

        var plan = Plan(input);
        var hardened = Parse(plan.Apply());

        Assert.Equal(["10.0.1.0/24", "10.0.3.0/24"], Added(plan, hardened, "AWS::EC2::Subnet").Select(s => Scalar(s.Properties!["CidrBlock"])));
        AssertOneAssociationPerSubnet(hardened);
    }

    [Fact]
    public void Should_Decline_When_The_Ranges_Of_The_Vpc_Are_Not_Literal()
    {
        var input = "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Range: {Type: String, Default: 10.0.0.0/16}\nResources:\n" + Function
            + PublicOnlyVpc.Replace("{CidrBlock: 10.0.0.0/16}", "{CidrBlock: !Ref Range}", StringComparison.Ordinal) + """
              PublicSubnet1:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: 10.0.0.0/24}
              PublicSubnet2:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: 10.0.1.0/24}

            """;

        var plan = Plan(input);

        var unfixed = Assert.Single(plan.Unfixed, u => u.Finding.RuleId == "IC1003");
        Assert.Equal("the template's VPC AppVpc has only public subnets and the VPC AppVpc's CidrBlock is not a literal range: add private subnets with a route to a NAT gateway by hand (the tool does not risk overlapping ranges)", unfixed.Reason);
        Assert.DoesNotContain(plan.AddedResources, r => r.Type.StartsWith("AWS::EC2::", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Use_The_Private_Subnets_Of_A_Vpc_Without_Internet_Gateway_And_Add_No_Way_Out()
    {
        // Given a private-by-design VPC: no internet gateway, subnets without a default route
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function + """
              Isolated:
                Type: AWS::EC2::VPC
                Properties: {CidrBlock: 10.9.0.0/16}
              IsolatedRouteTable:
                Type: AWS::EC2::RouteTable
                Properties: {VpcId: !Ref Isolated}
              SubnetA:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref Isolated, CidrBlock: 10.9.1.0/24}
              SubnetB:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref Isolated, CidrBlock: 10.9.2.0/24}
              SubnetAAssociation:
                Type: AWS::EC2::SubnetRouteTableAssociation
                Properties: {SubnetId: !Ref SubnetA, RouteTableId: !Ref IsolatedRouteTable}
              SubnetBAssociation:
                Type: AWS::EC2::SubnetRouteTableAssociation
                Properties: {SubnetId: !Ref SubnetB, RouteTableId: !Ref IsolatedRouteTable}

            """;

        var plan = Plan(input);
        var hardened = Parse(plan.Apply());

        // Then the functions use its subnets, with gateway endpoints on its route table, and no gateway or NAT
        Assert.Equal(["SubnetA", "SubnetB"], SubnetsOf(hardened, "Fn"));
        Assert.DoesNotContain(plan.AddedResources, r => r.Type is "AWS::EC2::VPC" or "AWS::EC2::InternetGateway" or "AWS::EC2::NatGateway" or "AWS::EC2::EIP" or "AWS::EC2::Subnet" or "AWS::EC2::SubnetRouteTableAssociation");
        Assert.Equal(["IsolatedRouteTable"], ((SequenceNode)hardened.FindResource("S3GatewayEndpoint")!.Properties!["RouteTableIds"]!).Items.Select(RefName));
        Assert.Contains(plan.Warnings, w => w.Message.StartsWith("The VPC Isolated has no route out of its private subnets (private by design)", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Put_Functions_Where_The_Template_s_Other_Functions_Already_Run()
    {
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function + """
              InVpc:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.other
                  CodeUri: src/
                  VpcConfig:
                    SecurityGroupIds: [!Ref AppGroup]
                    SubnetIds: [!Ref SubnetA, !Ref SubnetB]
              AppGroup:
                Type: AWS::EC2::SecurityGroup
                Properties: {GroupDescription: app, VpcId: !Ref AppVpc}
              AppVpc:
                Type: AWS::EC2::VPC
                Properties: {CidrBlock: 10.0.0.0/16}
              SubnetA:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: 10.0.1.0/24}
              SubnetB:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref AppVpc, CidrBlock: 10.0.2.0/24}

            """;

        var plan = Plan(input);
        var hardened = Parse(plan.Apply());

        Assert.Equal(["SubnetA", "SubnetB"], SubnetsOf(hardened, "Fn"));
        Assert.Equal(["AppGroup"], ((SequenceNode)((MappingNode)hardened.FindResource("Fn")!.Properties!["VpcConfig"]!)["SecurityGroupIds"]!).Items.Select(RefName));
        Assert.DoesNotContain(plan.AddedResources, r => r.Type is "AWS::EC2::VPC" or "AWS::EC2::NatGateway" or "AWS::EC2::Subnet" or "AWS::EC2::SecurityGroup" && r.LogicalId == "LambdaSecurityGroup");
        Assert.Contains(plan.Warnings, w => w.Message == "The functions put into a VPC join the subnets and security groups that InVpc already use (VPC AppVpc): no second VPC is created.");
    }

    // ---- Lambda Managed Instances ----

    [Fact]
    public void Should_Never_Give_A_Function_On_A_Capacity_Provider_A_VpcConfig()
    {
        var input = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                CapacityProviderConfig:
                  Arn: !GetAtt Provider.Arn
            Resources:
              Provider:
                Type: AWS::Serverless::CapacityProvider
              Fn:
                Type: AWS::Serverless::Function
                Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
            """;

        var plan = Plan(input);

        Assert.DoesNotContain(plan.Changes, c => c.Path.Contains("VpcConfig", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.AddedResources, r => r.Type.StartsWith("AWS::EC2::", StringComparison.Ordinal));
        var unfixed = Assert.Single(plan.Unfixed, u => u.Finding.RuleId == "IC1003");
        Assert.EndsWith("set VpcConfig (private subnets and a security group) on the capacity provider; the function itself cannot have one beside CapacityProviderConfig", unfixed.Reason, StringComparison.Ordinal);
    }

    // ---- an existing VPC named by parameters ----

    [Fact]
    public void Should_Add_No_Interface_Endpoint_To_An_Existing_Vpc_Unless_Asked()
    {
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function.Replace("CodeUri: src/}", "CodeUri: src/, Policies: [SQSSendMessagePolicy: {QueueName: q}]}", StringComparison.Ordinal);

        var plan = Plan(input, new HardeningOptions { Network = NetworkMode.Existing });

        Assert.DoesNotContain(plan.AddedResources, r => r.Type == "AWS::EC2::VPCEndpoint" || r.LogicalId == "VPCEndpointSecurityGroup");
        Assert.Contains(plan.Warnings, w => w.Message.StartsWith("Existing VPC: no interface endpoints are added (their private DNS would change how every workload", StringComparison.Ordinal)
            && w.Message.Contains("--endpoints sqs", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Admit_The_Whole_Vpc_To_Endpoints_Asked_For_In_An_Existing_Vpc()
    {
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function;

        var plan = Plan(input, new HardeningOptions { Network = NetworkMode.Existing, Endpoints = EndpointMode.List, EndpointServices = ["sqs"] });
        var hardened = Parse(plan.Apply());

        var ingress = (MappingNode)((SequenceNode)hardened.FindResource("VPCEndpointSecurityGroup")!.Properties!["SecurityGroupIngress"]!).Items.Single();
        Assert.Equal("VpcCidr", RefName(ingress["CidrIp"]));
        Assert.Null(ingress["SourceSecurityGroupId"]);
        Assert.Contains(plan.AddedParameters, p => p.Name == "VpcCidr" && p.Default is null);
        Assert.Contains("VpcCidr=<VpcCidr>", plan.DeployCommand, StringComparison.Ordinal);
        Assert.Contains(plan.Warnings, w => w.Message.Contains("their security group admits HTTPS from the whole VPC (parameter VpcCidr)", StringComparison.Ordinal));
    }

    // ---- custom resources ----

    [Fact]
    public void Should_Make_A_Custom_Resource_Wait_For_The_Way_Out_Of_Its_Handler()
    {
        var input = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + Function + """
              Seed:
                Type: Custom::Seed
                DependsOn: Table
                Properties:
                  ServiceToken: !GetAtt Fn.Arn
              Other:
                Type: AWS::CloudFormation::CustomResource
                Properties:
                  ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:elsewhere
              Table:
                Type: AWS::SNS::Topic

            """;

        var plan = Plan(input);
        var hardened = Parse(plan.Apply());

        Assert.Equal(
            ["Table", "PrivateDefaultRoute1", "PrivateDefaultRoute2", "S3GatewayEndpoint", "DynamoDBGatewayEndpoint"],
            ((SequenceNode)hardened.FindResource("Seed")!.Node["DependsOn"]!).Items.Select(Scalar));
        Assert.Null(hardened.FindResource("Other")!.Node["DependsOn"]);
    }

    // ---- endpoint inference ----

    [Fact]
    public void Should_Infer_Endpoints_Only_From_Calls_The_Function_s_Code_Makes()
    {
        var input = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Queue:
                Type: AWS::SQS::Queue
              Consumer:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Events:
                    Jobs:
                      Type: SQS
                      Properties: {Queue: !GetAtt Queue.Arn}
                  Policies:
                    - SQSPollerPolicy: {QueueName: !GetAtt Queue.QueueName}
                    - KinesisStreamReadPolicy: {StreamName: clicks}
                    - SNSPublishMessagePolicy: {TopicName: alerts}
                    - Statement:
                        - Effect: Allow
                          Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]
                          Resource: '*'
                        - Effect: Allow
                          Action: [sqs:ReceiveMessage, sqs:DeleteMessage, kinesis:GetRecords, kinesis:ListShards]
                          Resource: '*'
            """;

        var plan = Plan(input);

        var endpoint = Assert.Single(plan.Endpoints);
        Assert.Equal(("sns", "SnsEndpoint", "Consumer: SNSPublishMessagePolicy"), (endpoint.Service, endpoint.LogicalId, endpoint.Reasons.Single()));
        Assert.DoesNotContain(plan.AddedResources, r => r.LogicalId is "KmsEndpoint" or "SqsEndpoint" or "LogsEndpoint" or "KinesisStreamsEndpoint");
        Assert.Contains(plan.Warnings, w => w.Message == "Not counted for interface endpoints (the Lambda service does this outside the functions' network: event-source polling, log delivery): "
            + "Consumer: KinesisStreamReadPolicy; Consumer: SQSPollerPolicy; Consumer: kinesis:GetRecords; Consumer: kinesis:ListShards; Consumer: logs:CreateLogGroup; Consumer: logs:CreateLogStream; "
            + "Consumer: logs:PutLogEvents; Consumer: sqs:DeleteMessage; Consumer: sqs:ReceiveMessage.");
    }

    private static HardeningPlan Plan(string yaml, HardeningOptions? options = null) =>
        Hardener.Plan(Parse(yaml), options ?? new HardeningOptions());

    private static CfnTemplate Parse(string yaml) => CfnTemplate.From(TemplateDocument.Parse("template.yaml", yaml));

    private static List<ResourceDefinition> Added(HardeningPlan plan, CfnTemplate hardened, string type) =>
        plan.AddedResources.Where(r => r.Type == type).Select(r => hardened.FindResource(r.LogicalId)!).ToList();

    private static List<string?> SubnetsOf(CfnTemplate hardened, string function) =>
        ((SequenceNode)((MappingNode)hardened.FindResource(function)!.Properties!["VpcConfig"]!)["SubnetIds"]!).Items.Select(RefName).ToList();

    /// <summary>Two associations for one subnet fail at deploy.</summary>
    private static void AssertOneAssociationPerSubnet(CfnTemplate hardened)
    {
        var subnets = hardened.Resources.Where(r => r.Type == "AWS::EC2::SubnetRouteTableAssociation").Select(a => RefName(a.Properties!["SubnetId"])).ToList();
        Assert.Equal(subnets.Distinct().Count(), subnets.Count);
    }

    private static string Scalar(TemplateNode? node) => ((ScalarNode)node!).Value;

    private static string? RefName(TemplateNode? node) =>
        Intrinsics.TryGetCall(node, out var function, out var argument) && function == "Ref" ? ((ScalarNode)argument).Value : null;
}
