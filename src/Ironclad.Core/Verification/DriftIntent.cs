using System.Globalization;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Verification;

/// <summary>
/// What the template says about the property a live check looks at: the property's name, value and
/// line for drift messages, and, for checks scan has no rule for, whether the template asks for
/// what the check wants (so that a live failure is drift, not a template gap).
/// </summary>
internal static class DriftIntent
{
    private static readonly Dictionary<string, string[]> Properties = new(StringComparer.Ordinal)
    {
        ["IC1001"] = ["ReservedConcurrentExecutions"],
        ["IC1002"] = ["DeadLetterConfig", "DeadLetterQueue"],
        ["IC1003"] = ["VpcConfig"],
        ["IC1004"] = ["KmsKeyArn"],
        ["IC1005"] = ["Environment"],
        ["IC1006"] = ["Runtime"],
        ["IC1007"] = ["TracingConfig", "Tracing"],
        ["IC1008"] = ["FunctionUrlConfig"],
        ["IC2001"] = ["SSESpecification"],
        ["IC2002"] = ["PointInTimeRecoverySpecification"],
        ["IC2003"] = ["DeletionProtectionEnabled"],
        ["IC3001"] = ["LoggingConfiguration"],
        ["IC3002"] = ["VersioningConfiguration"],
        ["IC3003"] = ["BucketEncryption"],
        ["IC3004"] = ["ReplicationConfiguration"],
        ["IC3005"] = ["PublicAccessBlockConfiguration"],
        ["IC4001"] = ["KmsMasterKeyId", "SqsManagedSseEnabled"],
        ["IC4002"] = ["EnableKeyRotation"],
        ["IC6001"] = ["AccessLogSetting"],
        ["IC6002"] = ["MethodSettings"],
        ["IC6003"] = ["TracingEnabled"],
        ["IC6004"] = ["AccessLogSettings"],
        ["IC6101"] = ["KmsMasterKeyId"],
        ["IC6201"] = ["StreamEncryption"],
        ["IC6301"] = ["LoggingConfiguration", "Logging"],
        ["IC6302"] = ["TracingConfiguration", "Tracing"],
        ["IC6401"] = ["KmsKeyId"],
        ["IC7001"] = ["Policies", "PolicyDocument"],
        ["IC7002"] = ["Policies", "PolicyDocument"],
        ["IC7003"] = ["Policies", "PolicyDocument"],
        ["IC7004"] = ["Policies", "PolicyDocument"],
        ["IC7005"] = ["Policies", "PolicyDocument"],
        ["IC7006"] = ["Policies", "PolicyDocument"],
        ["IC7007"] = ["Policies", "PolicyDocument"],
        ["IC9003"] = ["EnableDnsHostnames", "EnableDnsSupport"],
        ["IC9006"] = ["PrivateDnsEnabled"],
        ["IC9007"] = ["MessageRetentionPeriod"],
    };

    /// <summary>For verify-only checks: does the template set what the check wants, literally?</summary>
    public static bool SetsVerifyOnlyIntent(string ruleId, ResourceDefinition resource) => ruleId switch
    {
        "IC9003" => IsTrue(resource.Properties?["EnableDnsHostnames"]) && !IsFalse(resource.Properties?["EnableDnsSupport"]),
        "IC9006" => IsTrue(resource.Properties?["PrivateDnsEnabled"]),
        "IC9007" => resource.Properties?["MessageRetentionPeriod"] is ScalarNode { Value: var v }
            && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= StackVerifier.DeadLetterRetentionSeconds,
        _ => false,
    };

    /// <summary>The property of the template the rule looks at, if the resource sets one.</summary>
    public static MappingEntry? Property(string ruleId, ResourceDefinition resource) =>
        Properties.TryGetValue(ruleId, out var names) && resource.Properties is { } properties
            ? names.Select(properties.Find).FirstOrDefault(e => e is not null)
            : null;

    /// <summary>The start of a drift message: the template's property, its value and its line.</summary>
    public static string Describe(string ruleId, ResourceDefinition resource) =>
        Property(ruleId, resource) is { } entry
            ? $"drift: the template sets {entry.Key.Value}: {Render(entry.Value)} (line {entry.Key.Span.Start.Line}), but live "
            : "drift: the template sets this, but live ";

    private static bool IsTrue(TemplateNode? node) => node is ScalarNode { Value: var v } && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsFalse(TemplateNode? node) => node is ScalarNode { Value: var v } && string.Equals(v, "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>A short, one-line rendering: scalars as written, intrinsics by their short form, mappings by their keys.</summary>
    private static string Render(TemplateNode node)
    {
        if (Intrinsics.TryGetCall(node, out var function, out var argument))
        {
            var name = function == "Ref" ? "!Ref" : "!" + function.Replace("Fn::", string.Empty, StringComparison.Ordinal);
            return argument is ScalarNode scalar ? $"{name} {scalar.Value}" : name + " ...";
        }

        var text = node switch
        {
            ScalarNode scalar => scalar.Value,
            MappingNode mapping => "{" + string.Join(", ", mapping.Entries.Select(e => e.Key.Value)) + "}",
            SequenceNode sequence => $"[{sequence.Items.Count} item{(sequence.Items.Count == 1 ? "" : "s")}]",
            _ => "...",
        };
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
