using System.Text;
using System.Text.Json;

namespace Ironclad.Core.Templates;

/// <summary>
/// Builds the positioned node tree from JSON with <see cref="Utf8JsonReader"/>, which reports byte
/// offsets; they are mapped to character offsets so that YAML and JSON nodes share one coordinate system.
/// </summary>
internal sealed class JsonTemplateParser
{
    private readonly byte[] bytes;
    private readonly LineIndex lines;
    private readonly int[]? byteToChar;

    private JsonTemplateParser(byte[] bytes, string text)
    {
        this.bytes = bytes;
        lines = new LineIndex(text);
        if (text.Length != bytes.Length)
        {
            byteToChar = new int[bytes.Length + 1];
            var chars = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                byteToChar[i] = chars;

                // Count a char at each UTF-8 lead byte; a 4-byte sequence is a surrogate pair (two chars).
                var b = bytes[i];
                if ((b & 0xC0) != 0x80)
                {
                    chars += b >= 0xF0 ? 2 : 1;
                }
            }

            byteToChar[bytes.Length] = chars;
        }
    }

    public static TemplateNode Parse(byte[] utf8, string text)
    {
        var parser = new JsonTemplateParser(utf8, text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                throw new TemplateLoadException("empty JSON document", new SourcePosition(1, 1, 0));
            }

            var root = parser.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new TemplateLoadException("unexpected content after the JSON document", parser.At(reader.TokenStartIndex));
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            var message = ex.Message;
            // System.Text.Json appends advice about reader options and the position; we report the position ourselves.
            foreach (var tail in new[] { " LineNumber:", " Change the reader options" })
            {
                var cut = message.IndexOf(tail, StringComparison.Ordinal);
                if (cut > 0)
                {
                    message = message[..cut];
                }
            }

            throw new TemplateLoadException("invalid JSON: " + message.TrimEnd('.', ' ').Replace("'", "", StringComparison.Ordinal), new SourcePosition(line, column, 0), ex);
        }
    }

    /// <summary>A string token's value; a lone UTF-16 surrogate (<c>"\ud800"</c>) is valid JSON syntax but no text, so it is bad input.</summary>
    private string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new TemplateLoadException("invalid JSON: a string holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text", At(reader.TokenStartIndex), ex);
        }
    }

    /// <summary>The offset of the first <c>\\uD800</c>-<c>\\uDFFF</c> escape that is not half of a pair, or -1.</summary>
    internal static int LoneSurrogateEscape(string text)
    {
        for (var i = text.IndexOf("\\u", StringComparison.Ordinal); i >= 0 && i + 6 <= text.Length; i = text.IndexOf("\\u", i + 2, StringComparison.Ordinal))
        {
            // A backslash that is itself escaped starts no escape: count the backslashes before the u.
            var slashes = 0;
            for (var j = i; j >= 0 && text[j] == '\\'; j--)
            {
                slashes++;
            }

            if (slashes % 2 == 0 || !int.TryParse(text.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var unit) || !char.IsSurrogate((char)unit))
            {
                continue;
            }

            if (char.IsHighSurrogate((char)unit) && i + 12 <= text.Length && text[i + 6] == '\\' && text[i + 7] == 'u'
                && int.TryParse(text.AsSpan(i + 8, 4), System.Globalization.NumberStyles.HexNumber, null, out var low) && char.IsLowSurrogate((char)low))
            {
                i += 6;
                continue;
            }

            return i;
        }

        return -1;
    }

    private SourcePosition At(long byteOffset)
    {
        var offset = byteToChar is null ? (int)byteOffset : byteToChar[byteOffset];
        return lines.At(offset);
    }

    private SourceSpan SpanOf(long start, long end) => new(At(start), At(end));

    private TemplateNode ParseValue(ref Utf8JsonReader reader)
    {
        var start = reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var entries = new List<MappingEntry>();
                    var seen = new Dictionary<string, ScalarNode>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var keyStart = reader.TokenStartIndex;
                        var name = ReadString(ref reader);
                        var key = new ScalarNode(name, ScalarStyle.JsonString, SpanOf(keyStart, reader.BytesConsumed));
                        if (seen.TryGetValue(name, out var first))
                        {
                            throw new TemplateLoadException(
                                $"duplicate key '{name}' (first defined at line {first.Span.Start.Line}); CloudFormation rejects duplicate keys",
                                key.Span.Start);
                        }

                        seen[name] = key;
                        reader.Read();
                        entries.Add(new MappingEntry(key, ParseValue(ref reader)));
                    }

                    return new MappingNode(entries, isFlow: true, SpanOf(start, reader.BytesConsumed));
                }

            case JsonTokenType.StartArray:
                {
                    var items = new List<TemplateNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(ParseValue(ref reader));
                    }

                    return new SequenceNode(items, isFlow: true, SpanOf(start, reader.BytesConsumed));
                }

            case JsonTokenType.String:
                return new ScalarNode(ReadString(ref reader), ScalarStyle.JsonString, SpanOf(start, reader.BytesConsumed));
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                {
                    var raw = Encoding.UTF8.GetString(bytes, (int)start, (int)(reader.BytesConsumed - start));
                    return new ScalarNode(raw, ScalarStyle.JsonLiteral, SpanOf(start, reader.BytesConsumed));
                }

            default:
                throw new TemplateLoadException($"unexpected JSON token {reader.TokenType}", At(start));
        }
    }
}
