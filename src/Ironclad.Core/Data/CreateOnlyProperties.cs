namespace Ironclad.Core.Data;

/// <summary>
/// Properties that CloudFormation cannot change in place: an update replaces the resource. For every
/// resource type that <c>fix</c> edits or adds, from the CloudFormation resource schemas bundled with
/// cfn-lint 1.51 (us-east-1 provider schemas: <c>createOnlyProperties</c> plus
/// <c>conditionalCreateOnlyProperties</c>, which replace the resource in some updates and so count as
/// create-only). The two SAM types list what their generated resources make create-only.
/// </summary>
/// <remarks>
/// Regenerate a CloudFormation entry from cfn-lint's package folder <c>data/schemas</c>:
/// <code>
/// import json, runpy; types = runpy.run_path("providers/us_east_1.py")["types"]
/// s = json.load(open(f"resources/{types['AWS::S3::Bucket']}.json"))
/// print([p[12:] for p in s.get("createOnlyProperties", []) + s.get("conditionalCreateOnlyProperties", [])])
/// </code>
/// </remarks>
public static class CreateOnlyProperties
{
    private static readonly Dictionary<string, string[]> ByType = new(System.StringComparer.Ordinal)
    {
        ["AWS::ApiGateway::Account"] = [],
        ["AWS::ApiGateway::Stage"] = ["RestApiId", "StageName"],
        ["AWS::ApiGatewayV2::Stage"] = ["StageName", "ApiId"],
        ["AWS::CloudFront::Distribution"] = [],
        ["AWS::CloudFront::OriginAccessControl"] = [],
        ["AWS::CloudWatch::Alarm"] = ["AlarmName"],
        ["AWS::DynamoDB::GlobalTable"] = ["TableName", "LocalSecondaryIndexes", "GlobalTableSourceArn", "KeySchema"],
        ["AWS::DynamoDB::Table"] = ["TableName", "ImportSourceSpecification", "KeySchema"],
        ["AWS::EC2::EIP"] = ["NetworkBorderGroup", "TransferAddress", "IpamPoolId", "Address"],
        ["AWS::EC2::InternetGateway"] = [],
        ["AWS::EC2::NatGateway"] = ["VpcId", "SubnetId", "ConnectivityType", "AllocationId", "PrivateIpAddress", "AvailabilityMode"],
        ["AWS::EC2::Route"] = ["RouteTableId", "DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"],
        ["AWS::EC2::RouteTable"] = ["VpcId"],
        ["AWS::EC2::SecurityGroup"] = ["GroupDescription", "GroupName", "VpcId"],
        ["AWS::EC2::Subnet"] = ["VpcId", "AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "OutpostArn", "Ipv6Native", "Ipv4IpamPoolId", "Ipv4NetmaskLength", "Ipv6IpamPoolId", "Ipv6NetmaskLength", "Ipv6CidrBlock"],
        ["AWS::EC2::SubnetRouteTableAssociation"] = ["SubnetId", "RouteTableId"],
        ["AWS::EC2::VPC"] = ["CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength", "InstanceTenancy"],
        ["AWS::EC2::VPCEndpoint"] = ["ServiceName", "VpcEndpointType", "VpcId", "ServiceNetworkArn", "ResourceConfigurationArn", "ServiceRegion", "DnsOptions/PrivateDnsPreference", "DnsOptions/PrivateDnsSpecifiedDomains"],
        ["AWS::EC2::VPCGatewayAttachment"] = ["VpcId"],
        ["AWS::IAM::Policy"] = [],
        ["AWS::IAM::Role"] = ["Path", "RoleName"],
        ["AWS::KMS::Alias"] = ["AliasName"],
        ["AWS::KMS::Key"] = [],
        ["AWS::Lambda::Function"] = ["FunctionName", "PackageType", "TenancyConfig", "DurableConfig"],
        ["AWS::Lambda::Permission"] = ["FunctionName", "FunctionUrlAuthType", "InvokedViaFunctionUrl", "SourceAccount", "SourceArn", "Principal", "PrincipalOrgID", "Action", "EventSourceToken"],
        ["AWS::Logs::LogGroup"] = ["LogGroupName"],
        ["AWS::S3::Bucket"] = ["BucketName", "BucketNamePrefix", "BucketNamespace"],
        ["AWS::S3::BucketPolicy"] = ["Bucket"],
        ["AWS::SNS::Subscription"] = ["Endpoint", "Protocol", "TopicArn", "Region"],
        ["AWS::SNS::Topic"] = ["TopicName", "FifoTopic"],
        ["AWS::SQS::Queue"] = ["FifoQueue", "QueueName"],
        ["AWS::SecretsManager::Secret"] = ["Name"],
        ["AWS::StepFunctions::StateMachine"] = ["StateMachineName", "StateMachineType"],
        ["AWS::Serverless::Api"] = ["StageName"],
        ["AWS::Serverless::Function"] = ["FunctionName", "PackageType"],
        ["AWS::Serverless::HttpApi"] = ["StageName"],
        ["AWS::Serverless::SimpleTable"] = ["TableName", "PrimaryKey"],
        ["AWS::Serverless::StateMachine"] = ["Name", "Type"],
    };

    /// <summary>
    /// Types whose replacement loses nothing: they hold no data and no name, so CloudFormation creates the
    /// new one before it deletes the old (a Lambda permission is a statement of the function's resource
    /// policy, and for a moment both statements allow the call). Fix may set their create-only properties.
    /// </summary>
    private static readonly HashSet<string> ReplacedWithoutLoss = new(System.StringComparer.Ordinal) { "AWS::Lambda::Permission" };

    /// <summary>True when replacing a resource of the type loses nothing (see <see cref="ReplacedWithoutLoss"/>).</summary>
    public static bool IsReplacedWithoutLoss(string resourceType) => ReplacedWithoutLoss.Contains(resourceType);

    /// <summary>The resource types the list covers.</summary>
    public static IEnumerable<string> Types => ByType.Keys;

    /// <summary>The create-only property paths of a type (slash-separated below <c>Properties</c>); null for a type not covered.</summary>
    public static IReadOnlyList<string>? For(string resourceType) => ByType.GetValueOrDefault(resourceType);

    /// <summary>
    /// True when setting <paramref name="path"/> (property names below <c>Properties</c>) would touch a
    /// create-only property: the path is one, lies below one, or contains one.
    /// </summary>
    public static bool Touches(string resourceType, IReadOnlyList<string> path)
    {
        if (For(resourceType) is not { } list)
        {
            return false;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (Related(list[i], path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="path"/> joined by <c>/</c> is <paramref name="property"/>, lies below it or contains it.
    /// The joined path is walked, not built: the plan checks every edit (tens of thousands in a large template), and
    /// building it and its prefixes for each listed property was a string per comparison.
    /// </summary>
    private static bool Related(string property, IReadOnlyList<string> path)
    {
        var i = 0;
        for (var s = 0; s < path.Count; s++)
        {
            if (s > 0)
            {
                if (i == property.Length)
                {
                    // The path goes on with a '/': it lies below the property.
                    return true;
                }

                if (property[i] != '/')
                {
                    return false;
                }

                i++;
            }

            var segment = path[s];
            for (var c = 0; c < segment.Length; c++)
            {
                if (i == property.Length)
                {
                    return segment[c] == '/';
                }

                if (property[i] != segment[c])
                {
                    return false;
                }

                i++;
            }
        }

        // The whole path matched: it is the property, or the property lies below it.
        return i == property.Length || property[i] == '/';
    }
}
