using System.Globalization;
using System.Text;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>
/// Text placed inside Mermaid diagrams. Labels are always written quoted (<c>["..."]</c>, <c>|"..."|</c>),
/// and every character the flowchart grammar or the renderer's HTML would read as syntax is written as
/// one of Mermaid's entity codes (<c>#quot;</c>, <c>#35;</c>), so that no name or value in a template
/// can end a label early or inject markup.
/// </summary>
public static class MermaidText
{
    /// <summary>The line break inside a label; labels are HTML in GitHub's renderer.</summary>
    public const string Break = "<br/>";

    public static string Label(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    escaped.Append("#quot;");
                    break;
                case '#' or '<' or '>' or '&' or '`' or ';' or '\\' or '|' or '{' or '}':
                    escaped.Append('#').Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
                    break;
                case < ' ' or '\u007f':
                    escaped.Append(' ');
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Label lines joined with line breaks, each escaped.</summary>
    public static string Lines(params string[] lines) => string.Join(Break, lines.Where(l => l.Length > 0).Select(Label));

    /// <summary>
    /// A pie slice's name: the pie grammar's strings have no escapes, so a double quote becomes a single one,
    /// and control characters become spaces.
    /// </summary>
    public static string PieLabel(string text) =>
        new(text.Select(c => c == '"' ? '\'' : c < ' ' || c == '\u007f' ? ' ' : c).ToArray());

    /// <summary>A node or subgraph ID: letters, digits and underscores only, after a prefix no keyword starts with.</summary>
    public static string Id(string prefix, string name) =>
        prefix + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
