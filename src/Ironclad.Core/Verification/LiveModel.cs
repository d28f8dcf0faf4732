namespace Ironclad.Core.Verification;

// What the checks read from AWS, as plain records: the adapters map SDK or HTTP responses to these,
// so that the checks are testable without either. Absent settings are null, never a default.

/// <summary>One row of CloudFormation ListStackResources.</summary>
public sealed record StackResource(string LogicalId, string? PhysicalId, string Type, string Status, string? StatusReason = null);

/// <summary>One stack of DescribeStacks: its status says whether its resources can be trusted to be what the template says.</summary>
/// <param name="ParentId">The parent's stack ID when this is a nested stack.</param>
public sealed record StackDescription(string Name, string? StackId, string Status, string? StatusReason, IReadOnlyDictionary<string, string> Tags, string? ParentId = null);

/// <summary>GetFunctionConfiguration. Environment values are read only to look for credentials; they are never reported.</summary>
public sealed record FunctionConfiguration(
    string Name,
    string? Arn,
    string? Role,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SecurityGroupIds,
    string? DeadLetterTargetArn,
    string? KmsKeyArn,
    IReadOnlyDictionary<string, string> Environment,
    string? Runtime = null,
    string? TracingMode = null,
    string? PackageType = null)
{
    /// <summary>Names only: a record's generated text would otherwise be one log line away from printing values.</summary>
    public override string ToString() => $"FunctionConfiguration {Name} ({Environment.Count} environment variables)";
}

public sealed record LambdaAccountSettings(int ConcurrentExecutions, int UnreservedConcurrentExecutions);

/// <summary>DynamoDB SSEDescription; a table without one is encrypted with an AWS-owned key.</summary>
public sealed record TableEncryption(string? Status, string? SseType, string? KmsKeyArn);

public sealed record KeyDescription(string KeyId, string? Arn, string KeyManager, string KeyState, string KeySpec, string Origin);

public sealed record BucketEncryptionRule(string Algorithm, string? KmsKeyId);

public sealed record BucketLogging(string TargetBucket, string? TargetPrefix);

public sealed record ReplicationRule(string? Id, string Status, string? DestinationBucketArn);

public sealed record BucketReplication(string? Role, IReadOnlyList<ReplicationRule> Rules);

public sealed record PublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets);

public sealed record LifecycleRule(string? Id, string Status, int? NoncurrentVersionExpirationDays);

/// <summary>One ACL grant: the grantee's URI (groups) or ID, and the permission.</summary>
public sealed record BucketGrant(string Grantee, string Permission);

public sealed record Vpc(string VpcId, string State);

public sealed record VpcDns(bool EnableDnsSupport, bool EnableDnsHostnames);

public sealed record Subnet(string SubnetId, string VpcId, string AvailabilityZone);

/// <param name="OtherTarget">A target that is neither a gateway nor a NAT gateway: a transit gateway, an instance, a peering.</param>
public sealed record Route(string? DestinationCidrBlock, string? NatGatewayId, string? GatewayId, string? State, string? OtherTarget = null);

public sealed record RouteTable(string RouteTableId, string VpcId, bool IsMain, IReadOnlyList<string> SubnetIds, IReadOnlyList<Route> Routes);

public sealed record NatGateway(string NatGatewayId, string? SubnetId, string? VpcId, string State);

public sealed record VpcEndpoint(
    string VpcEndpointId,
    string VpcId,
    string ServiceName,
    string Type,
    string State,
    bool PrivateDnsEnabled,
    IReadOnlyList<string> RouteTableIds,
    IReadOnlyList<string> SubnetIds);

public sealed record MetricAlarm(
    string Name,
    string? Namespace,
    string? MetricName,
    IReadOnlyDictionary<string, string> Dimensions,
    double? Threshold,
    string? ComparisonOperator,
    bool ActionsEnabled);

/// <summary>Kinesis DescribeStreamSummary: EncryptionType is KMS or NONE.</summary>
public sealed record StreamEncryption(string EncryptionType, string? KeyId);

/// <summary>Step Functions DescribeStateMachine: loggingConfiguration's level (ALL, ERROR, FATAL, OFF) and the log groups it writes to, and tracingConfiguration.enabled.</summary>
public sealed record StateMachineSettings(string Level, IReadOnlyList<string> LogGroupArns, bool TracingEnabled = false);

/// <summary>
/// One API Gateway stage: where its access logs go, and for REST stages X-Ray tracing and the
/// execution log level of all methods (<c>*/*</c> method settings; null when off).
/// </summary>
public sealed record ApiStage(string Name, string? AccessLogDestination, bool TracingEnabled, string? ExecutionLogLevel);

/// <summary>
/// One REST method (<c>Key</c> is <c>GET /pets</c>) or HTTP/WebSocket route (<c>Key</c> is the route key) and what
/// guards it: an authorization type (NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS, JWT) and whether it needs an API key.
/// </summary>
public sealed record ApiMethod(string Key, string AuthorizationType, bool ApiKeyRequired);

/// <summary>A policy document by name: an inline policy of a role, or a managed policy's default version.</summary>
public sealed record NamedPolicy(string Name, string Document);
