using System.Text.RegularExpressions;
using Ironclad.Core.Editing;
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
    public static IReadOnlyList<Suppression> For(TemplateDocument document, ResourceDefinition resource) =>
        For(document, resource, MayHaveSkipComments(document));

    /// <summary>
    /// False when no line of the document can hold a skip comment (every one has <c>:skip=</c>): the scanner asks once
    /// per template, and then does not measure each resource's lines to search them.
    /// </summary>
    internal static bool MayHaveSkipComments(TemplateDocument document) =>
        document.Format == TemplateFormat.Yaml && document.Text.Contains(":skip=", StringComparison.Ordinal);

    /// <remarks>The list is made only for a resource that declares a suppression: the scanner asks for every resource, and most declare none.</remarks>
    internal static IReadOnlyList<Suppression> For(TemplateDocument document, ResourceDefinition resource, bool mayHaveSkipComments)
    {
        List<Suppression>? found = null;
        if (resource.Metadata is { } metadata)
        {
            ReadList(metadata, ref found, "ironclad", "suppress", "reason");
            ReadList(metadata, ref found, "checkov", "skip", "comment");
            ReadList(metadata, ref found, "bridgecrew", "skip", "comment");
            ReadList(metadata, ref found, "cfn_nag", "rules_to_suppress", "reason");
            if ((metadata["guard"] as MappingNode)?["SuppressedRules"] is SequenceNode guard)
            {
                (found ??= []).AddRange(guard.Items.OfType<ScalarNode>().Select(s => new Suppression(s.Value, null, "Metadata.guard.SuppressedRules")));
            }
        }

        if (mayHaveSkipComments)
        {
            // The resource's own lines: from its key to the end of its last value, by offsets (CR, LF and
            // CRLF all end lines). A resource written as an alias (Name: *other) owns only its key's line.
            var text = document.Text;
            var start = NodeGeometry.LineStartOf(text, resource.Key.Span.Start.Offset);
            var ownText = resource.Node.Span.Start.Offset >= resource.Key.Span.End.Offset;
            var last = ownText ? NodeGeometry.ContentEnd(resource.Node, document) : resource.Key.Span.End.Offset;
            var end = ExtendOverIndentedComments(text, NodeGeometry.LineEnd(text, last), resource.Key.Span.Start.Column);
            foreach (Match match in SkipComment().Matches(text[start..Math.Max(start, end)]))
            {
                var reason = match.Groups["reason"].Success ? match.Groups["reason"].Value.Trim() : null;
                (found ??= []).Add(new Suppression(match.Groups["id"].Value, string.IsNullOrEmpty(reason) ? null : reason, "comment"));
            }
        }

        return found ?? (IReadOnlyList<Suppression>)[];
    }

    /// <summary>Comment lines after the last value still belong to the resource while they are indented under its key.</summary>
    private static int ExtendOverIndentedComments(string text, int end, int keyColumn)
    {
        while (end < text.Length)
        {
            var next = EndOfLine(text, end + 1);
            var line = text.AsSpan(end + 1, next - end - 1);
            var content = line.TrimStart(' ');
            if (!content.IsEmpty && (content[0] != '#' || line.Length - content.Length < keyColumn))
            {
                break;
            }

            end = next;
        }

        return end;
    }

    private static int EndOfLine(string text, int offset) => NodeGeometry.LineEnd(text, offset);

    public static Suppression? Find(IReadOnlyList<Suppression> suppressions, RuleDescriptor rule)
    {
        for (var i = 0; i < suppressions.Count; i++)
        {
            if (rule.Matches(suppressions[i].Id))
            {
                return suppressions[i];
            }
        }

        return null;
    }

    private static void ReadList(MappingNode metadata, ref List<Suppression>? found, string tool, string list, string reasonKey)
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
                    (found ??= []).Add(new Suppression(id.Value, string.IsNullOrWhiteSpace(reason) ? null : reason, $"Metadata.{tool}.{list}"));
                    break;
                case ScalarNode id:
                    (found ??= []).Add(new Suppression(id.Value, null, $"Metadata.{tool}.{list}"));
                    break;
            }
        }
    }

    [GeneratedRegex(@"#\s*(?:checkov|bridgecrew|ironclad):skip=(?<id>[A-Za-z_\d.-]+)(?::(?<reason>[^\r\n]*))?")]
    private static partial Regex SkipComment();
}
