namespace Ironclad.Core.Rules.CloudFront;

internal static class CloudFrontTypes
{
    public static IReadOnlyList<string> Distributions { get; } = ["AWS::CloudFront::Distribution"];
}
