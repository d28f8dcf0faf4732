using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// How a file is written, detected from the file itself so that inserted text looks like its
/// neighbours: line endings, indentation unit, whether block sequences are indented under their key,
/// the preferred quote, and for JSON the indentation string.
/// </summary>
public sealed class DocumentStyle
{
    private DocumentStyle(TemplateFormat format, string newline, int indent, int sequenceIndent, char quote, string jsonIndent)
    {
        Format = format;
        Newline = newline;
        Indent = indent;
        SequenceIndent = sequenceIndent;
        Quote = quote;
        JsonIndent = jsonIndent;
    }

    public TemplateFormat Format { get; }

    public string Newline { get; }

    /// <summary>YAML: spaces per nesting level of mappings.</summary>
    public int Indent { get; }

    /// <summary>YAML: columns between a key and the dashes of its block sequence (0 for "indentless" sequences).</summary>
    public int SequenceIndent { get; }

    /// <summary>YAML: the quote used for strings that cannot be plain.</summary>
    public char Quote { get; }

    /// <summary>JSON: the whitespace of one nesting level.</summary>
    public string JsonIndent { get; }

    public bool IsJson => Format == TemplateFormat.Json;

    public static DocumentStyle Detect(TemplateDocument document)
    {
        var text = document.Text;
        var newline = DominantNewline(text);
        if (document.Format == TemplateFormat.Json)
        {
            return new DocumentStyle(document.Format, newline, 2, 2, '"', DetectJsonIndent(document));
        }

        var counts = new Counts();
        Walk(document.Root, counts, 0);
        var indent = counts.Indents.MostFrequent(preferLarger: false) ?? 2;
        var sequenceIndent = counts.Sequences.MostFrequent(preferLarger: true) ?? indent;
        return new DocumentStyle(document.Format, newline, indent, sequenceIndent, counts.DoubleQuoted > counts.SingleQuoted ? '"' : '\'', "  ");
    }

    /// <summary>The most frequent line end (LF, CRLF or a lone CR), so that inserted lines do not mix a third kind into the file.</summary>
    private static string DominantNewline(string text)
    {
        var crlf = 0;
        var lf = 0;
        var cr = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lf++;
            }
            else if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    crlf++;
                    i++;
                }
                else
                {
                    cr++;
                }
            }
        }

        return crlf > lf && crlf >= cr ? "\r\n" : cr > lf && cr > crlf ? "\r" : "\n";
    }

    private static void Walk(TemplateNode node, Counts counts, int depth)
    {
        if (depth > 200)
        {
            return;
        }

        switch (node)
        {
            // Indexed loops, not foreach: the entries are an IReadOnlyList, whose enumerator is an allocation per node walked.
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    var (key, value) = map.Entries[i];
                    if (!map.IsFlow && value is MappingNode { IsFlow: false, ShortFormTag: null } child && child.Entries.Count > 0)
                    {
                        var step = child.Entries[0].Key.Span.Start.Column - key.Span.Start.Column;
                        if (step > 0)
                        {
                            counts.Indents.Add(step);
                        }
                    }

                    if (!map.IsFlow && value is SequenceNode { IsFlow: false } seq && seq.Items.Count > 0)
                    {
                        var step = seq.Span.Start.Column - key.Span.Start.Column;
                        if (step >= 0)
                        {
                            counts.Sequences.Add(step);
                        }
                    }

                    Walk(value, counts, depth + 1);
                }

                break;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    Walk(seq.Items[i], counts, depth + 1);
                }

                break;
            case ScalarNode { Style: ScalarStyle.SingleQuoted }:
                counts.SingleQuoted++;
                break;
            case ScalarNode { Style: ScalarStyle.DoubleQuoted }:
                counts.DoubleQuoted++;
                break;
        }
    }

    private static string DetectJsonIndent(TemplateDocument document)
    {
        if (document.Root.Entries.Count == 0)
        {
            return "  ";
        }

        var key = document.Root.Entries[0].Key.Span.Start;
        if (key.Line == document.Root.Span.Start.Line)
        {
            return "  ";
        }

        var lineStart = document.Lines.LineStart(key.Line);
        var lead = document.Text[lineStart..key.Offset];
        return lead.Length == 0 || lead.Any(c => c is not (' ' or '\t')) ? "  " : lead;
    }

    /// <summary>What <see cref="Walk"/> counts over the whole document.</summary>
    private sealed class Counts
    {
        public Tally Indents { get; } = new();

        public Tally Sequences { get; } = new();

        public int SingleQuoted { get; set; }

        public int DoubleQuoted { get; set; }
    }
}
