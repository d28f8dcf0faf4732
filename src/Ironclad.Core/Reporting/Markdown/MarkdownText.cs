using System.Text;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>Text from templates and findings placed in GitHub-flavoured Markdown, where it must stay text.</summary>
public static class MarkdownText
{
    /// <summary>Cells and list items longer than this are cut: one warning must not fill a comment.</summary>
    public const int MaxCell = 600;

    /// <summary>
    /// Escapes what Markdown or GitHub's HTML would interpret (emphasis, links, tables, tags, entities),
    /// folds line breaks and cuts text longer than <see cref="MaxCell"/>.
    /// </summary>
    public static string Escape(string text)
    {
        var cut = text.Length > MaxCell ? text[..(MaxCell - 1)] + "…" : text;
        var escaped = new StringBuilder(cut.Length + 8);
        for (var i = 0; i < cut.Length; i++)
        {
            var c = cut[i];
            switch (c)
            {
                // An underscore inside a word (CKV_AWS_119) is no emphasis in GitHub's Markdown, so it stays as it is.
                case '_' when i > 0 && i < cut.Length - 1 && char.IsLetterOrDigit(cut[i - 1]) && char.IsLetterOrDigit(cut[i + 1]):
                    escaped.Append(c);
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#':
                    escaped.Append('\\').Append(c);
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '\r' or '\n' or '\t':
                    escaped.Append(' ');
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Inline code: the text in a code span whose backtick fence is longer than any run inside it.</summary>
    public static string Code(string text)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ');
        var longest = 0;
        var run = 0;
        foreach (var c in flat)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = flat.StartsWith('`') || flat.EndsWith('`') ? " " : "";
        return fence + pad + flat + pad + fence;
    }
}
