using System.Globalization;
using System.Text;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>
/// One part of a pull-request comment. <paramref name="DropOrder"/> says which parts give way first when
/// the comment would pass GitHub's limit: 0 never, then the highest first.
/// </summary>
public sealed record CommentSection(string Title, string Body, int DropOrder = 0);

/// <summary>Puts a comment together under GitHub's limit on the length of a comment's body.</summary>
public static class CommentSections
{
    /// <summary>GitHub refuses a comment body longer than this many characters.</summary>
    public const int GitHubLimit = 65_536;

    /// <summary>Rows of a table or items of a list shown before the rest is counted in one line.</summary>
    public const int MaxRows = 50;

    /// <param name="rerun">The command that shows everything, named in every note about something left out.</param>
    public static string Join(string head, IReadOnlyList<CommentSection> sections, string rerun, int limit = GitHubLimit)
    {
        var kept = sections.ToList();
        while (true)
        {
            var text = Render(head, kept);
            if (text.Length <= limit)
            {
                return text;
            }

            var drop = kept.Where(s => s.DropOrder > 0 && !s.Body.StartsWith(Omitted, StringComparison.Ordinal)).OrderByDescending(s => s.DropOrder).FirstOrDefault();
            if (drop is null)
            {
                // Only the parts that are never dropped are left and they are still too long: cut at a line, closing any open fence.
                var note = $"\n\n_The rest is cut: the comment would pass GitHub's {limit.ToString("N0", CultureInfo.InvariantCulture)}-character limit. Run {MarkdownText.Code(rerun)} for all of it._\n";
                var cut = text[..text.LastIndexOf('\n', limit - note.Length - 8)];
                var fence = cut.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2 == 1 ? "\n```" : "";
                return cut + fence + note;
            }

            kept[kept.IndexOf(drop)] = drop with
            {
                Body = $"{Omitted} the comment would pass GitHub's {limit.ToString("N0", CultureInfo.InvariantCulture)}-character limit; run {MarkdownText.Code(rerun)} for it._\n",
            };
        }
    }

    private const string Omitted = "_Left out:";

    private static string Render(string head, List<CommentSection> sections)
    {
        var text = new StringBuilder(head);
        foreach (var section in sections)
        {
            text.Append("\n### ").Append(section.Title).Append("\n\n").Append(section.Body);
        }

        return text.ToString();
    }

    /// <summary>The first <see cref="MaxRows"/> rows and the footer row if any, then one line counting the rest.</summary>
    public static void Rows(StringBuilder text, IReadOnlyList<string> rows, string what, string? footer = null)
    {
        foreach (var row in rows.Take(MaxRows).Append(footer).OfType<string>())
        {
            text.Append(row).Append('\n');
        }

        if (rows.Count > MaxRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n_And {rows.Count - MaxRows} more {what}._\n");
        }
    }

    /// <summary>A fenced Mermaid block.</summary>
    public static string Mermaid(string diagram) => "```mermaid\n" + diagram + "```\n";
}
