namespace Ironclad.Core.Rules.S3;

internal static class S3Types
{
    public const string Bucket = "AWS::S3::Bucket";

    public const string BucketPolicy = "AWS::S3::BucketPolicy";

    public static IReadOnlyList<string> Buckets { get; } = [Bucket];
}
