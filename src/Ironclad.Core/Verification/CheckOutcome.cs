using Ironclad.Core.Rules;

namespace Ironclad.Core.Verification;

/// <summary>One live check's answer for one stack resource (or the account).</summary>
public sealed record CheckOutcome(RuleDescriptor Rule, string LogicalId, string ResourceType, ResultStatus Status, string Message)
{
    /// <summary>The check compared a live value with the template's and found them different.</summary>
    public bool Drift { get; init; }

    /// <summary>The check itself threw: reported under errors and fails the run, never passed off as unknown.</summary>
    public bool IsError { get; init; }
}

/// <summary>A check's verdict before it is tied to a resource; null from a check means not applicable.</summary>
/// <param name="Drift">The live value contradicts the template's (not only the check's expectation).</param>
internal readonly record struct LiveVerdict(ResultStatus Status, string Message, bool Drift = false)
{
    public static LiveVerdict DriftFrom(string message) => new(ResultStatus.Fail, message, true);

    public static LiveVerdict Pass(string message) => new(ResultStatus.Pass, message);

    public static LiveVerdict Fail(string message) => new(ResultStatus.Fail, message);

    public static LiveVerdict Unknown(string message) => new(ResultStatus.Unknown, message);
}
