namespace Ironclad.Core.Rules;

/// <summary>
/// Every rule, registered by hand: adding a rule is one line here, reviewable and trimming-safe,
/// with no reflection scan. A test checks that IDs and aliases are unique.
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new Lambda.LambdaConcurrencyLimit(),
        new Lambda.LambdaDeadLetterQueue(),
        new Lambda.LambdaInsideVpc(),
        new Lambda.LambdaEnvironmentEncrypted(),
        new Lambda.LambdaEnvironmentSecrets(),
        new Lambda.LambdaRuntimeSupported(),
        new Lambda.LambdaTracing(),
        new Lambda.LambdaUrlAuth(),
        new Lambda.LambdaPermissionScoped(),
        new DynamoDb.DynamoDbTableCmk(),
        new DynamoDb.DynamoDbPointInTimeRecovery(),
        new DynamoDb.DynamoDbDeletionProtection(),
        new S3.S3BucketLogging(),
        new S3.S3BucketVersioning(),
        new S3.S3BucketEncryption(),
        new S3.S3BucketReplication(),
        new S3.S3BucketPublicAccessBlock(),
        new S3.S3BucketTlsOnly(),
        new Sqs.SqsQueueEncrypted(),
        new Kms.KmsKeyRotation(),
        new Logs.LogGroupRetention(),
        new Logs.LogGroupEncrypted(),
        new CloudFront.CloudFrontLogging(),
        new CloudFront.CloudFrontTls12(),
        new CloudFront.CloudFrontOriginAccessControl(),
        new ApiGateway.ApiGatewayAccessLogging(),
        new ApiGateway.ApiGatewayExecutionLogging(),
        new ApiGateway.ApiGatewayTracing(),
        new ApiGateway.ApiGatewayV2AccessLogging(),
        new ApiGateway.ApiGatewayAuthorization(),
        new Sns.SnsTopicEncrypted(),
        new Kinesis.KinesisStreamEncrypted(),
        new StepFunctions.StepFunctionsLogging(),
        new StepFunctions.StepFunctionsTracing(),
        new SecretsManager.SecretsManagerCmk(),
        new Iam.IamFullAdmin(),
        new Iam.IamWildcardAction(),
        new Iam.IamCredentialsExposure(),
        new Iam.IamDataExfiltration(),
        new Iam.IamPermissionsManagement(),
        new Iam.IamPrivilegeEscalation(),
        new Iam.IamUnconstrainedWrite(),
        new Deployability.UniqueLogicalIds(),
        new Deployability.KmsKeyUsable(),
        new Deployability.BucketPolicyUnique(),
        new Deployability.SubnetRouteTableUnique(),
        new Deployability.SubnetRangesDisjoint(),
        new Deployability.PolicyResourceNotEmpty(),
        new Deployability.CapacityProviderWithoutVpc(),
    ];

    /// <summary>The rules that catch templates CloudFormation or the application would reject; fix holds its own output to them.</summary>
    public static IReadOnlyList<Rule> Deployability { get; } = [.. All.Where(r => r.Descriptor.Family == RuleFamily.Deployability)];

    /// <summary>Finds a rule by its own ID, name or any alias (case-insensitive).</summary>
    public static Rule? Find(string id) => All.FirstOrDefault(r => r.Descriptor.Matches(id) && !id.Contains('*', StringComparison.Ordinal));
}
