namespace Ironclad.Core.Verification;

/// <summary>
/// The readers with each answer fetched once: several checks ask the same question (a bucket's
/// versioning, a VPC's route tables, a role's policies) and a stack can repeat them per function.
/// A failed read is remembered too, so every check that needs it reports the same reason.
/// </summary>
internal sealed class LiveState
{
    private readonly Dictionary<string, object> memo = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public LiveState(AwsReaders aws, string accountId, CancellationToken cancellationToken)
    {
        Aws = aws;
        AccountId = accountId;
        CancellationToken = cancellationToken;
    }

    public AwsReaders Aws { get; }

    public string AccountId { get; }

    public CancellationToken CancellationToken { get; }

    public Task<FunctionConfiguration> Function(string name) =>
        Once("fn:" + name, () => Aws.Lambda.GetFunctionConfigurationAsync(name, CancellationToken));

    public Task<string?> OnFailure(string name) =>
        Once("onfail:" + name, () => Aws.Lambda.GetOnFailureDestinationAsync(name, CancellationToken));

    public Task<KeyDescription> Key(string keyId) =>
        Once("key:" + keyId, () => Aws.Kms.DescribeKeyAsync(keyId, CancellationToken));

    public Task<string?> Versioning(string bucket) =>
        Once("ver:" + bucket, () => Aws.S3.GetBucketVersioningAsync(bucket, CancellationToken));

    public Task<BucketLogging?> Logging(string bucket) =>
        Once("log:" + bucket, () => Aws.S3.GetBucketLoggingAsync(bucket, CancellationToken));

    public Task<BucketReplication?> Replication(string bucket) =>
        Once("rep:" + bucket, () => Aws.S3.GetBucketReplicationAsync(bucket, CancellationToken));

    public Task<string?> BucketPolicy(string bucket) =>
        Once("pol:" + bucket, () => Aws.S3.GetBucketPolicyAsync(bucket, CancellationToken));

    public Task<IReadOnlyDictionary<string, string>> Queue(string url) =>
        Once("sqs:" + url, () => Aws.Sqs.GetQueueAttributesAsync(url, CancellationToken));

    public Task<IReadOnlyList<Subnet>> Subnets(IReadOnlyList<string> ids) =>
        Once("sub:" + string.Join(',', ids.Order(StringComparer.Ordinal)), () => Aws.Ec2.DescribeSubnetsAsync(ids, CancellationToken));

    public Task<IReadOnlyList<RouteTable>> RouteTables(string vpcId) =>
        Once("rtb:" + vpcId, () => Aws.Ec2.DescribeRouteTablesAsync(vpcId, CancellationToken));

    public Task<IReadOnlyList<NatGateway>> NatGateways(string vpcId) =>
        Once("nat:" + vpcId, () => Aws.Ec2.DescribeNatGatewaysAsync(vpcId, CancellationToken));

    public Task<IReadOnlyList<VpcEndpoint>> Endpoints(string vpcId) =>
        Once("vpce:" + vpcId, () => Aws.Ec2.DescribeVpcEndpointsAsync(vpcId, CancellationToken));

    public Task<IReadOnlyList<MetricAlarm>> Alarms() =>
        Once("alarms", () => Aws.CloudWatch.DescribeAlarmsAsync(CancellationToken));

    public Task<IReadOnlyDictionary<string, string>> Topic(string arn) =>
        Once("sns:" + arn, () => Aws.Sns.GetTopicAttributesAsync(arn, CancellationToken));

    public Task<StreamEncryption> Stream(string name) =>
        Once("kin:" + name, () => Aws.Kinesis.DescribeStreamSummaryAsync(name, CancellationToken));

    public Task<StateMachineSettings> StateMachine(string arn) =>
        Once("sfn:" + arn, () => Aws.StepFunctions.DescribeStateMachineAsync(arn, CancellationToken));

    public Task<string?> Secret(string id) =>
        Once("sec:" + id, () => Aws.SecretsManager.DescribeSecretKmsKeyAsync(id, CancellationToken));

    public Task<IReadOnlyList<ApiStage>> RestStages(string restApiId) =>
        Once("rest:" + restApiId, () => Aws.ApiGateway.GetRestApiStagesAsync(restApiId, CancellationToken));

    public Task<IReadOnlyList<ApiStage>> ApiStages(string apiId) =>
        Once("apiv2:" + apiId, () => Aws.ApiGateway.GetApiStagesAsync(apiId, CancellationToken));

    public Task<IReadOnlyList<PolicyDocument>> RolePolicies(string roleArn) =>
        Once("role:" + roleArn, async () =>
        {
            var documents = await Aws.Iam.GetRolePolicyDocumentsAsync(RoleName(roleArn), CancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<PolicyDocument>)documents.Select(PolicyDocument.Parse).ToList();
        });

    public Task<IReadOnlyList<NamedPolicy>> RoleInlinePolicies(string roleName) =>
        Once("inline:" + roleName, () => Aws.Iam.GetRoleInlinePoliciesAsync(roleName, CancellationToken));

    public Task<string> ManagedPolicy(string policyArn) =>
        Once("mpol:" + policyArn, () => Aws.Iam.GetManagedPolicyDocumentAsync(policyArn, CancellationToken));

    public Task<PolicyDocument> KeyPolicy(string keyId) =>
        Once("kpol:" + keyId, async () => PolicyDocument.Parse(await Aws.Kms.GetKeyPolicyAsync(keyId, CancellationToken).ConfigureAwait(false)));

    /// <summary>The role name of a role ARN (the part after the last slash, since roles can have paths).</summary>
    public static string RoleName(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    private Task<T> Once<T>(string key, Func<Task<T>> load)
    {
        lock (gate)
        {
            if (!memo.TryGetValue(key, out var task))
            {
                task = load();
                memo[key] = task;
            }

            return (Task<T>)task;
        }
    }
}
