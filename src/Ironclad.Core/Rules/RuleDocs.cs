using System.Text;

namespace Ironclad.Core.Rules;

/// <summary>Renders a rule's documentation page (docs/rules/ID.md, and <c>ironclad rules ID</c>) from its descriptor.</summary>
public static class RuleDocs
{
    public static string Render(RuleDescriptor rule)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(rule.Id).Append(' ').Append(rule.Title).Append("\n\n");
        text.Append("- Severity: ").Append(rule.Severity.ToString().ToLowerInvariant()).Append('\n');
        text.Append("- Resource types: ").Append(string.Join(", ", rule.ResourceTypes.Select(t => $"`{t}`"))).Append('\n');
        if (rule.CheckovIds.Count > 0)
        {
            text.Append("- Checkov: ").Append(string.Join(", ", rule.CheckovIds)).Append('\n');
        }

        if (rule.ConfigIdentifier is not null)
        {
            text.Append("- AWS Config: ").Append(rule.ConfigIdentifier).Append(" (").Append(rule.ConfigRuleName).Append(")\n");
        }

        if (rule.CfnNagIds.Count > 0)
        {
            text.Append("- cfn-nag: ").Append(string.Join(", ", rule.CfnNagIds)).Append('\n');
        }

        text.Append("\n## Why\n\n").Append(rule.Rationale).Append("\n\n## Fix\n\n").Append(rule.Remediation).Append('\n');
        return text.ToString();
    }
}
