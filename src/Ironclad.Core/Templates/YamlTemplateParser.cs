using System.Text.RegularExpressions;
using SharpYaml;
using SharpYaml.Events;
using YamlEventScalar = SharpYaml.Events.Scalar;
using YamlScalarStyle = SharpYaml.ScalarStyle;

namespace Ironclad.Core.Templates;

/// <summary>
/// Builds the positioned node tree from SharpYaml's event stream. We read events rather than a
/// representation model because we need duplicate-key errors, short-form intrinsic tags turned into
/// their long form, and a bound on alias expansion, none of which a model offers.
/// </summary>
/// <remarks>
/// SharpYaml, not YamlDotNet: a fix reads its own output again, and YamlDotNet spent about two and a half times as
/// long on it (it checks every scalar's tag against the runtime's intern table, which takes a process-wide lock, and
/// rents a StringBuilder per plain scalar from a static pool), and did not scale past one thread. The events are the
/// same model (SharpYaml began as a fork of YamlDotNet's core); SharpYaml's marks count lines and columns from 0.
/// </remarks>
internal sealed partial class YamlTemplateParser
{
    /// <summary>Generous for any real template (the largest CloudFormation accepts is 1 MB), fatal for alias bombs.</summary>
    internal const long MaxExpandedNodes = 5_000_000;

    private readonly IParser parser;
    private readonly Dictionary<string, TemplateNode> anchors = new(StringComparer.Ordinal);
    private long expanded;

    /// <summary>Where the last event read ended: where the reader was when it fails other than with a <see cref="YamlException"/>.</summary>
    private Mark reached;

    /// <summary>
    /// Collections nested deeper than this are refused, as the JSON reader refuses them: every walk over
    /// the tree recurses, and a real template nests a few dozen levels at most.
    /// </summary>
    internal const int MaxDepth = 256;

    /// <summary>A mapping's keys are checked for duplicates through a dictionary from this many on, by a linear search below.</summary>
    private const int IndexKeysFrom = 16;

    /// <summary>Repairs of literal block scalars (see <see cref="TryRepairLeadingSpaces"/>) per document: each costs a parse, so a hostile file gets an error instead.</summary>
    private const int MaxRepairs = 100;

    /// <summary>
    /// The reader's own bound on nesting (64 by default), set above ours: ours counts short-form intrinsics too and
    /// fails first, with its message, while the reader's still stops a nesting ours never sees (none is known).
    /// </summary>
    private YamlTemplateParser(string text) => parser = Parser.CreateParser(new StringReader(text), maxDepth: 2 * MaxDepth);

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
                throw new TemplateLoadException(CleanMessage(ex.Message), ToPosition(ex.Start), ex);
            }
            catch (Exception ex) when (ex is not TemplateLoadException && ex.Source == typeof(IParser).Assembly.GetName().Name)
            {
                // A reader that fails other than with a YamlException still fails on the file, not on the tool; it
                // stopped after the last event it gave.
                throw new TemplateLoadException("invalid YAML: the text cannot be read here (check the indentation of the lines around it)", ToPosition(reader.reached), ex);
            }
        }
    }

    /// <summary>
    /// The YAML reader refuses a block scalar whose first lines hold only spaces, more of them than the text's own
    /// indentation (<c>!Sub |</c>, a line of spaces, then the text indented less deep), which CloudFormation reads: such
    /// a line is an empty line of the value whatever its spaces. The spaces of those leading lines move to the end of
    /// the header line, where they are insignificant: the value, every line number and every offset outside those
    /// lines stay the same, so node positions still match the file. The reader's error does not name the case (it
    /// reports a missing key where the text starts), so the text itself is checked: a block scalar header, then lines
    /// of spaces only, then the line the error points at.
    /// </summary>
    private static string? TryRepairLeadingSpaces(string text, YamlException ex)
    {
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

        if (!BlockScalarHeader().IsMatch(text.AsSpan(LineStartBefore(text, headerEnd), headerEnd - LineStartBefore(text, headerEnd))))
        {
            return null;
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

    /// <summary>A line that ends with a block scalar's header: <c>|</c> or <c>&gt;</c> with its indentation and chomping indicators, then perhaps a comment.</summary>
    [GeneratedRegex(@"(^|[ :\-])[|>]([1-9][+-]?|[+-][1-9]?)?[ ]*([ ]#.*)?$")]
    private static partial Regex BlockScalarHeader();

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

    private TemplateNode? ParseStream()
    {
        parser.MoveNext();
        Expect<StreamStart>();
        if (TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        Expect<DocumentStart>();
        TemplateNode? root = null;
        if (Current is not DocumentEnd)
        {
            root = ParseNode(0, out _);
        }

        Expect<DocumentEnd>();
        if (parser.Current is DocumentStart second)
        {
            throw new TemplateLoadException("a template must be a single YAML document; found a second document", ToPosition(second.Start));
        }

        return root;
    }

    /// <summary>The event being read; the reader gives events until the stream's end, so none is an input that stops early.</summary>
    private ParsingEvent Current => parser.Current ?? throw new TemplateLoadException("unexpected end of YAML", ToPosition(reached));

    private void Next()
    {
        reached = Current.End;
        parser.MoveNext();
    }

    /// <summary>Passes an event of the kind the YAML grammar puts here (the reader itself fails on input that breaks it).</summary>
    private void Expect<T>()
        where T : ParsingEvent
    {
        if (Current is not T)
        {
            throw new TemplateLoadException($"invalid YAML: unexpected {Current.GetType().Name}", ToPosition(Current.Start));
        }

        Next();
    }

    private bool TryConsume<T>(out T consumed)
        where T : ParsingEvent
    {
        if (Current is T found)
        {
            Next();
            consumed = found;
            return true;
        }

        consumed = null!;
        return false;
    }

    /// <summary>The tag written on a node, or null for none and for the non-specific <c>!</c> and <c>?</c>.</summary>
    private static string? TagOf(NodeEvent node) => node.Tag is { Length: > 0 } tag && tag is not ("!" or "?") ? tag : null;

    /// <summary>
    /// One node at <paramref name="depth"/> (the number of collections around it, a short-form intrinsic
    /// counting as one). The recursion is bounded by <see cref="MaxDepth"/>, aliases included.
    /// </summary>
    private TemplateNode ParseNode(int depth, out SourceSpan? aliasSpan)
    {
        aliasSpan = null;
        var current = Current;
        if (current is NodeEvent tagged && TagOf(tagged) is { } tag && Intrinsics.FunctionForTag(tag) is not null)
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
                Next();
                if (!anchors.TryGetValue(alias.Value, out var target))
                {
                    throw new TemplateLoadException($"alias *{alias.Value} refers to no anchor", ToPosition(alias.Start));
                }

                if (depth + target.Height > MaxDepth)
                {
                    throw TooDeep(alias.Start);
                }

                Count(target.Weight, alias.Start);
                aliasSpan = Span(alias.Start, alias.End);
                return target;
            case YamlEventScalar scalar:
                Next();
                var scalarNode = new ScalarNode(scalar.Value, MapStyle(scalar.Style), Span(scalar.Start, scalar.End));
                return Finish(scalar, scalarNode, scalar.Start);
            case SequenceStart start:
                {
                    Next();
                    var items = new List<TemplateNode>();
                    Dictionary<int, SourceSpan>? aliases = null;
                    SequenceEnd end;
                    while (!TryConsume(out end))
                    {
                        items.Add(ParseNode(depth, out var itemAlias));
                        if (itemAlias is { } at)
                        {
                            (aliases ??= [])[items.Count - 1] = at;
                        }
                    }

                    var node = new SequenceNode(items, start.Style == YamlStyle.Flow, Span(start.Start, end.End), aliases);
                    return Finish(start, node, start.Start);
                }

            case MappingStart start:
                {
                    Next();
                    var entries = new List<MappingEntry>();

                    // Keys seen, indexed only once the mapping grows: most mappings hold a few keys, which a linear
                    // search checks faster than a dictionary per mapping is built (a fifth of a parse's allocation).
                    Dictionary<string, ScalarNode>? seen = null;
                    MappingEnd end;
                    while (!TryConsume(out end))
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
                        entries.Add(valueAlias is { } alias ? new AliasedMappingEntry(key, value, alias) : new MappingEntry(key, value));
                    }

                    var node = new MappingNode(entries, start.Style == YamlStyle.Flow, Span(start.Start, end.End));
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
        if (TagOf(ev) is { } tag)
        {
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

        if (ev.Anchor is { Length: > 0 } anchor)
        {
            anchors[anchor] = result;
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

    /// <summary>A reader's mark as a position: the reader counts lines and columns from 0, positions from 1.</summary>
    private static SourcePosition ToPosition(Mark mark) =>
        new(Math.Max(0, mark.Line) + 1, Math.Max(0, mark.Column) + 1, Math.Max(0, mark.Index));

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
        // The reader prefixes "(Lin: 2, Col: 0, Chr: 20) - (Lin: ...): "; the position is reported separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = cut >= 0 && message.StartsWith("(Lin", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
        return "invalid YAML: " + text.Trim().TrimEnd('.').Replace('\n', ' ');
    }
}
