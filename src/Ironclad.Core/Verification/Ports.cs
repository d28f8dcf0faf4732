namespace Ironclad.Core.Verification;

// The reads verify makes, one small interface per service. Only Describe*/Get*/List* calls exist
// here, which is what keeps verify read-only by construction. Each method returns null for "not
// configured" answers (no bucket policy, no reserved concurrency) and throws AwsCallException for
// anything else. Implementations live in Ironclad.Aws (SDK-backed or signed HTTP).

public interface ICloudFormationReader
{
    /// <summary>ListStackResources, every page. Throws NotFound when the stack does not exist.</summary>
    Task<IReadOnlyList<StackResource>> ListStackResourcesAsync(string stackName, CancellationToken cancellationToken);

    /// <summary>DescribeStacks for one stack (name or ARN). Throws NotFound when the stack does not exist.</summary>
    Task<StackDescription> DescribeStackAsync(string stackName, CancellationToken cancellationToken);

    /// <summary>DescribeStacks without a name, every page: the stacks of the account and region.</summary>
    Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(CancellationToken cancellationToken);

    /// <summary>GetTemplate (stage Original, as it was submitted): the template body, JSON or YAML.</summary>
    Task<string> GetTemplateAsync(string stackName, CancellationToken cancellationToken);
}

public interface ILambdaReader
{
    Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, CancellationToken cancellationToken);

    /// <summary>GetFunctionConcurrency: the reserved concurrency, or null when none is reserved.</summary>
    Task<int?> GetFunctionConcurrencyAsync(string functionName, CancellationToken cancellationToken);

    /// <summary>GetFunctionEventInvokeConfig: the on-failure destination ARN, or null.</summary>
    Task<string?> GetOnFailureDestinationAsync(string functionName, CancellationToken cancellationToken);

    Task<LambdaAccountSettings> GetAccountSettingsAsync(CancellationToken cancellationToken);

    /// <summary>GetPolicy: the function's resource-based policy as JSON, or null when it has none.</summary>
    Task<string?> GetPolicyAsync(string functionName, CancellationToken cancellationToken);

    /// <summary>GetFunctionUrlConfig: the function URL's AuthType (NONE, AWS_IAM), or null when the function has no URL.</summary>
    Task<string?> GetFunctionUrlAuthTypeAsync(string functionName, CancellationToken cancellationToken);
}

public interface IKmsReader
{
    /// <summary>DescribeKey by key ID, key ARN, alias name or alias ARN.</summary>
    Task<KeyDescription> DescribeKeyAsync(string keyId, CancellationToken cancellationToken);

    Task<bool> GetKeyRotationStatusAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>GetKeyPolicy for the policy named <c>default</c>, as JSON.</summary>
    Task<string> GetKeyPolicyAsync(string keyId, CancellationToken cancellationToken);
}

public interface IDynamoDbReader
{
    /// <summary>DescribeTable's SSEDescription, or null when the table has none (AWS-owned key).</summary>
    Task<TableEncryption?> DescribeTableEncryptionAsync(string tableName, CancellationToken cancellationToken);

    /// <summary>DescribeContinuousBackups: the PointInTimeRecoveryStatus (ENABLED, DISABLED).</summary>
    Task<string> DescribePointInTimeRecoveryAsync(string tableName, CancellationToken cancellationToken);

    /// <summary>DescribeTable's DeletionProtectionEnabled (false when absent).</summary>
    Task<bool> DescribeTableDeletionProtectionAsync(string tableName, CancellationToken cancellationToken);
}

public interface IS3Reader
{
    Task<IReadOnlyList<BucketEncryptionRule>?> GetBucketEncryptionAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>GetBucketVersioning: Enabled, Suspended, or null when never set.</summary>
    Task<string?> GetBucketVersioningAsync(string bucket, CancellationToken cancellationToken);

    Task<BucketLogging?> GetBucketLoggingAsync(string bucket, CancellationToken cancellationToken);

    Task<BucketReplication?> GetBucketReplicationAsync(string bucket, CancellationToken cancellationToken);

    Task<PublicAccessBlock?> GetPublicAccessBlockAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>GetBucketPolicy as JSON, or null when the bucket has none.</summary>
    Task<string?> GetBucketPolicyAsync(string bucket, CancellationToken cancellationToken);

    Task<IReadOnlyList<LifecycleRule>?> GetBucketLifecycleAsync(string bucket, CancellationToken cancellationToken);

    Task<IReadOnlyList<BucketGrant>> GetBucketAclAsync(string bucket, CancellationToken cancellationToken);
}

public interface ISqsReader
{
    /// <summary>GetQueueAttributes (All) of a queue URL.</summary>
    Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, CancellationToken cancellationToken);
}

public interface IEc2Reader
{
    Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<string> vpcIds, CancellationToken cancellationToken);

    Task<VpcDns> DescribeVpcDnsAsync(string vpcId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(string vpcId, CancellationToken cancellationToken);

    Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysAsync(string vpcId, CancellationToken cancellationToken);

    /// <summary>DescribeNatGateways by ID, for the gateways a stack owns.</summary>
    Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysByIdAsync(IReadOnlyList<string> natGatewayIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsAsync(string vpcId, CancellationToken cancellationToken);

    Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsByIdAsync(IReadOnlyList<string> endpointIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<RouteTable>> DescribeRouteTablesByIdAsync(IReadOnlyList<string> routeTableIds, CancellationToken cancellationToken);
}

public interface ICloudWatchReader
{
    /// <summary>DescribeAlarms, every page (metric alarms only).</summary>
    Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(CancellationToken cancellationToken);
}

public interface IIamReader
{
    /// <summary>
    /// The identity policies of a role as JSON documents: its inline policies (ListRolePolicies,
    /// GetRolePolicy) and the default versions of its attached managed policies
    /// (ListAttachedRolePolicies, GetPolicy, GetPolicyVersion).
    /// </summary>
    Task<IReadOnlyList<string>> GetRolePolicyDocumentsAsync(string roleName, CancellationToken cancellationToken);

    /// <summary>The inline policies of a role, by name (ListRolePolicies, GetRolePolicy).</summary>
    Task<IReadOnlyList<NamedPolicy>> GetRoleInlinePoliciesAsync(string roleName, CancellationToken cancellationToken);

    /// <summary>The default version of a managed policy as JSON (GetPolicy, GetPolicyVersion).</summary>
    Task<string> GetManagedPolicyDocumentAsync(string policyArn, CancellationToken cancellationToken);
}

public interface ISnsReader
{
    /// <summary>GetTopicAttributes of a topic ARN (KmsMasterKeyId among them).</summary>
    Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken);
}

public interface IKinesisReader
{
    /// <summary>DescribeStreamSummary: the stream's encryption.</summary>
    Task<StreamEncryption> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken);
}

public interface IStepFunctionsReader
{
    /// <summary>DescribeStateMachine: its logging and tracing configurations.</summary>
    Task<StateMachineSettings> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken);
}

public interface ISecretsManagerReader
{
    /// <summary>DescribeSecret's KmsKeyId, or null when the secret uses the AWS-managed key aws/secretsmanager.</summary>
    Task<string?> DescribeSecretKmsKeyAsync(string secretId, CancellationToken cancellationToken);
}

public interface IApiGatewayReader
{
    /// <summary>GetStages of a REST API (API Gateway v1).</summary>
    Task<IReadOnlyList<ApiStage>> GetRestApiStagesAsync(string restApiId, CancellationToken cancellationToken);

    /// <summary>GetStages of an HTTP or WebSocket API (API Gateway v2), every page.</summary>
    Task<IReadOnlyList<ApiStage>> GetApiStagesAsync(string apiId, CancellationToken cancellationToken);

    /// <summary>GetResources with <c>embed=methods</c> of a REST API, every page: each method with its authorization.</summary>
    Task<IReadOnlyList<ApiMethod>> GetRestApiMethodsAsync(string restApiId, CancellationToken cancellationToken);

    /// <summary>GetApi of an HTTP or WebSocket API: its ProtocolType (HTTP, WEBSOCKET).</summary>
    Task<string> GetApiProtocolTypeAsync(string apiId, CancellationToken cancellationToken);

    /// <summary>GetRoutes of an HTTP or WebSocket API, every page: each route with its authorization.</summary>
    Task<IReadOnlyList<ApiMethod>> GetApiRoutesAsync(string apiId, CancellationToken cancellationToken);
}

public interface IStsReader
{
    /// <summary>GetCallerIdentity: the account of the credentials in use.</summary>
    Task<string> GetAccountIdAsync(CancellationToken cancellationToken);
}

/// <summary>Every reader verify uses, so that tests can hand in fakes, stubs or moto-backed clients.</summary>
public sealed record AwsReaders(
    ICloudFormationReader CloudFormation,
    ILambdaReader Lambda,
    IKmsReader Kms,
    IDynamoDbReader DynamoDb,
    IS3Reader S3,
    ISqsReader Sqs,
    IEc2Reader Ec2,
    ICloudWatchReader CloudWatch,
    IIamReader Iam,
    IStsReader Sts,
    ISnsReader Sns,
    IKinesisReader Kinesis,
    IStepFunctionsReader StepFunctions,
    ISecretsManagerReader SecretsManager,
    IApiGatewayReader ApiGateway);
