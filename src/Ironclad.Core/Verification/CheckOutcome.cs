using Ironclad.Core.Rules;

namespace Ironclad.Core.Verification;

/// <summary>One live check's answer for one stack resource (or the account).</summary>
public sealed record CheckOutcome(RuleDescriptor Rule, string LogicalId, string ResourceType, ResultStatus Status, string Message)
{
    /// <summary>The check itself threw: reported under errors and fails the run, never passed off as unknown.</summary>
    public bool IsError { get; init; }
}

/// <summary>A check's verdict before it is tied to a resource; null from a check means not applicable.</summary>
internal readonly record struct LiveVerdict(ResultStatus Status, string Message)
{
    public static LiveVerdict Pass(string message) => new(ResultStatus.Pass, message);

    public static LiveVerdict Fail(string message) => new(ResultStatus.Fail, message);

    public static LiveVerdict Unknown(string message) => new(ResultStatus.Unknown, message);
}
