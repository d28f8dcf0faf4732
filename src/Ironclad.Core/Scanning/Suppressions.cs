using System.Text.RegularExpressions;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Scanning;

public sealed record Suppression(string Id, string? Reason, string Source);

/// <summary>
/// Reads the suppressions a resource declares: Checkov/Bridgecrew, cfn-nag, cfn-guard and our own
/// <c>Metadata</c> forms, and <c># checkov:skip=ID:reason</c> comments on the resource's lines.
/// </summary>
public static partial class Suppressions
{
    public static IReadOnlyList<Suppression> For(TemplateDocument document, ResourceDefinition resource)
    {
        var found = new List<Suppression>();
        if (resource.Metadata is { } metadata)
        {
            ReadList(metadata, found, "ironclad", "suppress", "reason");
            ReadList(metadata, found, "checkov", "skip", "comment");
            ReadList(metadata, found, "bridgecrew", "skip", "comment");
            ReadList(metadata, found, "cfn_nag", "rules_to_suppress", "reason");
            if ((metadata["guard"] as MappingNode)?["SuppressedRules"] is SequenceNode guard)
            {
                found.AddRange(guard.Items.OfType<ScalarNode>().Select(s => new Suppression(s.Value, null, "Metadata.guard.SuppressedRules")));
            }
        }

        if (document.Format == TemplateFormat.Yaml)
        {
            var start = document.Lines.LineStart(resource.Span.Start.Line);
            var end = Math.Min(document.Text.Length, resource.Span.End.Offset);
            foreach (Match match in SkipComment().Matches(document.Text[start..end]))
            {
                var reason = match.Groups["reason"].Success ? match.Groups["reason"].Value.Trim() : null;
                found.Add(new Suppression(match.Groups["id"].Value, string.IsNullOrEmpty(reason) ? null : reason, "comment"));
            }
        }

        return found;
    }

    public static Suppression? Find(IReadOnlyList<Suppression> suppressions, RuleDescriptor rule) =>
        suppressions.FirstOrDefault(s => rule.Matches(s.Id));

    private static void ReadList(MappingNode metadata, List<Suppression> found, string tool, string list, string reasonKey)
    {
        if ((metadata[tool] as MappingNode)?[list] is not SequenceNode items)
        {
            return;
        }

        foreach (var item in items.Items)
        {
            switch (item)
            {
                case MappingNode entry when entry["id"] is ScalarNode id:
                    var reason = (entry[reasonKey] as ScalarNode)?.Value;
                    found.Add(new Suppression(id.Value, string.IsNullOrWhiteSpace(reason) ? null : reason, $"Metadata.{tool}.{list}"));
                    break;
                case ScalarNode id:
                    found.Add(new Suppression(id.Value, null, $"Metadata.{tool}.{list}"));
                    break;
            }
        }
    }

    [GeneratedRegex(@"#\s*(?:checkov|bridgecrew|ironclad):skip=(?<id>[A-Za-z_\d-]+)(?::(?<reason>[^\n]*))?")]
    private static partial Regex SkipComment();
}
