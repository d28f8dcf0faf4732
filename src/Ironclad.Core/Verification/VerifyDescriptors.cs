using Ironclad.Core.Rules;

namespace Ironclad.Core.Verification;

/// <summary>
/// Checks that only a live account can answer (account limits, network health, alarms) and the
/// guide's troubleshooting diagnoses. They are not in <see cref="RuleCatalog.All"/>, so scan never
/// runs them; their IDs (IC9001..) are reserved for verify.
/// </summary>
public static class VerifyDescriptors
{
    private static readonly string[] Lambda = ["AWS::Lambda::Function"];

    public static RuleDescriptor AccountUnreservedConcurrency { get; } = new()
    {
        Id = "IC9001",
        Name = nameof(AccountUnreservedConcurrency),
        Title = "The account keeps at least 100 unreserved concurrent executions",
        Severity = Severity.High,
        ResourceTypes = ["AWS::Lambda::AccountSettings"],
        Rationale = "Lambda refuses reservations that would leave fewer than 100 unreserved executions; new accounts often have a total of 10, so reserving concurrency fails the deploy or starves unreserved functions.",
        Remediation = "Lower LambdaConcurrencyLimit or request a concurrency quota increase (Service Quotas, Lambda concurrent executions).",
        CountLabel = "account below 100 unreserved executions",
        Noun = "accounts",
    };

    public static RuleDescriptor FunctionSubnetsMultiAz { get; } = new()
    {
        Id = "IC9002",
        Name = nameof(FunctionSubnetsMultiAz),
        Title = "VPC functions use subnets in at least two Availability Zones",
        Severity = Severity.Medium,
        ResourceTypes = Lambda,
        Rationale = "A function whose subnets are all in one zone stops when that zone fails.",
        Remediation = "List a private subnet of each of two Availability Zones in VpcConfig.SubnetIds.",
        CountLabel = "VPC function in a single Availability Zone",
        Noun = "functions",
    };

    public static RuleDescriptor VpcAvailable { get; } = new()
    {
        Id = "IC9003",
        Name = nameof(VpcAvailable),
        Title = "The VPC is available with DNS support and DNS hostnames",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::EC2::VPC"],
        Rationale = "Interface endpoints with private DNS only answer in a VPC with DNS support and DNS hostnames on; without them calls go to the public endpoints.",
        Remediation = "Set EnableDnsSupport and EnableDnsHostnames to true on the VPC.",
        CountLabel = "VPC unavailable or without DNS",
        Noun = "VPCs",
    };

    public static RuleDescriptor NatGatewayAvailable { get; } = new()
    {
        Id = "IC9004",
        Name = nameof(NatGatewayAvailable),
        Title = "NAT gateways are available",
        Severity = Severity.High,
        ResourceTypes = ["AWS::EC2::NatGateway"],
        Rationale = "Private subnets reach the internet only through an available NAT gateway.",
        Remediation = "Recreate the failed NAT gateway (check its Elastic IP and the internet gateway attachment).",
        CountLabel = "NAT gateway not available",
        Noun = "NAT gateways",
    };

    public static RuleDescriptor PrivateRouteToNat { get; } = new()
    {
        Id = "IC9005",
        Name = nameof(PrivateRouteToNat),
        Title = "Private route tables send 0.0.0.0/0 to an available NAT gateway",
        Severity = Severity.High,
        ResourceTypes = ["AWS::EC2::RouteTable"],
        Rationale = "Without a default route to NAT, functions in the private subnets cannot reach services that have no VPC endpoint.",
        Remediation = "Add a 0.0.0.0/0 route to the zone's NAT gateway (AWS::EC2::Route with NatGatewayId).",
        CountLabel = "private route table without a NAT route",
        Noun = "route tables",
    };

    public static RuleDescriptor VpcEndpointAvailable { get; } = new()
    {
        Id = "IC9006",
        Name = nameof(VpcEndpointAvailable),
        Title = "VPC endpoints are available (interface endpoints with private DNS)",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::EC2::VPCEndpoint"],
        Rationale = "An endpoint that is not available, or an interface endpoint without private DNS, leaves the SDK's default service names resolving to public addresses.",
        Remediation = "Recreate the endpoint; set PrivateDnsEnabled: true on interface endpoints.",
        CountLabel = "VPC endpoint unavailable or without private DNS",
        Noun = "endpoints",
    };

    public static RuleDescriptor DeadLetterQueueRetention { get; } = new()
    {
        Id = "IC9007",
        Name = nameof(DeadLetterQueueRetention),
        Title = "Dead-letter queues keep messages for 14 days",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::SQS::Queue"],
        Rationale = "Failed events in a dead-letter queue are deleted after the retention period; the default of 4 days can expire them before anyone looks.",
        Remediation = "Set MessageRetentionPeriod: 1209600 on the dead-letter queue.",
        CountLabel = "dead-letter queue with a short retention",
        Noun = "queues",
    };

    public static RuleDescriptor DeadLetterQueueAlarm { get; } = new()
    {
        Id = "IC9008",
        Name = nameof(DeadLetterQueueAlarm),
        Title = "Dead-letter queues have an alarm on ApproximateNumberOfMessagesVisible",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::SQS::Queue"],
        Rationale = "A dead-letter queue that nobody watches hides failures; the guide's alarm names ApproximateNumberOfVisibleMessages, a metric that does not exist, so it never fires.",
        Remediation = "Add an AWS::CloudWatch::Alarm on AWS/SQS ApproximateNumberOfMessagesVisible >= 1 over 300 s with the QueueName dimension.",
        CountLabel = "dead-letter queue without an alarm",
        Noun = "queues",
    };

    public static RuleDescriptor KmsAliasResolves { get; } = new()
    {
        Id = "IC9009",
        Name = nameof(KmsAliasResolves),
        Title = "KMS aliases resolve to an enabled key",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::KMS::Alias"],
        Rationale = "Clients that name the key by alias fail when the alias is missing or its key is disabled or pending deletion.",
        Remediation = "Point the alias at an enabled key (cancel a scheduled deletion or enable the key).",
        CountLabel = "KMS alias without an enabled key",
        Noun = "aliases",
    };

    public static RuleDescriptor AccessLogDelivery { get; } = new()
    {
        Id = "IC9010",
        Name = nameof(AccessLogDelivery),
        Title = "Access-log buckets accept log delivery",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::S3::Bucket"],
        Rationale = "S3 server access logs are written by logging.s3.amazonaws.com; without a bucket policy (or the legacy LogDelivery ACL) granting it s3:PutObject, logs are silently dropped.",
        Remediation = "Add a bucket policy statement allowing logging.s3.amazonaws.com s3:PutObject on the bucket's objects, limited by aws:SourceAccount.",
        CountLabel = "access-log bucket that refuses log delivery",
        Noun = "buckets",
    };

    public static RuleDescriptor VpcEgress { get; } = new()
    {
        Id = "IC9011",
        Name = nameof(VpcEgress),
        Title = "VPC functions can reach the AWS services they call",
        Severity = Severity.High,
        ResourceTypes = Lambda,
        Rationale = "A function in private subnets with neither a route to a NAT gateway nor VPC endpoints for the services it calls waits until its timeout on every AWS call (the guide's 'Lambda timeout in VPC').",
        Remediation = "Route 0.0.0.0/0 from the function's subnets to a NAT gateway, or add gateway endpoints (S3, DynamoDB) and interface endpoints for the other services.",
        CountLabel = "VPC function whose AWS calls will time out",
        Noun = "functions",
    };

    public static RuleDescriptor KmsDecryptAccess { get; } = new()
    {
        Id = "IC9012",
        Name = nameof(KmsDecryptAccess),
        Title = "Functions with KmsKeyArn may kms:Decrypt that key",
        Severity = Severity.High,
        ResourceTypes = Lambda,
        Rationale = "Lambda decrypts environment variables with the function's role; without kms:Decrypt on the key the function fails at start with KMS access denied (the guide's troubleshooting entry).",
        Remediation = "Grant the execution role kms:Decrypt on the key (SAM: KMSDecryptPolicy), and keep the key policy delegating to IAM or naming the role.",
        CountLabel = "function whose role cannot decrypt its environment",
        Noun = "functions",
    };

    public static RuleDescriptor ReplicationPrerequisites { get; } = new()
    {
        Id = "IC9013",
        Name = nameof(ReplicationPrerequisites),
        Title = "Replication has what it needs: versioning on both sides and a role with the replication actions",
        Severity = Severity.High,
        ResourceTypes = ["AWS::S3::Bucket"],
        Rationale = "S3 replication fails when the source or the destination is not versioned or the replication role lacks the replication actions (the guide's 'S3 replication failures').",
        Remediation = "Enable versioning on source and destination; grant the role s3:GetReplicationConfiguration and s3:ListBucket on the source, s3:GetObjectVersion* on its objects and s3:Replicate* on the destination's objects.",
        CountLabel = "bucket whose replication will fail",
        Noun = "buckets",
    };

    public static RuleDescriptor NoncurrentVersionExpiry { get; } = new()
    {
        Id = "IC9014",
        Name = nameof(NoncurrentVersionExpiry),
        Title = "Versioned buckets expire noncurrent versions",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::S3::Bucket"],
        Rationale = "With versioning and no noncurrent-version expiration every overwrite and delete is kept forever: storage grows without bound (the guide's 'high S3 costs').",
        Remediation = "Add an enabled lifecycle rule with NoncurrentVersionExpiration (for example 90 days, after a transition to STANDARD_IA at 30).",
        CountLabel = "versioned bucket that keeps old versions forever",
        Noun = "buckets",
    };

    public static RuleDescriptor StackStable { get; } = new()
    {
        Id = "IC9015",
        Name = nameof(StackStable),
        Title = "Stacks are in a stable complete state",
        Severity = Severity.High,
        ResourceTypes = ["AWS::CloudFormation::Stack"],
        Rationale = "A stack that failed, rolled back or is still changing (*_FAILED, ROLLBACK_*, *_IN_PROGRESS) does not hold the resources its template describes: checking what is left would pass a deployment that never happened.",
        Remediation = "Find the failing resource in the stack's events (aws cloudformation describe-stack-events), fix the template and redeploy; delete a stack in ROLLBACK_COMPLETE and create it again.",
        CountLabel = "stack not in a stable complete state",
        Noun = "stacks",
    };

    public static RuleDescriptor ResourceDeployed { get; } = new()
    {
        Id = "IC9016",
        Name = nameof(ResourceDeployed),
        Title = "Stack resources were created (no *_FAILED status, a physical ID)",
        Severity = Severity.High,
        ResourceTypes = ["*"],
        Rationale = "A resource that failed to create or has no physical ID cannot be checked; dropping it silently would report a stack as compliant that lacks it.",
        Remediation = "Read the resource's status reason in the stack events, fix the cause and update the stack.",
        CountLabel = "stack resource that was not created",
        Noun = "resources",
    };

    public static RuleDescriptor ResourceExists { get; } = new()
    {
        Id = "IC9017",
        Name = nameof(ResourceExists),
        Title = "Stack resources still exist",
        Severity = Severity.High,
        ResourceTypes = ["*"],
        Rationale = "A resource deleted outside CloudFormation (console, CLI, another tool) leaves the stack pointing at nothing; every dependent call fails.",
        Remediation = "Recreate the resource by updating the stack (or import it back); find who deleted it in CloudTrail.",
        CountLabel = "resource deleted outside CloudFormation",
        Noun = "resources",
    };

    public static RuleDescriptor SomethingChecked { get; } = new()
    {
        Id = "IC9018",
        Name = nameof(SomethingChecked),
        Title = "The stack has resources verify can check",
        Severity = Severity.Low,
        ResourceTypes = ["AWS::CloudFormation::Stack"],
        Rationale = "A run that checked nothing must not pass as clean: an empty stack or one of types verify does not know says nothing about its security.",
        Remediation = "Check the stack name and region; if the stack really holds only types verify does not check, run with --fail-on medium to accept this.",
        CountLabel = "stack with nothing verify can check",
        Noun = "stacks",
    };

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        AccountUnreservedConcurrency,
        FunctionSubnetsMultiAz,
        VpcAvailable,
        NatGatewayAvailable,
        PrivateRouteToNat,
        VpcEndpointAvailable,
        DeadLetterQueueRetention,
        DeadLetterQueueAlarm,
        KmsAliasResolves,
        AccessLogDelivery,
        VpcEgress,
        KmsDecryptAccess,
        ReplicationPrerequisites,
        NoncurrentVersionExpiry,
        StackStable,
        ResourceDeployed,
        ResourceExists,
        SomethingChecked,
    ];
}
