using Amazon.DynamoDBv2.Model;
using Amazon.EC2.Model;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Ironclad.Aws.Http;

namespace Ironclad.Aws.Tests.Support;

/// <summary>
/// A stack on moto with a compliant and a non-compliant resource of every kind verify checks.
/// moto's CloudFormation creates the resources (so the stack owns them) but applies few hardening
/// properties, so most settings are then made through the service APIs, as docs/design/verify.md (Testing) explains.
/// </summary>
public sealed class Scenario
{
    public const string StackName = "ironclad-verify";
    public const string Account = MotoServer.AccountId;

    // Key policies are JSON strings: moto's DescribeKey fails on an object KeyPolicy.
    private const string RootKeyPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"root\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

    public static readonly string Template = $$"""
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Resources": {
        "GoodKey": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true, "KeyPolicy": {{Quoted(RootKeyPolicy)}} } },
        "PlainKey": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": false, "KeyPolicy": {{Quoted(RootKeyPolicy)}} } },
        "GoodAlias": { "Type": "AWS::KMS::Alias", "Properties": { "AliasName": "alias/ic-good", "TargetKeyId": { "Ref": "GoodKey" } } },
        "DeadLetterQueue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "ic-dlq", "MessageRetentionPeriod": 1209600, "KmsMasterKeyId": { "Ref": "GoodKey" } } },
        "ShortDeadLetterQueue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "ic-dlq-short" } },
        "PlainQueue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "ic-plain" } },
        "GoodTable": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": "ic-good", "BillingMode": "PAY_PER_REQUEST",
          "AttributeDefinitions": [ { "AttributeName": "id", "AttributeType": "S" } ], "KeySchema": [ { "AttributeName": "id", "KeyType": "HASH" } ] } },
        "BadTable": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": "ic-bad", "BillingMode": "PAY_PER_REQUEST",
          "AttributeDefinitions": [ { "AttributeName": "id", "AttributeType": "S" } ], "KeySchema": [ { "AttributeName": "id", "KeyType": "HASH" } ] } },
        "SiteBucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "ic-site" } },
        "LogBucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "ic-logs" } },
        "ReplicaBucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "ic-replica" } },
        "BareBucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "ic-bare" } },
        "LeakyBucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "ic-leaky" } },
        "UnversionedBucket": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": "ic-unversioned" } },
        "FunctionRole": { "Type": "AWS::IAM::Role", "Properties": { "RoleName": "ic-function", "AssumeRolePolicyDocument": {{Trust("lambda")}} } },
        "IsolatedRole": { "Type": "AWS::IAM::Role", "Properties": { "RoleName": "ic-isolated", "AssumeRolePolicyDocument": {{Trust("lambda")}} } },
        "ReplicationRole": { "Type": "AWS::IAM::Role", "Properties": { "RoleName": "ic-replication", "AssumeRolePolicyDocument": {{Trust("s3")}} } },
        "WeakReplicationRole": { "Type": "AWS::IAM::Role", "Properties": { "RoleName": "ic-weak-replication", "AssumeRolePolicyDocument": {{Trust("s3")}} } },
        "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16", "EnableDnsSupport": true, "EnableDnsHostnames": true } },
        "PublicSubnet": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a" } },
        "PrivateSubnetA": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": "10.0.11.0/24", "AvailabilityZone": "us-east-1a" } },
        "PrivateSubnetB": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": "10.0.12.0/24", "AvailabilityZone": "us-east-1b" } },
        "IsolatedSubnet": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": "10.0.21.0/24", "AvailabilityZone": "us-east-1a" } },
        "InternetGateway": { "Type": "AWS::EC2::InternetGateway" },
        "GatewayAttachment": { "Type": "AWS::EC2::VPCGatewayAttachment", "Properties": { "VpcId": { "Ref": "Vpc" }, "InternetGatewayId": { "Ref": "InternetGateway" } } },
        "NatAddress": { "Type": "AWS::EC2::EIP", "DependsOn": "GatewayAttachment", "Properties": { "Domain": "vpc" } },
        "NatGateway": { "Type": "AWS::EC2::NatGateway", "Properties": { "SubnetId": { "Ref": "PublicSubnet" }, "AllocationId": { "Fn::GetAtt": [ "NatAddress", "AllocationId" ] } } },
        "PublicRouteTable": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
        "PublicRoute": { "Type": "AWS::EC2::Route", "DependsOn": "GatewayAttachment", "Properties": { "RouteTableId": { "Ref": "PublicRouteTable" }, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": { "Ref": "InternetGateway" } } },
        "PrivateRouteTable": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
        "PrivateRoute": { "Type": "AWS::EC2::Route", "Properties": { "RouteTableId": { "Ref": "PrivateRouteTable" }, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": { "Ref": "NatGateway" } } },
        "IsolatedRouteTable": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
        "LambdaSecurityGroup": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "functions", "VpcId": { "Ref": "Vpc" } } },
        "S3Endpoint": { "Type": "AWS::EC2::VPCEndpoint", "Properties": { "VpcId": { "Ref": "Vpc" }, "ServiceName": "com.amazonaws.us-east-1.s3", "VpcEndpointType": "Gateway",
          "RouteTableIds": [ { "Ref": "PrivateRouteTable" }, { "Ref": "IsolatedRouteTable" } ] } },
        "SqsEndpoint": { "Type": "AWS::EC2::VPCEndpoint", "Properties": { "VpcId": { "Ref": "Vpc" }, "ServiceName": "com.amazonaws.us-east-1.sqs", "VpcEndpointType": "Interface",
          "PrivateDnsEnabled": false, "SubnetIds": [ { "Ref": "IsolatedSubnet" } ], "SecurityGroupIds": [ { "Ref": "LambdaSecurityGroup" } ] } },
        "GoodFunction": { "Type": "AWS::Lambda::Function", "Properties": { "FunctionName": "ic-good", "Runtime": "python3.12", "Handler": "index.handler",
          "Role": { "Fn::GetAtt": [ "FunctionRole", "Arn" ] }, "Code": { "ZipFile": "def handler(e, c): return 1" }, "ReservedConcurrentExecutions": 5,
          "Environment": { "Variables": { "TABLE": "ic-good" } },
          "VpcConfig": { "SubnetIds": [ { "Ref": "PrivateSubnetA" }, { "Ref": "PrivateSubnetB" } ], "SecurityGroupIds": [ { "Ref": "LambdaSecurityGroup" } ] } } },
        "BadFunction": { "Type": "AWS::Lambda::Function", "Properties": { "FunctionName": "ic-bad", "Runtime": "python3.12", "Handler": "index.handler",
          "Role": { "Fn::GetAtt": [ "FunctionRole", "Arn" ] }, "Code": { "ZipFile": "def handler(e, c): return 1" },
          "Environment": { "Variables": { "TABLE": "ic-bad", "LEGACY_KEY": "AKIAIOSFODNN7EXAMPLE" } } } },
        "IsolatedFunction": { "Type": "AWS::Lambda::Function", "Properties": { "FunctionName": "ic-isolated", "Runtime": "python3.12", "Handler": "index.handler",
          "Role": { "Fn::GetAtt": [ "IsolatedRole", "Arn" ] }, "Code": { "ZipFile": "def handler(e, c): return 1" }, "ReservedConcurrentExecutions": 2,
          "Environment": { "Variables": { "TABLE": "ic-good" } },
          "VpcConfig": { "SubnetIds": [ { "Ref": "IsolatedSubnet" } ], "SecurityGroupIds": [ { "Ref": "LambdaSecurityGroup" } ] } } }
      }
    }
    """;

    private Scenario(Dictionary<string, string> physicalIds) => PhysicalIds = physicalIds;

    /// <summary>Logical ID → physical ID, from the stack.</summary>
    public IReadOnlyDictionary<string, string> PhysicalIds { get; }

    public string KeyArn(string logicalId) => $"arn:aws:kms:us-east-1:{Account}:key/{PhysicalIds[logicalId]}";

    public static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";

    /// <summary>
    /// What moto does not keep for Lambda, answered from the stub: the dead-letter target and the
    /// environment key of the VPC functions (added to moto's real GetFunctionConfiguration answer),
    /// and GetAccountSettings, which moto does not implement.
    /// </summary>
    public Func<StubRequest, Func<Task<StubResponse>>, Task<StubResponse>> LambdaStub(int unreserved = 993) => async (request, forward) =>
    {
        if (request.Method == "GET" && request.PathAndQuery.StartsWith("/2016-08-19/account-settings", StringComparison.Ordinal))
        {
            return AwsStub.Json($$$"""{"AccountLimit":{"TotalCodeSize":80530636800,"CodeSizeUnzipped":262144000,"CodeSizeZipped":52428800,"ConcurrentExecutions":1000,"UnreservedConcurrentExecutions":{{{unreserved}}}},"AccountUsage":{"TotalCodeSize":1024,"FunctionCount":3}}""");
        }

        var response = await forward().ConfigureAwait(false);
        var additions = request.PathAndQuery switch
        {
            "/2015-03-31/functions/ic-good/configuration" => $"\"DeadLetterConfig\":{{\"TargetArn\":\"{QueueArn("ic-dlq")}\"}},\"KMSKeyArn\":\"{KeyArn("GoodKey")}\",",
            "/2015-03-31/functions/ic-isolated/configuration" => $"\"DeadLetterConfig\":{{\"TargetArn\":\"{QueueArn("ic-dlq-short")}\"}},\"KMSKeyArn\":\"{KeyArn("PlainKey")}\",",
            _ => null,
        };
        return additions is null || response.Status != 200
            ? response
            : response with { Body = "{" + additions + response.Body.TrimStart()[1..] };
    };

    public static async Task<Scenario> CreateAsync(MotoSetup aws)
    {
        await aws.Query("cloudformation", "CreateStack", "2010-05-15", ("StackName", StackName), ("TemplateBody", Template), ("Capabilities.member.1", "CAPABILITY_NAMED_IAM")).ConfigureAwait(false);
        var listed = await aws.Query("cloudformation", "ListStackResources", "2010-05-15", ("StackName", StackName)).ConfigureAwait(false);
        var ids = listed.Descendants().Where(e => e.Name.LocalName == "member")
            .ToDictionary(m => m.ChildText("LogicalResourceId")!, m => m.ChildText("PhysicalResourceId") ?? string.Empty, StringComparer.Ordinal);
        var scenario = new Scenario(ids);
        await scenario.Configure(aws).ConfigureAwait(false);
        return scenario;
    }

    private static string Quoted(string json) => System.Text.Json.JsonSerializer.Serialize(json);

    private static string Trust(string service) =>
        $$"""{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "{{service}}.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }""";

    private async Task Configure(MotoSetup aws)
    {
        // DynamoDB: moto applies SSE neither through CloudFormation nor UpdateTable, only on
        // CreateTable; the table is recreated under the stack's physical ID, so the stack owns it.
        await aws.Dynamo.DeleteTableAsync("ic-good").ConfigureAwait(false);
        await aws.Dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "ic-good",
            BillingMode = "PAY_PER_REQUEST",
            AttributeDefinitions = [new AttributeDefinition("id", "S")],
            KeySchema = [new KeySchemaElement("id", "HASH")],
            SSESpecification = new SSESpecification { Enabled = true, SSEType = "KMS", KMSMasterKeyId = KeyArn("GoodKey") },
        }).ConfigureAwait(false);
        await aws.Dynamo.UpdateContinuousBackupsAsync(new UpdateContinuousBackupsRequest
        {
            TableName = "ic-good",
            PointInTimeRecoverySpecification = new PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled = true },
        }).ConfigureAwait(false);

        // SQS: new queues get SSE-SQS by default; the plain queue turns it off.
        await aws.Sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest
        {
            QueueUrl = PhysicalIds["PlainQueue"],
            Attributes = new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "false" },
        }).ConfigureAwait(false);

        await ConfigureBuckets(aws).ConfigureAwait(false);

        // IAM: moto's CloudFormation stores inline policies as Python text, not JSON.
        await PutRolePolicy(aws, "ic-function", $$"""
            [{"Effect":"Allow","Action":"kms:Decrypt","Resource":"{{KeyArn("GoodKey")}}"},
             {"Effect":"Allow","Action":["sqs:SendMessage","dynamodb:GetItem"],"Resource":"*"}]
            """).ConfigureAwait(false);
        await PutRolePolicy(aws, "ic-isolated", """[{"Effect":"Allow","Action":["sqs:SendMessage","dynamodb:GetItem","logs:PutLogEvents"],"Resource":"*"}]""").ConfigureAwait(false);
        await PutRolePolicy(aws, "ic-replication", """
            [{"Effect":"Allow","Action":["s3:GetReplicationConfiguration","s3:ListBucket"],"Resource":"arn:aws:s3:::ic-site"},
             {"Effect":"Allow","Action":["s3:GetObjectVersionForReplication","s3:GetObjectVersionAcl","s3:GetObjectVersionTagging"],"Resource":"arn:aws:s3:::ic-site/*"},
             {"Effect":"Allow","Action":["s3:ReplicateObject","s3:ReplicateDelete","s3:ReplicateTags"],"Resource":"arn:aws:s3:::ic-replica/*"}]
            """).ConfigureAwait(false);
        await PutRolePolicy(aws, "ic-weak-replication", """[{"Effect":"Allow","Action":["s3:GetReplicationConfiguration","s3:ListBucket"],"Resource":"arn:aws:s3:::ic-leaky"}]""").ConfigureAwait(false);

        // EC2: moto hides CloudFormation's route table associations and ignores EnableDnsHostnames.
        foreach (var (table, subnet) in new[] { ("PrivateRouteTable", "PrivateSubnetA"), ("PrivateRouteTable", "PrivateSubnetB"), ("IsolatedRouteTable", "IsolatedSubnet"), ("PublicRouteTable", "PublicSubnet") })
        {
            await aws.Ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = PhysicalIds[table], SubnetId = PhysicalIds[subnet] }).ConfigureAwait(false);
        }

        await aws.Ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = PhysicalIds["Vpc"], EnableDnsHostnames = true }).ConfigureAwait(false);

        // CloudWatch: moto's CloudFormation skips AWS::CloudWatch::Alarm. The short DLQ gets the
        // guide's alarm, on a metric that does not exist.
        await PutAlarm(aws, "ic-dlq-alarm", "ApproximateNumberOfMessagesVisible", "ic-dlq").ConfigureAwait(false);
        await PutAlarm(aws, "Lambda-DLQ-Messages", "ApproximateNumberOfVisibleMessages", "ic-dlq-short").ConfigureAwait(false);
    }

    private static async Task ConfigureBuckets(MotoSetup aws)
    {
        foreach (var bucket in new[] { "ic-site", "ic-logs", "ic-replica", "ic-leaky" })
        {
            await aws.S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } }).ConfigureAwait(false);
        }

        foreach (var bucket in new[] { "ic-site", "ic-logs" })
        {
            await aws.S3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 } }],
                },
            }).ConfigureAwait(false);
            await aws.S3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
            {
                BucketName = bucket,
                PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { BlockPublicAcls = true, IgnorePublicAcls = true, BlockPublicPolicy = true, RestrictPublicBuckets = true },
            }).ConfigureAwait(false);
            await aws.S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
            {
                BucketName = bucket,
                Configuration = new LifecycleConfiguration
                {
                    Rules = [new LifecycleRule { Id = "old-versions", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = string.Empty } }, NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 90 } }],
                },
            }).ConfigureAwait(false);
        }

        const string TlsOnly = """{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}""";
        await aws.S3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = "ic-site", Policy = """{"Version":"2012-10-17","Statement":[""" + TlsOnly.Replace("BUCKET", "ic-site", StringComparison.Ordinal) + "]}" }).ConfigureAwait(false);
        await aws.S3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = "ic-logs",
            Policy = """{"Version":"2012-10-17","Statement":[{"Sid":"Logs","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::ic-logs/*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}},"""
                + TlsOnly.Replace("BUCKET", "ic-logs", StringComparison.Ordinal) + "]}",
        }).ConfigureAwait(false);

        // moto insists on the log-delivery ACL on the target before it accepts a logging configuration.
        await aws.S3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = "ic-logs", ACL = S3CannedACL.LogDeliveryWrite }).ConfigureAwait(false);
        await aws.S3.PutBucketLoggingAsync(new PutBucketLoggingRequest
        {
            BucketName = "ic-site",
            LoggingConfig = new S3BucketLoggingConfig { TargetBucketName = "ic-logs", TargetPrefix = "site-access-logs/" },
        }).ConfigureAwait(false);

        await aws.S3.PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = "ic-site",
            Configuration = Replication("ic-replication", "ic-replica"),
        }).ConfigureAwait(false);
        await aws.S3.PutBucketReplicationAsync(new PutBucketReplicationRequest
        {
            BucketName = "ic-leaky",
            Configuration = Replication("ic-weak-replication", "ic-unversioned"),
        }).ConfigureAwait(false);
    }

    private static ReplicationConfiguration Replication(string role, string destination) => new()
    {
        Role = $"arn:aws:iam::{Account}:role/{role}",
        Rules =
        [
            new ReplicationRule
            {
                Id = "all",
                Priority = 1,
                Status = ReplicationRuleStatus.Enabled,
                Filter = new ReplicationRuleFilter { Prefix = string.Empty },
                DeleteMarkerReplication = new DeleteMarkerReplication { Status = DeleteMarkerReplicationStatus.Disabled },
                Destination = new ReplicationDestination { BucketArn = "arn:aws:s3:::" + destination, StorageClass = S3StorageClass.StandardInfrequentAccess },
            },
        ],
    };

    private static Task<System.Xml.Linq.XElement> PutRolePolicy(MotoSetup aws, string role, string statements) =>
        aws.Query("iam", "PutRolePolicy", "2010-05-08", ("RoleName", role), ("PolicyName", "app"), ("PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}"));

    private static Task<System.Xml.Linq.XElement> PutAlarm(MotoSetup aws, string name, string metric, string queue) =>
        aws.Query(
            "monitoring",
            "PutMetricAlarm",
            "2010-08-01",
            ("AlarmName", name),
            ("MetricName", metric),
            ("Namespace", "AWS/SQS"),
            ("Statistic", "Sum"),
            ("Period", "300"),
            ("EvaluationPeriods", "1"),
            ("Threshold", "1"),
            ("ComparisonOperator", "GreaterThanOrEqualToThreshold"),
            ("Dimensions.member.1.Name", "QueueName"),
            ("Dimensions.member.1.Value", queue));
}
