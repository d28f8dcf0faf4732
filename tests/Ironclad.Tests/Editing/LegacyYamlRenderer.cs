using System.Text.RegularExpressions;

using Ironclad.Core.Editing;

namespace Ironclad.Tests.Editing;

/// <summary>
/// The YAML renderer as it was before it wrote into one builder (it built each node's lines and re-prefixed them at
/// every level): kept here only as the oracle of <see cref="YamlRendererEquivalenceTests"/>, so that the rewrite is
/// shown to write the same bytes for any tree.
/// </summary>
internal sealed partial class LegacyYamlRenderer
{
    private static readonly HashSet<string> YamlReserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", ".inf", ".nan", "-.inf", "+.inf",
    };

    public LegacyYamlRenderer(DocumentStyle style) => Style = style;

    public DocumentStyle Style { get; }

    // ---- YAML, block context ----

    /// <summary>The lines of one mapping entry whose key starts at column <paramref name="indent"/> + 1.</summary>
    public List<string> YamlEntry(string key, NewNode value, int indent) => After(Spaces(indent) + YamlKey(key, flow: false) + ":", value, indent);

    /// <summary>The lines of a block mapping's entries at <paramref name="indent"/>.</summary>
    public List<string> YamlMapping(NewMapping mapping, int indent)
    {
        var lines = new List<string>();
        foreach (var (key, value) in mapping.Entries)
        {
            lines.AddRange(YamlEntry(key, value, indent));
        }

        return lines;
    }

    /// <summary>The lines of block sequence items whose dashes are at column <paramref name="dashIndent"/> + 1.</summary>
    public List<string> YamlSequence(IEnumerable<NewNode> items, int dashIndent)
    {
        var lines = new List<string>();
        var dash = Spaces(dashIndent) + "- ";
        foreach (var item in items)
        {
            switch (item)
            {
                case { IsInline: true }:
                    lines.Add(dash + YamlInline(item));
                    break;
                case NewMapping { Count: 0 }:
                    lines.Add(dash + "{}");
                    break;
                case NewSequence { Items.Count: 0 }:
                    lines.Add(dash + "[]");
                    break;
                case NewMapping map:
                    lines.AddRange(WithDash(YamlMapping(map, dashIndent + 2), dash));
                    break;
                case NewSequence seq:
                    lines.AddRange(WithDash(YamlSequence(seq.Items, dashIndent + 2), dash));
                    break;
                case NewCall call:
                    lines.Add(dash + Tag(call));
                    lines.AddRange(ArgumentLines(call, dashIndent + 2));
                    break;
            }
        }

        return lines;
    }

    /// <summary>
    /// The text that follows <c>key:</c> for a new value: <c> inline</c>, or a line break and the block
    /// lines (without a final line break) for an owner at <paramref name="indent"/>.
    /// </summary>
    public string YamlValueAfterKey(NewNode value, int indent)
    {
        var lines = After("", value, indent);
        return lines[0] + string.Concat(lines.Skip(1).Select(l => Style.Newline + l));
    }

    /// <summary>A value in a sequence item's place (after <c>- </c>), continuing lines at <paramref name="dashIndent"/>.</summary>
    public string YamlItemValue(NewNode value, int dashIndent)
    {
        var lines = YamlSequence([value], dashIndent);
        lines[0] = lines[0][(dashIndent + 2)..];
        return string.Join(Style.Newline, lines);
    }

    /// <summary>A value on one line in block context: a scalar or a short intrinsic.</summary>
    public string YamlInline(NewNode node) => node switch
    {
        NewScalar scalar => YamlScalar(scalar, flow: false),
        NewCall call => Tag(call) + " " + CallArgument(call, flow: false),
        _ => YamlFlow(node),
    };

    /// <summary>A value in YAML flow context (<c>{a: 1}</c>, <c>[x, y]</c>).</summary>
    public string YamlFlow(NewNode node) => node switch
    {
        NewScalar scalar => YamlScalar(scalar, flow: true),
        NewCall call when call.Argument is NewCall or NewMapping => YamlFlow(new NewMapping([(call.Function, call.Argument)])),
        NewCall call => Tag(call) + " " + CallArgument(call, flow: true),
        NewSequence seq => "[" + string.Join(", ", seq.Items.Select(YamlFlow)) + "]",
        NewMapping map => "{" + string.Join(", ", map.Entries.Select(e => YamlKey(e.Key, flow: true) + ": " + YamlFlow(e.Value))) + "}",
        _ => throw new ArgumentException("unsupported node", nameof(node)),
    };

    public string YamlKey(string key, bool flow) => IsPlainSafe(key, flow) ? key : Quote(key);

    public string YamlScalar(NewScalar scalar, bool flow)
    {
        if (scalar.Original is { } original && scalar.OriginalStyle is not (Ironclad.Core.Templates.ScalarStyle.JsonString or Ironclad.Core.Templates.ScalarStyle.JsonLiteral)
            && (!flow || scalar.OriginalStyle is Ironclad.Core.Templates.ScalarStyle.SingleQuoted or Ironclad.Core.Templates.ScalarStyle.DoubleQuoted))
        {
            return original;
        }

        if (scalar.Kind != ScalarKind.String)
        {
            return scalar.Value;
        }

        return IsPlainSafe(scalar.Value, flow) ? scalar.Value : Quote(scalar.Value);
    }

    // ---- helpers ----

    private List<string> After(string head, NewNode value, int indent)
    {
        switch (value)
        {
            case { IsInline: true }:
                return [JoinHead(head, YamlInline(value))];
            case NewMapping { Count: 0 }:
                return [JoinHead(head, "{}")];
            case NewSequence { Items.Count: 0 }:
                return [JoinHead(head, "[]")];
            case NewMapping map:
                return [head, .. YamlMapping(map, indent + Style.Indent)];
            case NewSequence seq:
                return [head, .. YamlSequence(seq.Items, indent + Style.SequenceIndent)];
            case NewCall call:
                return [JoinHead(head, Tag(call)), .. ArgumentLines(call, indent + Style.Indent)];
            default:
                throw new ArgumentException("unsupported node", nameof(value));
        }
    }

    private static string JoinHead(string head, string value) => head.Length == 0 ? " " + value : head + " " + value;

    private List<string> ArgumentLines(NewCall call, int indent) => call.Argument switch
    {
        NewSequence seq => YamlSequence(seq.Items, indent),
        NewMapping map => YamlMapping(map, indent),
        NewCall inner => YamlMapping(new NewMapping([(inner.Function, inner.Argument)]), indent),
        var scalar => [Spaces(indent) + YamlInline(scalar)],
    };

    private string CallArgument(NewCall call, bool flow)
    {
        if (call.Function == "Fn::GetAtt" && call.Argument is NewSequence { Items: [NewScalar resource, NewScalar attribute] })
        {
            return YamlScalar(new NewScalar(resource.Value + "." + attribute.Value), flow);
        }

        return call.Argument is NewScalar scalar ? YamlScalar(scalar, flow) : YamlFlow(call.Argument);
    }

    private static string Tag(NewCall call) => "!" + (call.Function.StartsWith("Fn::", StringComparison.Ordinal) ? call.Function[4..] : call.Function);

    private static List<string> WithDash(List<string> lines, string dash)
    {
        lines[0] = dash + lines[0][dash.Length..];
        return lines;
    }

    private string Quote(string value)
    {
        if (Style.Quote == '\'' && !value.Any(c => c < ' '))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        return JsonRenderer.JsonString(value);
    }

    private static string Spaces(int count) => new(' ', count);

    /// <summary>True when a string reads back as the same string when written without quotes.</summary>
    private static bool IsPlainSafe(string value, bool flow)
    {
        if (value.Length == 0 || YamlReserved.Contains(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        var first = value[0];
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(first, StringComparison.Ordinal))
        {
            return false;
        }

        // Numbers (any base), dates, times and sexagesimals would be read as something else than a string.
        if (NumberLike().IsMatch(value) || DateLike().IsMatch(value))
        {
            return false;
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':'))
        {
            return false;
        }

        if (value.Any(c => c < ' ' || c == '\u007f'))
        {
            return false;
        }

        return !flow || !value.Any(c => c is ',' or '[' or ']' or '{' or '}' or '#');
    }

    [GeneratedRegex(@"^[-+.]?[0-9][0-9_.:eExXoObBa-fA-F+-]*$")]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")]
    private static partial Regex DateLike();
}
