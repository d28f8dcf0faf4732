using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Tests.Rules;

/// <summary>What every rule's tests share: one rule's result for one resource, and the suppression matrix.</summary>
internal static class RuleTestKit
{
    public const string Reason = "accepted by the security team";

    private static readonly string[] Forms = ["checkov", "bridgecrew", "cfn_nag", "guard", "ironclad", "key-line comment", "block comment"];

    /// <summary>The one result of <paramref name="rule"/> for <paramref name="resource"/>, scanning with that rule only.</summary>
    public static ScanResult Result(RuleDescriptor rule, string template, string resource, IReadOnlyDictionary<string, string>? parameters = null) =>
        TestTemplates.Single(TestTemplates.Scan(template, parameters, only: rule.Id), rule.Id, resource);

    /// <summary>Asserts status, position and (part of) the message of one resource's result.</summary>
    public static ScanResult Expect(RuleDescriptor rule, string template, string resource, ResultStatus status, int line, int column, string? message = null)
    {
        var result = Result(rule, template, resource);
        Assert.Equal((status, line, column), (result.Status, result.Line, result.Column));
        if (message is not null)
        {
            Assert.Contains(message, result.Message, StringComparison.Ordinal);
        }

        return result;
    }

    /// <summary>Asserts that the rule reports nothing for the resource (not applicable, or not deployed).</summary>
    public static void ExpectNoResult(RuleDescriptor rule, string template, string resource) =>
        Assert.DoesNotContain(TestTemplates.Scan(template, only: rule.Id), r => r.Resource == resource);

    /// <summary>Every suppression form (docs/design/rules.md, Suppressions) crossed with every ID the rule is known by.</summary>
    public static TheoryData<string, string> SuppressionCases(RuleDescriptor rule)
    {
        var data = new TheoryData<string, string>();
        var ids = new[] { rule.Id }.Concat(rule.CheckovIds).Concat(rule.ConfigRuleName is null ? [] : [rule.ConfigRuleName, rule.ConfigIdentifier!]).Concat(rule.CfnNagIds).Concat(rule.SecurityHubIds);
        foreach (var form in Forms)
        {
            foreach (var id in ids)
            {
                data.Add(form, id);
            }
        }

        return data;
    }

    /// <summary>
    /// Suppresses the rule on resource <c>Target</c> of a template where it fails, and asserts the suppression is
    /// reported at the resource's key with its reason (or as reason-less for the forms that carry none).
    /// </summary>
    /// <param name="template">A template whose resource <c>Target</c> is written as <c>  Target:</c> with <c>    Type:</c> on the next line.</param>
    public static void ExpectSuppressed(RuleDescriptor rule, string template, string form, string id)
    {
        var key = KeyPosition(template);
        Assert.Equal(ResultStatus.Fail, Result(rule, template, "Target").Status);

        var result = Result(rule, Suppress(template, form, id, Reason), "Target");

        Assert.Equal((ResultStatus.Suppressed, key.Line, key.Column), (result.Status, result.Line, result.Column));
        if (form == "guard")
        {
            Assert.Equal("no reason given", result.Reason);
            Assert.Contains("without a reason", result.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(Reason, result.Reason);
            Assert.DoesNotContain("without a reason", result.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A suppression that gives no reason is still honoured, and reported as having none.</summary>
    public static void ExpectSuppressedWithoutReason(RuleDescriptor rule, string template)
    {
        var result = Result(rule, Suppress(template, "checkov", rule.Id, reason: null), "Target");

        Assert.Equal(ResultStatus.Suppressed, result.Status);
        Assert.Equal("no reason given", result.Reason);
        Assert.Contains("without a reason", result.Message, StringComparison.Ordinal);
    }

    private static (int Line, int Column) KeyPosition(string template)
    {
        var lines = template.Split('\n');
        var index = Array.FindIndex(lines, l => l.TrimEnd() == "  Target:");
        Assert.True(index >= 0, "the template must define resource Target as '  Target:'");
        return (index + 1, 3);
    }

    private static string Suppress(string template, string form, string id, string? reason)
    {
        var lines = template.Split('\n').ToList();
        var key = lines.FindIndex(l => l.TrimEnd() == "  Target:");
        Assert.StartsWith("    Type:", lines[key + 1], StringComparison.Ordinal);
        var withReason = reason is null ? "" : ":" + reason;
        string[] metadata = form switch
        {
            "checkov" or "bridgecrew" => [$"      {form}:", "        skip:", $"          - id: {id}", .. reason is null ? Array.Empty<string>() : [$"            comment: {reason}"]],
            "cfn_nag" => ["      cfn_nag:", "        rules_to_suppress:", $"          - id: {id}", $"            reason: {reason}"],
            "guard" => ["      guard:", "        SuppressedRules:", $"          - {id}"],
            "ironclad" => ["      ironclad:", "        suppress:", $"          - id: {id}", $"            reason: {reason}"],
            _ => [],
        };
        if (metadata.Length > 0)
        {
            lines.InsertRange(key + 2, ["    Metadata:", .. metadata]);
        }
        else if (form == "key-line comment")
        {
            lines[key] = $"  Target: # checkov:skip={id}{withReason}";
        }
        else
        {
            lines.Insert(key + 2, $"    # checkov:skip={id}{withReason}");
        }

        return string.Join('\n', lines);
    }
}
