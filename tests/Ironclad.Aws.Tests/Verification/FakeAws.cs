using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests.Verification;

/// <summary>An account in memory: every reader verify uses, answering from plain collections.</summary>
internal sealed class FakeAws : ICloudFormationReader, ILambdaReader, IKmsReader, IDynamoDbReader, IS3Reader, ISqsReader, IEc2Reader, ICloudWatchReader, IIamReader, IStsReader,
    ISnsReader, IKinesisReader, IStepFunctionsReader, ISecretsManagerReader, IApiGatewayReader
{
    public const string Account = "111122223333";

    public List<StackResource> Stack { get; } = [];

    /// <summary>The root stack's status.</summary>
    public string StackStatus { get; set; } = "CREATE_COMPLETE";

    /// <summary>Nested stacks by ARN: their description and resources.</summary>
    public Dictionary<string, (StackDescription Description, List<StackResource> Resources)> Nested { get; } = [];

    public Dictionary<string, Dictionary<string, string>> Queues { get; } = [];

    /// <summary>Physical IDs whose every read answers not-found (deleted outside CloudFormation).</summary>
    public HashSet<string> Gone { get; } = [];

    /// <summary>Operations that fail with a service error.</summary>
    public HashSet<string> Failing { get; } = [];

    public Dictionary<string, bool> Rotation { get; } = [];

    public VpcDns Dns { get; set; } = new(true, true);

    public Dictionary<string, FunctionConfiguration> Functions { get; } = [];

    public Dictionary<string, int> Concurrency { get; } = [];

    public Dictionary<string, string> OnFailure { get; } = [];

    public Dictionary<string, KeyDescription> Keys { get; } = [];

    public Dictionary<string, string> KeyPolicies { get; } = [];

    public Dictionary<string, FakeBucket> Buckets { get; } = [];

    public List<Subnet> Subnets { get; } = [];

    public List<RouteTable> RouteTables { get; } = [];

    public List<NatGateway> NatGateways { get; } = [];

    public List<VpcEndpoint> Endpoints { get; } = [];

    public Dictionary<string, List<string>> RolePolicies { get; } = [];

    /// <summary>Operations that answer AccessDenied.</summary>
    public HashSet<string> Denied { get; } = [];

    /// <summary>Lambda resource policies (GetPolicy) by function name.</summary>
    public Dictionary<string, string> FunctionPolicies { get; } = [];

    /// <summary>Function URL AuthType by function name.</summary>
    public Dictionary<string, string> FunctionUrls { get; } = [];

    public HashSet<string> ProtectedTables { get; } = [];

    public Dictionary<string, Dictionary<string, string>> Topics { get; } = [];

    public Dictionary<string, StreamEncryption> Streams { get; } = [];

    public Dictionary<string, StateMachineSettings> StateMachines { get; } = [];

    /// <summary>Secrets' KmsKeyId (null: the AWS-managed key).</summary>
    public Dictionary<string, string?> Secrets { get; } = [];

    public Dictionary<string, List<ApiStage>> RestStages { get; } = [];

    public Dictionary<string, List<ApiStage>> HttpStages { get; } = [];

    public Dictionary<string, List<ApiMethod>> RestMethods { get; } = [];

    /// <summary>HTTP and WebSocket APIs: their protocol type and routes.</summary>
    public Dictionary<string, (string Protocol, List<ApiMethod> Routes)> HttpRoutes { get; } = [];

    public Dictionary<string, List<NamedPolicy>> InlinePolicies { get; } = [];

    public Dictionary<string, string> ManagedPolicies { get; } = [];

    public AwsReaders Readers => new(this, this, this, this, this, this, this, this, this, this, this, this, this, this, this);

    public Task<string?> GetPolicyAsync(string functionName, CancellationToken cancellationToken) =>
        Answer("GetPolicy", FunctionPolicies.GetValueOrDefault(functionName));

    public Task<string?> GetFunctionUrlAuthTypeAsync(string functionName, CancellationToken cancellationToken) =>
        Answer("GetFunctionUrlConfig", FunctionUrls.GetValueOrDefault(functionName));

    public Task<bool> DescribeTableDeletionProtectionAsync(string tableName, CancellationToken cancellationToken) =>
        Answer("DescribeTable", ProtectedTables.Contains(tableName));

    public Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken) =>
        Answer<IReadOnlyDictionary<string, string>>("GetTopicAttributes", Topics.GetValueOrDefault(topicArn) ?? throw new AwsCallException("GetTopicAttributes", AwsErrorKind.NotFound, "NotFound", "Topic does not exist"));

    public Task<StreamEncryption> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken) =>
        Answer("DescribeStreamSummary", Streams.GetValueOrDefault(streamName) ?? throw NotFound("DescribeStreamSummary"));

    public Task<StateMachineSettings> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) =>
        Answer("DescribeStateMachine", StateMachines.GetValueOrDefault(stateMachineArn) ?? throw new AwsCallException("DescribeStateMachine", AwsErrorKind.NotFound, "StateMachineDoesNotExist", "not found"));

    public Task<string?> DescribeSecretKmsKeyAsync(string secretId, CancellationToken cancellationToken) =>
        Answer("DescribeSecret", Secrets.TryGetValue(secretId, out var key) ? key : throw NotFound("DescribeSecret"));

    public Task<IReadOnlyList<ApiStage>> GetRestApiStagesAsync(string restApiId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<ApiStage>>("GetStages", RestStages.GetValueOrDefault(restApiId) ?? throw new AwsCallException("GetStages", AwsErrorKind.NotFound, "NotFoundException", "Invalid API identifier specified"));

    public Task<IReadOnlyList<ApiStage>> GetApiStagesAsync(string apiId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<ApiStage>>("GetStages", HttpStages.GetValueOrDefault(apiId) ?? throw new AwsCallException("GetStages", AwsErrorKind.NotFound, "NotFoundException", "Invalid API identifier specified"));

    public Task<IReadOnlyList<ApiMethod>> GetRestApiMethodsAsync(string restApiId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<ApiMethod>>("GetResources", RestMethods.GetValueOrDefault(restApiId) ?? []);

    public Task<string> GetApiProtocolTypeAsync(string apiId, CancellationToken cancellationToken) =>
        Answer("GetApi", HttpRoutes.TryGetValue(apiId, out var api) ? api.Protocol : "HTTP");

    public Task<IReadOnlyList<ApiMethod>> GetApiRoutesAsync(string apiId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<ApiMethod>>("GetRoutes", HttpRoutes.TryGetValue(apiId, out var api) ? api.Routes : []);

    public Task<IReadOnlyList<StackResource>> ListStackResourcesAsync(string stackName, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<StackResource>>("ListStackResources", Nested.TryGetValue(stackName, out var nested) ? nested.Resources : Stack);

    public Task<StackDescription> DescribeStackAsync(string stackName, CancellationToken cancellationToken) =>
        Answer("DescribeStacks", Nested.TryGetValue(stackName, out var nested)
            ? nested.Description
            : Gone.Contains(stackName) ? throw NotFound("DescribeStacks") : new StackDescription(stackName, $"arn:aws:cloudformation:us-east-1:{Account}:stack/{stackName}/1", StackStatus, null, new Dictionary<string, string>()));

    public Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<StackDescription>>("DescribeStacks", []);

    /// <summary>The root stack's template as GetTemplate answers it; null answers not-found.</summary>
    public string? TemplateBody { get; set; }

    public Task<string> GetTemplateAsync(string stackName, CancellationToken cancellationToken) =>
        Answer("GetTemplate", TemplateBody ?? throw NotFound("GetTemplate"));

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, CancellationToken cancellationToken) =>
        Answer("GetFunctionConfiguration", Functions.GetValueOrDefault(functionName) ?? throw NotFound("GetFunctionConfiguration"));

    public Task<int?> GetFunctionConcurrencyAsync(string functionName, CancellationToken cancellationToken) =>
        Answer("GetFunctionConcurrency", Concurrency.TryGetValue(functionName, out var n) ? n : (int?)null);

    public Task<string?> GetOnFailureDestinationAsync(string functionName, CancellationToken cancellationToken) =>
        Answer("GetFunctionEventInvokeConfig", OnFailure.GetValueOrDefault(functionName));

    public Task<LambdaAccountSettings> GetAccountSettingsAsync(CancellationToken cancellationToken) =>
        Answer("GetAccountSettings", new LambdaAccountSettings(1000, 900));

    public Task<KeyDescription> DescribeKeyAsync(string keyId, CancellationToken cancellationToken) =>
        Answer("DescribeKey", Keys.GetValueOrDefault(keyId) ?? throw NotFound("DescribeKey"));

    public Task<bool> GetKeyRotationStatusAsync(string keyId, CancellationToken cancellationToken) => Answer("GetKeyRotationStatus", Rotation.GetValueOrDefault(keyId, true));

    public Task<string> GetKeyPolicyAsync(string keyId, CancellationToken cancellationToken) =>
        Answer("GetKeyPolicy", KeyPolicies.GetValueOrDefault(keyId) ?? throw NotFound("GetKeyPolicy"));

    public Task<TableEncryption?> DescribeTableEncryptionAsync(string tableName, CancellationToken cancellationToken) =>
        Gone.Contains(tableName) ? Task.FromException<TableEncryption?>(NotFound("DescribeTable")) : Answer<TableEncryption?>("DescribeTable", null);

    public Task<string> DescribePointInTimeRecoveryAsync(string tableName, CancellationToken cancellationToken) =>
        Answer("DescribeContinuousBackups", "DISABLED");

    public Task<IReadOnlyList<BucketEncryptionRule>?> GetBucketEncryptionAsync(string bucket, CancellationToken cancellationToken) =>
        Answer("GetBucketEncryption", Bucket(bucket).Encryption);

    public Task<string?> GetBucketVersioningAsync(string bucket, CancellationToken cancellationToken) =>
        Answer("GetBucketVersioning", Bucket(bucket).Versioning);

    public Task<BucketLogging?> GetBucketLoggingAsync(string bucket, CancellationToken cancellationToken) =>
        Answer("GetBucketLogging", Bucket(bucket).Logging);

    public Task<BucketReplication?> GetBucketReplicationAsync(string bucket, CancellationToken cancellationToken) =>
        Answer("GetBucketReplication", Bucket(bucket).Replication);

    public Task<PublicAccessBlock?> GetPublicAccessBlockAsync(string bucket, CancellationToken cancellationToken) =>
        Answer<PublicAccessBlock?>("GetPublicAccessBlock", null);

    public Task<string?> GetBucketPolicyAsync(string bucket, CancellationToken cancellationToken) =>
        Answer("GetBucketPolicy", Bucket(bucket).Policy);

    public Task<IReadOnlyList<LifecycleRule>?> GetBucketLifecycleAsync(string bucket, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<LifecycleRule>?>("GetBucketLifecycleConfiguration", null);

    public Task<IReadOnlyList<BucketGrant>> GetBucketAclAsync(string bucket, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<BucketGrant>>("GetBucketAcl", Bucket(bucket).Grants);

    public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueUrl, CancellationToken cancellationToken) =>
        Gone.Contains(queueUrl)
            ? Task.FromException<IReadOnlyDictionary<string, string>>(new AwsCallException("GetQueueAttributes", AwsErrorKind.NotFound, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."))
            : Answer<IReadOnlyDictionary<string, string>>("GetQueueAttributes", Queues.GetValueOrDefault(queueUrl) ?? []);

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<string> vpcIds, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<Vpc>>("DescribeVpcs", vpcIds.Select(v => new Vpc(v, "available")).ToList());

    public Task<VpcDns> DescribeVpcDnsAsync(string vpcId, CancellationToken cancellationToken) => Answer("DescribeVpcAttribute", Dns);

    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<Subnet>>("DescribeSubnets", Subnets.Where(s => subnetIds.Contains(s.SubnetId)).ToList());

    public Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(string vpcId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<RouteTable>>("DescribeRouteTables", RouteTables.Where(t => t.VpcId == vpcId).ToList());

    public Task<IReadOnlyList<RouteTable>> DescribeRouteTablesByIdAsync(IReadOnlyList<string> routeTableIds, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<RouteTable>>("DescribeRouteTables", RouteTables.Where(t => routeTableIds.Contains(t.RouteTableId)).ToList());

    public Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysAsync(string vpcId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<NatGateway>>("DescribeNatGateways", NatGateways.Where(n => n.VpcId == vpcId).ToList());

    public Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysByIdAsync(IReadOnlyList<string> natGatewayIds, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<NatGateway>>("DescribeNatGateways", NatGateways.Where(n => natGatewayIds.Contains(n.NatGatewayId)).ToList());

    public Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsAsync(string vpcId, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<VpcEndpoint>>("DescribeVpcEndpoints", Endpoints.Where(e => e.VpcId == vpcId).ToList());

    public Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsByIdAsync(IReadOnlyList<string> endpointIds, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<VpcEndpoint>>("DescribeVpcEndpoints", Endpoints.Where(e => endpointIds.Contains(e.VpcEndpointId)).ToList());

    public Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<MetricAlarm>>("DescribeAlarms", []);

    public Task<IReadOnlyList<string>> GetRolePolicyDocumentsAsync(string roleName, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<string>>("GetRolePolicy", RolePolicies.GetValueOrDefault(roleName) ?? throw NotFound("GetRole"));

    public Task<IReadOnlyList<NamedPolicy>> GetRoleInlinePoliciesAsync(string roleName, CancellationToken cancellationToken) =>
        Answer<IReadOnlyList<NamedPolicy>>("GetRolePolicy", InlinePolicies.GetValueOrDefault(roleName) ?? throw new AwsCallException("ListRolePolicies", AwsErrorKind.NotFound, "NoSuchEntity", "The role cannot be found"));

    public Task<string> GetManagedPolicyDocumentAsync(string policyArn, CancellationToken cancellationToken) =>
        Answer("GetPolicyVersion", ManagedPolicies.GetValueOrDefault(policyArn) ?? throw new AwsCallException("GetPolicy", AwsErrorKind.NotFound, "NoSuchEntity", "Policy was not found"));

    public Task<string> GetAccountIdAsync(CancellationToken cancellationToken) => Answer("GetCallerIdentity", Account);

    private static AwsCallException NotFound(string operation) => new(operation, AwsErrorKind.NotFound, "ResourceNotFoundException", "not found");

    private FakeBucket Bucket(string name) => Buckets.GetValueOrDefault(name) ?? throw NotFound("HeadBucket");

    private Task<T> Answer<T>(string operation, T value) =>
        Denied.Contains(operation) ? Task.FromException<T>(new AwsCallException(operation, AwsErrorKind.AccessDenied, "AccessDenied", "denied"))
        : Failing.Contains(operation) ? Task.FromException<T>(new AwsCallException(operation, AwsErrorKind.Failed, "HTTP404", "Not Found"))
        : Task.FromResult(value);
}

internal sealed class FakeBucket
{
    public string? Versioning { get; set; }

    public BucketLogging? Logging { get; set; }

    public BucketReplication? Replication { get; set; }

    public string? Policy { get; set; }

    public IReadOnlyList<BucketEncryptionRule>? Encryption { get; set; }

    public List<BucketGrant> Grants { get; } = [];
}
