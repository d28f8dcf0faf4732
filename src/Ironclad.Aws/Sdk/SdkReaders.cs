using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ironclad.Core.Verification;
using Ec2Filter = Amazon.EC2.Model.Filter;
using LiveLifecycleRule = Ironclad.Core.Verification.LifecycleRule;
using LiveReplicationRule = Ironclad.Core.Verification.ReplicationRule;

namespace Ironclad.Aws.Sdk;

// Readers backed by the official AWS SDK for .NET v4 clients. SDK v4 leaves unset collections and
// value types null, hence the null-coalescing throughout.

internal sealed class KmsReader(IAmazonKeyManagementService kms) : IKmsReader
{
    public Task<KeyDescription> DescribeKeyAsync(string keyId, CancellationToken cancellationToken) =>
        SdkCall.Run("DescribeKey", async () =>
        {
            var m = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyMetadata;
            return new KeyDescription(m.KeyId, m.Arn, m.KeyManager?.Value ?? "CUSTOMER", m.KeyState?.Value ?? "Unknown", m.KeySpec?.Value ?? "SYMMETRIC_DEFAULT", m.Origin?.Value ?? "AWS_KMS");
        });

    public Task<bool> GetKeyRotationStatusAsync(string keyId, CancellationToken cancellationToken) =>
        SdkCall.Run("GetKeyRotationStatus", async () =>
            (await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false)).KeyRotationEnabled == true);

    public Task<string> GetKeyPolicyAsync(string keyId, CancellationToken cancellationToken) =>
        SdkCall.Run("GetKeyPolicy", async () =>
            (await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId, PolicyName = "default" }, cancellationToken).ConfigureAwait(false)).Policy ?? "{}");
}

internal sealed class DynamoDbReader(IAmazonDynamoDB dynamo) : IDynamoDbReader
{
    public Task<TableEncryption?> DescribeTableEncryptionAsync(string tableName, CancellationToken cancellationToken) =>
        SdkCall.Run<TableEncryption?>("DescribeTable", async () =>
        {
            var sse = (await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table.SSEDescription;
            return sse is null ? null : new TableEncryption(sse.Status?.Value, sse.SSEType?.Value, sse.KMSMasterKeyArn);
        });

    public Task<string> DescribePointInTimeRecoveryAsync(string tableName, CancellationToken cancellationToken) =>
        SdkCall.Run("DescribeContinuousBackups", async () =>
            (await dynamo.DescribeContinuousBackupsAsync(new DescribeContinuousBackupsRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false))
                .ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus?.Value ?? "DISABLED");

    public Task<bool> DescribeTableDeletionProtectionAsync(string tableName, CancellationToken cancellationToken) =>
        SdkCall.Run("DescribeTable", async () =>
            (await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false)).Table.DeletionProtectionEnabled == true);
}

internal sealed partial class S3Reader(IAmazonS3 s3) : IS3Reader
{
    [System.Text.RegularExpressions.GeneratedRegex("<Code>([^<]+)</Code>")]
    private static partial System.Text.RegularExpressions.Regex ErrorCode();

    public Task<IReadOnlyList<BucketEncryptionRule>?> GetBucketEncryptionAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<BucketEncryptionRule>?>(
            "GetBucketEncryption",
            async () => (await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false))
                .ServerSideEncryptionConfiguration?.ServerSideEncryptionRules?
                .Select(r => new BucketEncryptionRule(r.ServerSideEncryptionByDefault?.ServerSideEncryptionAlgorithm?.Value ?? string.Empty, r.ServerSideEncryptionByDefault?.ServerSideEncryptionKeyManagementServiceKeyId))
                .ToList(),
            null,
            "ServerSideEncryptionConfigurationNotFoundError");

    public Task<string?> GetBucketVersioningAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run("GetBucketVersioning", async () =>
        {
            var status = (await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).VersioningConfig?.Status?.Value;
            return status is null || status == VersionStatus.Off.Value ? null : status;
        });

    public Task<BucketLogging?> GetBucketLoggingAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run("GetBucketLogging", async () =>
        {
            var config = (await s3.GetBucketLoggingAsync(new GetBucketLoggingRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).BucketLoggingConfig;
            return config?.TargetBucketName is { Length: > 0 } target ? new BucketLogging(target, config.TargetPrefix) : null;
        });

    public Task<BucketReplication?> GetBucketReplicationAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run<BucketReplication?>(
            "GetBucketReplication",
            async () =>
            {
                var config = (await s3.GetBucketReplicationAsync(new GetBucketReplicationRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).Configuration;
                return config is null
                    ? null
                    : new BucketReplication(config.Role, (config.Rules ?? []).Select(r => new LiveReplicationRule(r.Id, r.Status?.Value ?? "Disabled", r.Destination?.BucketArn)).ToList());
            },
            null,
            "ReplicationConfigurationNotFoundError");

    public Task<PublicAccessBlock?> GetPublicAccessBlockAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run<PublicAccessBlock?>(
            "GetPublicAccessBlock",
            async () =>
            {
                var c = (await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).PublicAccessBlockConfiguration;
                return c is null ? null : new PublicAccessBlock(c.BlockPublicAcls == true, c.IgnorePublicAcls == true, c.BlockPublicPolicy == true, c.RestrictPublicBuckets == true);
            },
            null,
            "NoSuchPublicAccessBlockConfiguration");

    public Task<string?> GetBucketPolicyAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run(
            "GetBucketPolicy",
            async () =>
            {
                var response = await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
                if (response.HttpStatusCode == System.Net.HttpStatusCode.OK)
                {
                    return response.Policy is { Length: > 0 } p ? p : null;
                }

                // SDK v4 hands an error answer to GetBucketPolicy back as the "policy" text instead of throwing.
                var code = ErrorCode().Match(response.Policy ?? string.Empty) is { Success: true } m ? m.Groups[1].Value : "HTTP" + (int)response.HttpStatusCode;
                return code == "NoSuchBucketPolicy"
                    ? null
                    : throw new AwsCallException("GetBucketPolicy", response.HttpStatusCode == System.Net.HttpStatusCode.Forbidden ? AwsErrorKind.AccessDenied : AwsErrorKind.Failed, code, "GetBucketPolicy answered " + (int)response.HttpStatusCode);
            },
            null,
            "NoSuchBucketPolicy");

    public Task<IReadOnlyList<LiveLifecycleRule>?> GetBucketLifecycleAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<LiveLifecycleRule>?>(
            "GetBucketLifecycleConfiguration",
            async () => ((await s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).Configuration?.Rules ?? [])
                .Select(r => new LiveLifecycleRule(r.Id, r.Status?.Value ?? "Disabled", r.NoncurrentVersionExpiration?.NoncurrentDays))
                .ToList(),
            null,
            "NoSuchLifecycleConfiguration");

    public Task<IReadOnlyList<BucketGrant>> GetBucketAclAsync(string bucket, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<BucketGrant>>("GetBucketAcl", async () =>
            ((await s3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false)).Grants ?? [])
                .Select(g => new BucketGrant(g.Grantee?.URI ?? g.Grantee?.CanonicalUser ?? string.Empty, g.Permission?.Value ?? string.Empty))
                .ToList());
}

internal sealed class SqsReader(IAmazonSQS sqs) : ISqsReader
{
    public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyDictionary<string, string>>("GetQueueAttributes", async () =>
            (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] }, cancellationToken).ConfigureAwait(false)).Attributes
                ?? new Dictionary<string, string>());
}

internal sealed class StsReader(IAmazonSecurityTokenService sts) : IStsReader
{
    public Task<string> GetAccountIdAsync(CancellationToken cancellationToken) =>
        SdkCall.Run("GetCallerIdentity", async () =>
            (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false)).Account);
}

internal sealed class Ec2Reader(IAmazonEC2 ec2) : IEc2Reader
{
    public Task<IReadOnlyList<Ironclad.Core.Verification.Vpc>> DescribeVpcsAsync(IReadOnlyList<string> vpcIds, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<Ironclad.Core.Verification.Vpc>>(
            "DescribeVpcs",
            async () => ((await ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [.. vpcIds] }, cancellationToken).ConfigureAwait(false)).Vpcs ?? [])
                .Select(v => new Ironclad.Core.Verification.Vpc(v.VpcId, v.State?.Value ?? "unknown"))
                .ToList(),
            [],
            "InvalidVpcID.NotFound");

    public Task<VpcDns> DescribeVpcDnsAsync(string vpcId, CancellationToken cancellationToken) =>
        SdkCall.Run("DescribeVpcAttribute", async () =>
        {
            var support = await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpcId, Attribute = VpcAttributeName.EnableDnsSupport }, cancellationToken).ConfigureAwait(false);
            var hostnames = await ec2.DescribeVpcAttributeAsync(new DescribeVpcAttributeRequest { VpcId = vpcId, Attribute = VpcAttributeName.EnableDnsHostnames }, cancellationToken).ConfigureAwait(false);
            return new VpcDns(support.EnableDnsSupport == true, hostnames.EnableDnsHostnames == true);
        });

    public Task<IReadOnlyList<Ironclad.Core.Verification.Subnet>> DescribeSubnetsAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<Ironclad.Core.Verification.Subnet>>(
            "DescribeSubnets",
            async () => ((await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [.. subnetIds] }, cancellationToken).ConfigureAwait(false)).Subnets ?? [])
                .Select(s => new Ironclad.Core.Verification.Subnet(s.SubnetId, s.VpcId, s.AvailabilityZone))
                .ToList(),
            [],
            "InvalidSubnetID.NotFound");

    public Task<IReadOnlyList<Ironclad.Core.Verification.RouteTable>> DescribeRouteTablesAsync(string vpcId, CancellationToken cancellationToken) =>
        RouteTables(new DescribeRouteTablesRequest { Filters = [new Ec2Filter("vpc-id", [vpcId])] }, cancellationToken);

    public Task<IReadOnlyList<Ironclad.Core.Verification.RouteTable>> DescribeRouteTablesByIdAsync(IReadOnlyList<string> routeTableIds, CancellationToken cancellationToken) =>
        RouteTables(new DescribeRouteTablesRequest { RouteTableIds = [.. routeTableIds] }, cancellationToken);

    public Task<IReadOnlyList<Ironclad.Core.Verification.NatGateway>> DescribeNatGatewaysAsync(string vpcId, CancellationToken cancellationToken) =>
        NatGateways(new DescribeNatGatewaysRequest { Filter = [new Ec2Filter("vpc-id", [vpcId])] }, cancellationToken);

    public Task<IReadOnlyList<Ironclad.Core.Verification.NatGateway>> DescribeNatGatewaysByIdAsync(IReadOnlyList<string> natGatewayIds, CancellationToken cancellationToken) =>
        NatGateways(new DescribeNatGatewaysRequest { NatGatewayIds = [.. natGatewayIds] }, cancellationToken);

    public Task<IReadOnlyList<Ironclad.Core.Verification.VpcEndpoint>> DescribeVpcEndpointsAsync(string vpcId, CancellationToken cancellationToken) =>
        Endpoints(new DescribeVpcEndpointsRequest { Filters = [new Ec2Filter("vpc-id", [vpcId])] }, cancellationToken);

    public Task<IReadOnlyList<Ironclad.Core.Verification.VpcEndpoint>> DescribeVpcEndpointsByIdAsync(IReadOnlyList<string> endpointIds, CancellationToken cancellationToken) =>
        Endpoints(new DescribeVpcEndpointsRequest { VpcEndpointIds = [.. endpointIds] }, cancellationToken);

    private Task<IReadOnlyList<Ironclad.Core.Verification.RouteTable>> RouteTables(DescribeRouteTablesRequest request, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<Ironclad.Core.Verification.RouteTable>>(
            "DescribeRouteTables",
            async () =>
            {
                var all = new List<Ironclad.Core.Verification.RouteTable>();
                do
                {
                    var response = await ec2.DescribeRouteTablesAsync(request, cancellationToken).ConfigureAwait(false);
                    all.AddRange((response.RouteTables ?? []).Select(t => new Ironclad.Core.Verification.RouteTable(
                        t.RouteTableId,
                        t.VpcId,
                        (t.Associations ?? []).Any(a => a.Main == true),
                        (t.Associations ?? []).Select(a => a.SubnetId).OfType<string>().ToList(),
                        (t.Routes ?? []).Select(r => new Ironclad.Core.Verification.Route(
                            r.DestinationCidrBlock,
                            r.NatGatewayId,
                            r.GatewayId,
                            r.State?.Value,
                            r.TransitGatewayId ?? r.InstanceId ?? r.NetworkInterfaceId ?? r.VpcPeeringConnectionId ?? r.LocalGatewayId ?? r.CoreNetworkArn)).ToList())));
                    request.NextToken = response.NextToken;
                }
                while (!string.IsNullOrEmpty(request.NextToken));
                return all;
            },
            [],
            "InvalidRouteTableID.NotFound");

    private Task<IReadOnlyList<Ironclad.Core.Verification.NatGateway>> NatGateways(DescribeNatGatewaysRequest request, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<Ironclad.Core.Verification.NatGateway>>(
            "DescribeNatGateways",
            async () =>
            {
                var all = new List<Ironclad.Core.Verification.NatGateway>();
                do
                {
                    var response = await ec2.DescribeNatGatewaysAsync(request, cancellationToken).ConfigureAwait(false);
                    all.AddRange((response.NatGateways ?? []).Select(n => new Ironclad.Core.Verification.NatGateway(n.NatGatewayId, n.SubnetId, n.VpcId, n.State?.Value ?? "unknown")));
                    request.NextToken = response.NextToken;
                }
                while (!string.IsNullOrEmpty(request.NextToken));
                return all;
            },
            [],
            "NatGatewayNotFound");

    private Task<IReadOnlyList<Ironclad.Core.Verification.VpcEndpoint>> Endpoints(DescribeVpcEndpointsRequest request, CancellationToken cancellationToken) =>
        SdkCall.Run<IReadOnlyList<Ironclad.Core.Verification.VpcEndpoint>>(
            "DescribeVpcEndpoints",
            async () =>
            {
                var all = new List<Ironclad.Core.Verification.VpcEndpoint>();
                do
                {
                    var response = await ec2.DescribeVpcEndpointsAsync(request, cancellationToken).ConfigureAwait(false);
                    all.AddRange((response.VpcEndpoints ?? []).Select(e => new Ironclad.Core.Verification.VpcEndpoint(
                        e.VpcEndpointId,
                        e.VpcId,
                        e.ServiceName,
                        e.VpcEndpointType?.Value ?? "Gateway",
                        e.State?.Value ?? "unknown",
                        e.PrivateDnsEnabled == true,
                        e.RouteTableIds ?? [],
                        e.SubnetIds ?? [])));
                    request.NextToken = response.NextToken;
                }
                while (!string.IsNullOrEmpty(request.NextToken));
                return all;
            },
            [],
            "InvalidVpcEndpointId.NotFound");
}
