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

    private readonly Scanner scanner;
    private readonly Parser parser;
    private readonly Dictionary<string, TemplateNode> anchors = new(StringComparer.Ordinal);
    private long expanded;

    /// <summary>
    /// Collections nested deeper than this are refused, as the JSON reader refuses them: every walk over
    /// the tree recurses, and a real template nests a few dozen levels at most.
    /// </summary>
    internal const int MaxDepth = 256;

    /// <summary>A mapping's keys are checked for duplicates through a dictionary from this many on, by a linear search below.</summary>
    private const int IndexKeysFrom = 16;

    /// <summary>Repairs of literal block scalars (see <see cref="TryRepairLeadingSpaces"/>) per document: each costs a parse, so a hostile file gets an error instead.</summary>
    private const int MaxRepairs = 100;

    private YamlTemplateParser(string text)
    {
        scanner = new Scanner(new StringReader(text));
        parser = new Parser(scanner);
    }

    public static TemplateNode? Parse(string text)
    {
        var source = text;
        var repairs = 0;
        while (true)
        {
            var reader = new YamlTemplateParser(source);
            try
            {
                return reader.ParseStream();
            }
            catch (YamlException ex) when (repairs < MaxRepairs && TryRepairLeadingSpaces(source, ex) is { } repaired)
            {
                source = repaired;
                repairs++;
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
            catch (InvalidOperationException ex) when (ex.Source == typeof(Parser).Assembly.GetName().Name)
            {
                // YamlDotNet's scanner fails this way, not with a YamlException, on some invalid input (a flow sequence
                // continued on a line indented less than its block); it is the file's error, not the tool's, and the
                // scanner's position is where it stopped reading.
                throw new TemplateLoadException("invalid YAML: the text cannot be read here (check the indentation of the lines around it)", ToPosition(reader.scanner.CurrentPosition), ex);
            }
        }
    }

    /// <summary>
    /// YamlDotNet refuses a literal block scalar whose first line holds only spaces (<c>!Sub |</c>, a
    /// line of spaces, then the text indented deeper), which YAML allows and CloudFormation reads: such
    /// a line is an empty line of the value whatever its spaces. The spaces of those leading lines move
    /// to the end of the header line, where they are insignificant: the value, every line number and
    /// every offset outside those lines stay the same, so node positions still match the file.
    /// </summary>
    private static string? TryRepairLeadingSpaces(string text, YamlException ex)
    {
        if (!ex.Message.Contains("found extra spaces in first line", StringComparison.Ordinal))
        {
            return null;
        }

        // The error points at the first line with content; the header is the last line above it that is not only spaces.
        var contentLine = LineStartBefore(text, (int)Math.Clamp(ex.Start.Index, 0, text.Length));
        var firstBlank = contentLine;
        while (firstBlank > 0)
        {
            var previous = LineStartBefore(text, firstBlank - 1);
            if (!IsSpacesLine(text, previous, firstBlank))
            {
                break;
            }

            firstBlank = previous;
        }

        if (firstBlank == contentLine || firstBlank == 0)
        {
            return null;
        }

        var headerEnd = firstBlank - 1;
        if (headerEnd > 0 && text[headerEnd] == '\n' && text[headerEnd - 1] == '\r')
        {
            headerEnd--;
        }

        var blanks = text[firstBlank..contentLine];
        var spaces = blanks.Count(c => c == ' ');
        if (spaces == 0)
        {
            return null;
        }

        var breaks = blanks.Replace(" ", "", StringComparison.Ordinal);
        return text[..headerEnd] + new string(' ', spaces) + text[headerEnd..firstBlank] + breaks + text[contentLine..];
    }

    private static bool IsSpacesLine(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (text[i] is not (' ' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The start of the line holding <paramref name="offset"/>: after the last CR or LF before it.</summary>
    private static int LineStartBefore(string text, int offset) =>
        offset == 0 ? 0 : text.LastIndexOfAny(['\r', '\n'], offset - 1) + 1;

    private static SourcePosition? FirstIndentingTab(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // CR, LF and CRLF each end a line, as for the YAML reader.
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
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
            root = ParseNode(0, out _);
        }

        parser.Consume<DocumentEnd>();
        if (parser.Current is DocumentStart second)
        {
            throw new TemplateLoadException("a template must be a single YAML document; found a second document", ToPosition(second.Start));
        }

        return root;
    }

    /// <summary>
    /// One node at <paramref name="depth"/> (the number of collections around it, a short-form intrinsic
    /// counting as one). The recursion is bounded by <see cref="MaxDepth"/>, aliases included.
    /// </summary>
    private TemplateNode ParseNode(int depth, out SourceSpan? aliasSpan)
    {
        aliasSpan = null;
        var current = parser.Current ?? throw new TemplateLoadException("unexpected end of YAML", default);
        if (current is NodeEvent { Tag: { IsEmpty: false, IsNonSpecific: false } tag } && Intrinsics.FunctionForTag(tag.Value) is not null)
        {
            depth++;
        }

        if (current is SequenceStart or MappingStart)
        {
            depth++;
        }

        if (depth > MaxDepth)
        {
            throw TooDeep(current.Start);
        }

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new TemplateLoadException($"alias *{alias.Value.Value} refers to no anchor", ToPosition(alias.Start));
                }

                if (depth + target.Height > MaxDepth)
                {
                    throw TooDeep(alias.Start);
                }

                Count(target.Weight, alias.Start);
                aliasSpan = Span(alias.Start, alias.End);
                return target;
            case YamlEventScalar scalar:
                parser.MoveNext();
                var scalarNode = new ScalarNode(scalar.Value, MapStyle(scalar.Style), Span(scalar.Start, scalar.End));
                return Finish(scalar, scalarNode, scalar.Start);
            case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<TemplateNode>();
                    Dictionary<int, SourceSpan>? aliases = null;
                    SequenceEnd end;
                    while (!parser.TryConsume(out end!))
                    {
                        items.Add(ParseNode(depth, out var itemAlias));
                        if (itemAlias is { } at)
                        {
                            (aliases ??= [])[items.Count - 1] = at;
                        }
                    }

                    var node = new SequenceNode(items, start.Style == SequenceStyle.Flow, Span(start.Start, end.End), aliases);
                    return Finish(start, node, start.Start);
                }

            case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<MappingEntry>();

                    // Keys seen, indexed only once the mapping grows: most mappings hold a few keys, which a linear
                    // search checks faster than a dictionary per mapping is built (a fifth of a parse's allocation).
                    Dictionary<string, ScalarNode>? seen = null;
                    MappingEnd end;
                    while (!parser.TryConsume(out end!))
                    {
                        var keyNode = ParseNode(depth, out _);
                        if (keyNode is not ScalarNode key)
                        {
                            throw new TemplateLoadException("mapping keys must be plain strings", keyNode.Span.Start);
                        }

                        if (FirstKey(entries, seen, key.Value) is { } first)
                        {
                            throw new TemplateLoadException(
                                $"duplicate key '{key.Value}' (first defined at line {first.Span.Start.Line}); CloudFormation rejects duplicate keys",
                                key.Span.Start);
                        }

                        if (seen is not null)
                        {
                            seen[key.Value] = key;
                        }
                        else if (entries.Count + 1 == IndexKeysFrom)
                        {
                            seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal) { [key.Value] = key };
                            foreach (var earlier in entries)
                            {
                                seen[earlier.Key.Value] = earlier.Key;
                            }
                        }

                        var value = ParseNode(depth, out var valueAlias);
                        entries.Add(new MappingEntry(key, value) { AliasSpan = valueAlias });
                    }

                    var node = new MappingNode(entries, start.Style == MappingStyle.Flow, Span(start.Start, end.End));
                    return Finish(start, node, start.Start);
                }

            default:
                throw new TemplateLoadException($"unexpected YAML {current.GetType().Name}", ToPosition(current.Start));
        }
    }

    /// <summary>The key already written as <paramref name="key"/> in a mapping being read, or null.</summary>
    private static ScalarNode? FirstKey(List<MappingEntry> entries, Dictionary<string, ScalarNode>? seen, string key)
    {
        if (seen is not null)
        {
            return seen.GetValueOrDefault(key);
        }

        foreach (var entry in entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry.Key;
            }
        }

        return null;
    }

    private static TemplateLoadException TooDeep(Mark at) =>
        new($"YAML nested deeper than {MaxDepth} levels (aliases expanded); refusing it: a template nests a few dozen at most", ToPosition(at));

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
