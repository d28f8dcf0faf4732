using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>
/// How the patch's changes become text in one format. <see cref="TemplatePatch"/> decides what
/// changes (the edit model); a layout decides where and how it is written, from the parser's
/// positions and the file's style: <see cref="YamlLayout"/> (block and flow) or <see cref="JsonLayout"/>.
/// </summary>
internal abstract class PatchLayout(TemplateDocument document, DocumentStyle style)
{
    protected TemplateDocument Document { get; } = document;

    protected DocumentStyle Style { get; } = style;

    public static PatchLayout For(TemplateDocument document, DocumentStyle style, Func<TemplateNode, TemplateNode?> parentOf) =>
        style.IsJson ? new JsonLayout(document, style) : new YamlLayout(document, style, parentOf);

    /// <summary>New keys of an existing mapping, all with the same placement.</summary>
    public abstract TextEdit InsertIntoMapping(MappingNode mapping, List<TemplatePatch.Pending> pending, Placement placement);

    /// <summary>New items at the end of an existing sequence.</summary>
    public abstract TextEdit AppendToSequence(SequenceNode sequence, IReadOnlyList<NewNode> items);

    /// <summary>A new value in place of <paramref name="node"/>, held by <paramref name="parent"/> (under <paramref name="key"/> in a mapping).</summary>
    public abstract TextEdit ReplaceNode(TemplateNode node, TemplateNode parent, ScalarNode? key, NewNode value);

    /// <summary>
    /// The edit that turns a single value into a list: the value's own text becomes the first item,
    /// shifted as a block when its indentation must change, never re-rendered, so its long forms,
    /// quoting and comments stay; the new items follow in the file's style.
    /// </summary>
    public abstract TextEdit WrapNode(TemplateNode node, TemplateNode parent, ScalarNode? key, IReadOnlyList<NewNode> items);

    /// <summary>Puts <paramref name="prefix"/> before each line of <paramref name="block"/> after its first, empty lines excepted.</summary>
    protected static string Prefix(string block, string prefix) => Shift(block, 0, prefix);

    /// <summary>
    /// Moves the lines of <paramref name="block"/> after its first by <paramref name="delta"/> columns
    /// (removing at most the spaces a line has when negative), or puts <paramref name="prefix"/> before
    /// them; empty lines stay empty.
    /// </summary>
    protected static string Shift(string block, int delta, string? prefix = null)
    {
        if (delta == 0 && prefix is null)
        {
            return block;
        }

        var result = new System.Text.StringBuilder(block.Length);
        var atLineStart = false;
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            if (atLineStart && c is not ('\n' or '\r'))
            {
                if (prefix is not null)
                {
                    result.Append(prefix);
                }
                else if (delta > 0)
                {
                    result.Append(' ', delta);
                }
                else
                {
                    var skip = 0;
                    while (skip < -delta && i < block.Length && block[i] == ' ')
                    {
                        i++;
                        skip++;
                    }

                    if (i == block.Length)
                    {
                        break;
                    }

                    c = block[i];
                }
            }

            atLineStart = c is '\n' || (c is '\r' && (i + 1 == block.Length || block[i + 1] != '\n'));
            result.Append(c);
        }

        return result.ToString();
    }
}
