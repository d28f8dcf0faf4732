using System.Globalization;
using System.Text;

namespace Ironclad.Core.Editing;

/// <summary>Turns <see cref="NewNode"/>s into JSON in a document's style: <c>{"Ref": ...}</c> objects for intrinsics, the file's indentation.</summary>
public sealed class JsonRenderer
{
    public JsonRenderer(DocumentStyle style) => Style = style;

    public DocumentStyle Style { get; }

    /// <summary>A JSON value whose first line continues a line indented by <paramref name="lead"/>.</summary>
    public string Json(NewNode node, string lead)
    {
        switch (node)
        {
            case NewScalar scalar:
                return JsonScalar(scalar);
            case NewCall call:
                {
                    var compact = JsonCompact(call);
                    if (compact.Length <= 100 && !ContainsMapping(call.Argument))
                    {
                        return compact;
                    }

                    return Json(new NewMapping([(call.Function, JsonCallArgument(call))]), lead);
                }

            case NewMapping { Count: 0 }:
                return "{}";
            case NewMapping map:
                {
                    var inner = lead + Style.JsonIndent;
                    var entries = map.Entries.Select(e => inner + JsonString(e.Key) + ": " + Json(e.Value, inner));
                    return "{" + Style.Newline + string.Join("," + Style.Newline, entries) + Style.Newline + lead + "}";
                }

            case NewSequence { Items.Count: 0 }:
                return "[]";
            case NewSequence seq:
                {
                    if (seq.Items.All(i => i is NewScalar))
                    {
                        var compact = JsonCompact(seq);
                        if (compact.Length <= 80)
                        {
                            return compact;
                        }
                    }

                    var inner = lead + Style.JsonIndent;
                    var items = seq.Items.Select(i => inner + Json(i, inner));
                    return "[" + Style.Newline + string.Join("," + Style.Newline, items) + Style.Newline + lead + "]";
                }

            default:
                throw new ArgumentException("unsupported node", nameof(node));
        }
    }

    /// <summary>A JSON value on one line.</summary>
    public static string JsonCompact(NewNode node) => node switch
    {
        NewScalar scalar => JsonScalar(scalar),
        NewCall call => "{" + JsonString(call.Function) + ": " + JsonCompact(JsonCallArgument(call)) + "}",
        NewMapping map => "{" + string.Join(", ", map.Entries.Select(e => JsonString(e.Key) + ": " + JsonCompact(e.Value))) + "}",
        NewSequence seq => "[" + string.Join(", ", seq.Items.Select(JsonCompact)) + "]",
        _ => throw new ArgumentException("unsupported node", nameof(node)),
    };

    public static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static NewNode JsonCallArgument(NewCall call) =>
        call.Function == "Fn::GetAtt" && call.Argument is NewScalar { Value: var dotted } && dotted.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot
            ? new NewSequence([new NewScalar(dotted[..dot]), new NewScalar(dotted[(dot + 1)..])])
            : call.Argument;

    private static bool ContainsMapping(NewNode node) => node switch
    {
        NewMapping => true,
        NewSequence seq => seq.Items.Any(ContainsMapping),
        NewCall call => ContainsMapping(call.Argument),
        _ => false,
    };

    private static string JsonScalar(NewScalar scalar)
    {
        if (scalar.Original is { } original && scalar.OriginalStyle is Templates.ScalarStyle.JsonString or Templates.ScalarStyle.JsonLiteral)
        {
            return original;
        }

        return scalar.Kind == ScalarKind.String ? JsonString(scalar.Value) : scalar.Value;
    }
}
