using Ironclad.Core.Rules;

namespace Ironclad.Core.Verification;

/// <summary>
/// The descriptors of the scan rules that verify checks live. The registered rule's descriptor is
/// used whenever <see cref="RuleCatalog"/> has it, so scan and verify report under one identity; the
/// entries below carry the same fixed IDs and aliases for rules not registered yet in this build,
/// so that verify's output does not depend on which rules have landed.
/// </summary>
public static class ScanRuleDescriptors
{
    private static readonly string[] LambdaTypes = ["AWS::Lambda::Function", "AWS::Serverless::Function"];
    private static readonly string[] TableTypes = ["AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Serverless::SimpleTable"];
    private static readonly string[] BucketTypes = ["AWS::S3::Bucket"];

    private static readonly Dictionary<string, RuleDescriptor> Known = new[]
    {
        Describe("IC1001", "LambdaConcurrencyLimit", "Lambda functions have a reserved concurrency limit", Severity.Medium, LambdaTypes, ["CKV_AWS_115"], "LAMBDA_CONCURRENCY_CHECK", "lambda-concurrency-check", ["W92"], "Lambda function without a concurrency limit", "functions"),
        Describe("IC1002", "LambdaDeadLetterQueue", "Lambda functions have a dead-letter queue", Severity.Medium, LambdaTypes, ["CKV_AWS_116"], "LAMBDA_DLQ_CHECK", "lambda-dlq-check", [], "Lambda function without a dead-letter queue", "functions"),
        Describe("IC1003", "LambdaInsideVpc", "Lambda functions run inside a VPC", Severity.Medium, LambdaTypes, ["CKV_AWS_117"], "LAMBDA_INSIDE_VPC", "lambda-inside-vpc", ["W89"], "Lambda function outside a VPC", "functions"),
        Describe("IC1004", "LambdaEnvironmentEncrypted", "Lambda environment variables are encrypted with a customer-managed key", Severity.Medium, LambdaTypes, ["CKV_AWS_173"], null, null, [], "Lambda function with unencrypted environment variables", "functions"),
        Describe("IC2001", "DynamoDbTableCmk", "DynamoDB tables are encrypted with a customer-managed KMS key", Severity.Medium, TableTypes, ["CKV_AWS_119"], "DYNAMODB_TABLE_ENCRYPTED_KMS", "dynamodb-table-encrypted-kms", ["W74"], "DynamoDB table without a customer-managed key", "tables"),
        Describe("IC2002", "DynamoDbPointInTimeRecovery", "DynamoDB tables have point-in-time recovery", Severity.Medium, TableTypes, ["CKV_AWS_28", "CKV_AWS_165"], "DYNAMODB_PITR_ENABLED", "dynamodb-pitr-enabled", ["W78"], "DynamoDB table without point-in-time recovery", "tables"),
        Describe("IC3001", "S3BucketLogging", "S3 buckets have access logging", Severity.Medium, BucketTypes, ["CKV_AWS_18"], "S3_BUCKET_LOGGING_ENABLED", "s3-bucket-logging-enabled", ["W35"], "S3 bucket without access logging", "buckets"),
        Describe("IC3002", "S3BucketVersioning", "S3 buckets have versioning enabled", Severity.Medium, BucketTypes, ["CKV_AWS_21"], "S3_BUCKET_VERSIONING_ENABLED", "s3-bucket-versioning-enabled", [], "S3 bucket without versioning", "buckets"),
        Describe("IC3003", "S3BucketEncryption", "S3 buckets have default server-side encryption", Severity.Low, BucketTypes, ["CKV_AWS_19"], "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "s3-bucket-server-side-encryption-enabled", ["W41"], "S3 bucket without explicit encryption", "buckets"),
        Describe("IC3004", "S3BucketReplication", "S3 buckets replicate their content", Severity.Low, BucketTypes, [], "S3_BUCKET_REPLICATION_ENABLED", "s3-bucket-replication-enabled", [], "S3 bucket without replication", "buckets"),
        Describe("IC3005", "S3BucketPublicAccessBlock", "S3 buckets block all public access", Severity.High, BucketTypes, ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"], "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "s3-bucket-level-public-access-prohibited", [], "S3 bucket without a full public access block", "buckets"),
        Describe("IC3006", "S3BucketTlsOnly", "S3 buckets deny requests without TLS", Severity.Medium, BucketTypes, [], "S3_BUCKET_SSL_REQUESTS_ONLY", "s3-bucket-ssl-requests-only", [], "S3 bucket that accepts plain HTTP", "buckets"),
        Describe("IC4001", "SqsQueueEncrypted", "SQS queues are encrypted", Severity.Medium, ["AWS::SQS::Queue"], ["CKV_AWS_27"], "SQS_QUEUE_ENCRYPTED", "sqs-queue-encrypted", ["W48"], "SQS queue without encryption", "queues"),
        Describe("IC4002", "KmsKeyRotation", "KMS keys rotate", Severity.Medium, ["AWS::KMS::Key"], ["CKV_AWS_7"], "CMK_BACKING_KEY_ROTATION_ENABLED", "cmk-backing-key-rotation-enabled", ["F19"], "KMS key without rotation", "keys"),
    }.ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>The descriptor of the scan rule <paramref name="id"/>: the registered one when there is one.</summary>
    public static RuleDescriptor Get(string id) =>
        RuleCatalog.All.FirstOrDefault(r => r.Descriptor.Id == id)?.Descriptor
        ?? (Known.TryGetValue(id, out var descriptor) ? descriptor : throw new ArgumentException($"no scan rule {id} has a live check", nameof(id)));

    private static RuleDescriptor Describe(
        string id,
        string name,
        string title,
        Severity severity,
        IReadOnlyList<string> types,
        IReadOnlyList<string> checkov,
        string? configIdentifier,
        string? configRuleName,
        IReadOnlyList<string> cfnNag,
        string countLabel,
        string noun) => new()
        {
            Id = id,
            Name = name,
            Title = title,
            Severity = severity,
            ResourceTypes = types,
            CheckovIds = checkov,
            ConfigIdentifier = configIdentifier,
            ConfigRuleName = configRuleName,
            CfnNagIds = cfnNag,
            Rationale = "See the scan rule " + id + " (RULES.md).",
            Remediation = "See the scan rule " + id + " (RULES.md).",
            CountLabel = countLabel,
            Noun = noun,
        };
}
