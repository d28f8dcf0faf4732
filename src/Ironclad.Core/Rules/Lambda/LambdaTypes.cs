namespace Ironclad.Core.Rules.Lambda;

internal static class LambdaTypes
{
    public const string Function = "AWS::Lambda::Function";

    public const string Serverless = "AWS::Serverless::Function";

    public static IReadOnlyList<string> All { get; } = [Function, Serverless];
}
