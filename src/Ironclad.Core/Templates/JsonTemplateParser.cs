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
                        var name = reader.GetString()!;
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
                return new ScalarNode(reader.GetString()!, ScalarStyle.JsonString, SpanOf(start, reader.BytesConsumed));
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
