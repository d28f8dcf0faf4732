using System.Text.RegularExpressions;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules;

/// <summary>How far a property can be said to be set, before deployment.</summary>
public enum Presence
{
    /// <summary>Missing, or removed by <c>AWS::NoValue</c>.</summary>
    Absent,

    /// <summary>Written, but null or an empty string.</summary>
    Empty,

    /// <summary>A literal value, or one known to exist at deployment (an attribute, a resource's ID, a pseudo parameter, an import).</summary>
    Present,

    /// <summary>It depends on a value that cannot be known before deployment (a parameter without a value, an undecided condition).</summary>
    Unknown,
}

/// <summary>The readings of evaluated values that rules share, so that every rule treats intrinsics alike (docs/design/rules.md, Intrinsics).</summary>
public static partial class ValueChecks
{
    public static Presence PresenceOf(Value? value) => value switch
    {
        null => Presence.Absent,
        ScalarValue s => s.IsEmpty ? Presence.Empty : Presence.Present,
        UnknownValue u => ExistsAtDeployment(u) ? Presence.Present : Presence.Unknown,
        _ => Presence.Present,
    };

    /// <summary>A boolean property: true, false (absent, or anything but a true literal), or null when unknown.</summary>
    public static bool? Truth(Value? value) => value switch
    {
        UnknownValue => null,
        ScalarValue s => s.AsBool() ?? false,
        _ => false,
    };

    /// <summary>The value as a message shows it: literals quoted, deploy-time values by what they depend on.</summary>
    public static string Describe(Value? value) => value switch
    {
        null => "not set",
        ScalarValue { IsNull: true } => "null",
        ScalarValue { Text.Length: 0 } => "an empty string",
        ScalarValue s => $"'{s.Text}'",
        MapValue => "a mapping",
        ListValue l => l.Items.Count == 0 ? "an empty list" : "a list",
        UnknownValue u => "unknown before deployment: " + u.Reason,
        _ => "an unsupported value",
    };

    /// <summary>
    /// Where a finding about a property points: a scalar or intrinsic at its value, a mapping or list at its key
    /// (a block collection starts on the next line), and a missing property at the nearest key that is written.
    /// </summary>
    public static TemplateNode? Locate(Value? root, params ReadOnlySpan<string> path)
    {
        var value = ValuePath.Get(root, path);
        return value is ScalarValue or UnknownValue ? value.Origin : ValuePath.Nearest(root, path);
    }

    /// <summary>A property that must be set: pass, fail where it is empty or where it should be, or unknown.</summary>
    /// <param name="consequence">What its absence means, appended to a failure (": the queue is not encrypted").</param>
    public static Verdict RequirePresent(Value? root, string[] path, string consequence, string subject = "")
    {
        var value = ValuePath.Get(root, path);
        var name = subject + string.Join('.', path);
        return PresenceOf(value) switch
        {
            Presence.Present => Verdict.Pass($"{name} is set"),
            Presence.Unknown => Verdict.Unknown($"{name} is {Describe(value)}", value?.Origin),
            _ => Verdict.Fail($"{name} is {Describe(value)}{consequence}", Locate(root, path)),
        };
    }

    /// <summary>A boolean property that must be true (CloudFormation reads <c>"true"</c> in any case as true).</summary>
    public static Verdict RequireTrue(Value? root, string[] path, string consequence, string subject = "")
    {
        var value = ValuePath.Get(root, path);
        var name = subject + string.Join('.', path);
        return Truth(value) switch
        {
            true => Verdict.Pass($"{name} is true"),
            null => Verdict.Unknown($"{name} is {Describe(value)}", value?.Origin),
            false => Verdict.Fail($"{name} is {Describe(value)}{consequence}", Locate(root, path)),
        };
    }

    /// <summary>The verdict that decides when a rule checks several things: the first failure, else the first unknown, else the first pass.</summary>
    public static Verdict Worst(params IEnumerable<Verdict> verdicts)
    {
        Verdict? worst = null;
        foreach (var verdict in verdicts)
        {
            if (worst is null || Rank(verdict.Status) > Rank(worst.Value.Status))
            {
                worst = verdict;
            }
        }

        return worst ?? throw new ArgumentException("no verdicts to combine", nameof(verdicts));
    }

    private static int Rank(ResultStatus status) => status switch
    {
        ResultStatus.Fail => 3,
        ResultStatus.Unknown => 2,
        ResultStatus.Pass => 1,
        _ => 0,
    };

    /// <summary>
    /// Attributes, resource IDs, pseudo parameters and imports always yield a value, as do strings
    /// with literal text around their placeholders; parameters without a value and undecided
    /// conditions might yield anything, including nothing.
    /// </summary>
    private static bool ExistsAtDeployment(UnknownValue value)
    {
        if (value.ReferencedResource is not null)
        {
            return true;
        }

        if (!Intrinsics.TryGetCall(value.Origin, out var function, out var argument))
        {
            return false;
        }

        return function switch
        {
            "Ref" => argument is ScalarNode { Value: var name } && name.StartsWith("AWS::", StringComparison.Ordinal),
            "Fn::GetAtt" or "Fn::ImportValue" or "Fn::GetAZs" or "Fn::Cidr" => true,
            "Fn::Sub" => SubFormat(argument) is { } format && Placeholder().Replace(format, "").Length > 0,
            "Fn::Join" => argument is SequenceNode { Items: [_, SequenceNode parts] } && parts.Items.Any(p => p is ScalarNode { Value.Length: > 0 }),
            _ => false,
        };
    }

    private static string? SubFormat(TemplateNode argument) => argument switch
    {
        ScalarNode s => s.Value,
        SequenceNode { Items: [ScalarNode s, ..] } => s.Value,
        _ => null,
    };

    [GeneratedRegex(@"\$\{[^!][^}]*\}")]
    private static partial Regex Placeholder();
}
