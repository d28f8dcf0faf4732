using System.Text;

namespace Ironclad.Core.Rules;

/// <summary>
/// The Markdown documentation of the rules, rendered from their descriptors only, so that the committed pages
/// (docs/rules), <c>ironclad rules ID</c> and the reports can never disagree.
/// </summary>
public static class RuleDocs
{
    public static string Render(RuleDescriptor rule)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(rule.Id).Append(": ").Append(rule.Title).Append("\n\n");
        text.Append("| | |\n|---|---|\n");
        Row(text, "Name", Code(rule.Name));
        Row(text, "Severity", rule.Severity.ToString().ToLowerInvariant());
        Row(text, "Applies to", string.Join(", ", rule.ResourceTypes.Select(Code)));
        Row(text, "Checkov", Codes(rule.CheckovIds));
        Row(text, "AWS Config", rule.ConfigIdentifier is null ? "—" : $"{Code(rule.ConfigIdentifier)} ({Code(rule.ConfigRuleName ?? "")})");
        Row(text, "cfn-nag", Codes(rule.CfnNagIds));
        Row(text, "Security Hub", Codes(rule.SecurityHubIds));
        Row(text, "Counted as", $"{rule.CountLabel} (of all {rule.Noun})");
        Section(text, "Why", rule.Rationale);
        Section(text, "Passes when", rule.PassCondition);
        Section(text, "Differences from Checkov", rule.Deviations);
        Section(text, "How to fix", rule.Remediation);
        var ids = string.Join(", ", new[] { rule.Id }.Concat(rule.Aliases).Select(Code));
        Section(
            text,
            "Suppressing",
            $"Name the rule by any of its IDs ({ids}) in the resource's `Metadata` (`checkov.skip` or `bridgecrew.skip` with `id` and `comment`, "
            + "`cfn_nag.rules_to_suppress` with `id` and `reason`, `guard.SuppressedRules`, or `ironclad.suppress` with `id` and `reason`), "
            + $"or in a `# checkov:skip={rule.Id}:reason` comment on the resource's lines. Give a reason: a suppression without one is reported as such.");
        return text.ToString();
    }

    public static string RenderIndex(IEnumerable<RuleDescriptor> rules)
    {
        var text = new StringBuilder();
        text.Append("# Rules\n\n");
        text.Append("Generated from the rule descriptors (`RuleDocs`); a test fails when these pages are stale, and `IRONCLAD_UPDATE_DOCS=1 dotnet test` rewrites them.\n\n");
        text.Append("| ID | Title | Severity | Checkov | Security Hub | AWS Config | Applies to |\n|---|---|---|---|---|---|---|\n");
        foreach (var rule in rules)
        {
            text.Append($"| [{rule.Id}]({rule.Id}.md) | {rule.Title} | {rule.Severity.ToString().ToLowerInvariant()} | {Codes(rule.CheckovIds)} | {Codes(rule.SecurityHubIds)} | ")
                .Append(rule.ConfigRuleName is null ? "—" : Code(rule.ConfigRuleName))
                .Append(" | ").Append(string.Join(", ", rule.ResourceTypes.Select(Code))).Append(" |\n");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, string value) => text.Append("| ").Append(name).Append(" | ").Append(value).Append(" |\n");

    private static void Section(StringBuilder text, string title, string body) => text.Append("\n## ").Append(title).Append("\n\n").Append(body).Append('\n');

    private static string Code(string id) => $"`{id}`";

    private static string Codes(IReadOnlyList<string> ids) => ids.Count == 0 ? "—" : string.Join(", ", ids.Select(Code));
}
