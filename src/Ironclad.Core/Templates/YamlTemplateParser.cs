using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlEventScalar = YamlDotNet.Core.Events.Scalar;
using YamlScalarStyle = YamlDotNet.Core.ScalarStyle;

namespace Ironclad.Core.Templates;

/// <summary>
/// Builds the positioned node tree from YamlDotNet's event stream. We read events rather than
/// YamlDotNet's representation model because we need duplicate-key errors, short-form intrinsic tags
/// turned into their long form, and a bound on alias expansion, none of which the model offers.
/// </summary>
internal sealed class YamlTemplateParser
{
    /// <summary>Generous for any real template (the largest CloudFormation accepts is 1 MB), fatal for alias bombs.</summary>
    internal const long MaxExpandedNodes = 5_000_000;

    private readonly Parser parser;
    private readonly Dictionary<string, TemplateNode> anchors = new(StringComparer.Ordinal);
    private long expanded;

    private YamlTemplateParser(string text) => parser = new Parser(new StringReader(text));

    public static TemplateNode? Parse(string text)
    {
        var reader = new YamlTemplateParser(text);
        try
        {
            return reader.ParseStream();
        }
        catch (YamlException ex)
        {
            var at = ToPosition(ex.Start);

            // YamlDotNet reports a tab in indentation at the start of the enclosing mapping; point at the tab.
            if (ex.Message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text) is { } tab)
            {
                at = tab;
            }

            throw new TemplateLoadException(CleanMessage(ex.Message), at, ex);
        }
    }

    private static SourcePosition? FirstIndentingTab(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (text[i] == '\t' && text.AsSpan(lineStart, i - lineStart).Trim(' ').IsEmpty)
            {
                return new SourcePosition(line, i - lineStart + 1, i);
            }
        }

        return null;
    }

    private TemplateNode? ParseStream()
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        TemplateNode? root = null;
        if (!parser.Accept<DocumentEnd>(out _))
        {
            root = ParseNode();
        }

        parser.Consume<DocumentEnd>();
        if (parser.Current is DocumentStart second)
        {
            throw new TemplateLoadException("a template must be a single YAML document; found a second document", ToPosition(second.Start));
        }

        return root;
    }

    private TemplateNode ParseNode()
    {
        var current = parser.Current ?? throw new TemplateLoadException("unexpected end of YAML", default);
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new TemplateLoadException($"alias *{alias.Value.Value} refers to no anchor", ToPosition(alias.Start));
                }

                Count(target.Weight, alias.Start);
                return target;
            case YamlEventScalar scalar:
                parser.MoveNext();
                var scalarNode = new ScalarNode(scalar.Value, MapStyle(scalar.Style), Span(scalar.Start, scalar.End));
                return Finish(scalar, scalarNode, scalar.Start);
            case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<TemplateNode>();
                    SequenceEnd end;
                    while (!parser.TryConsume(out end!))
                    {
                        items.Add(ParseNode());
                    }

                    var node = new SequenceNode(items, start.Style == SequenceStyle.Flow, Span(start.Start, end.End));
                    return Finish(start, node, start.Start);
                }

            case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<MappingEntry>();
                    var seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
                    MappingEnd end;
                    while (!parser.TryConsume(out end!))
                    {
                        var keyNode = ParseNode();
                        if (keyNode is not ScalarNode key)
                        {
                            throw new TemplateLoadException("mapping keys must be plain strings", keyNode.Span.Start);
                        }

                        if (seen.TryGetValue(key.Value, out var first))
                        {
                            throw new TemplateLoadException(
                                $"duplicate key '{key.Value}' (first defined at line {first.Span.Start.Line}); CloudFormation rejects duplicate keys",
                                key.Span.Start);
                        }

                        seen[key.Value] = key;
                        entries.Add(new MappingEntry(key, ParseNode()));
                    }

                    var node = new MappingNode(entries, start.Style == MappingStyle.Flow, Span(start.Start, end.End));
                    return Finish(start, node, start.Start);
                }

            default:
                throw new TemplateLoadException($"unexpected YAML {current.GetType().Name}", ToPosition(current.Start));
        }
    }

    private TemplateNode Finish(NodeEvent ev, TemplateNode node, Mark start)
    {
        Count(1, start);
        var result = node;
        if (!ev.Tag.IsEmpty && !ev.Tag.IsNonSpecific)
        {
            var tag = ev.Tag.Value;
            if (tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
            {
                // A standard YAML tag such as !!str: the value stays data.
            }
            else if (Intrinsics.FunctionForTag(tag) is { } function)
            {
                var keySpan = new SourceSpan(node.Span.Start, node.Span.Start);
                var key = new ScalarNode(function, ScalarStyle.Plain, keySpan);
                result = new MappingNode([new MappingEntry(key, node)], isFlow: true, node.Span, tag);
            }
            else
            {
                throw new TemplateLoadException($"unknown tag {tag}: CloudFormation knows only the intrinsic short forms (!Ref, !Sub, !GetAtt, ...)", ToPosition(start));
            }
        }

        if (!ev.Anchor.IsEmpty)
        {
            anchors[ev.Anchor.Value] = result;
        }

        return result;
    }

    private void Count(long weight, Mark at)
    {
        expanded += weight;
        if (expanded > MaxExpandedNodes)
        {
            throw new TemplateLoadException($"YAML aliases expand to more than {MaxExpandedNodes:N0} nodes; refusing a possible alias bomb", ToPosition(at));
        }
    }

    private static SourceSpan Span(Mark start, Mark end) => new(ToPosition(start), ToPosition(end));

    private static SourcePosition ToPosition(Mark mark) =>
        new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), (int)Math.Max(0, mark.Index));

    private static ScalarStyle MapStyle(YamlScalarStyle style) => style switch
    {
        YamlScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
        YamlScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
        YamlScalarStyle.Literal => ScalarStyle.Literal,
        YamlScalarStyle.Folded => ScalarStyle.Folded,
        _ => ScalarStyle.Plain,
    };

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the position is reported separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
        return "invalid YAML: " + text.Trim().TrimEnd('.').Replace('\n', ' ');
    }
}
