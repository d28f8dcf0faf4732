using System.Text;

namespace Ironclad.Core.Templates;

public enum TemplateFormat
{
    Yaml,
    Json,
}

/// <summary>A template file as text plus its positioned tree. The text is kept for suppression comments and edits.</summary>
public sealed class TemplateDocument
{
    // Bytes, not "\xEF\xBB\xBF"u8: in a C# string literal \xEF is the character U+00EF, which UTF-8 encodes as two bytes.
    public static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private TemplateDocument(string path, string text, TemplateFormat format, MappingNode root, bool hasByteOrderMark)
    {
        Path = path;
        Text = text;
        Format = format;
        Root = root;
        HasByteOrderMark = hasByteOrderMark;
    }

    private LineIndex? lines;

    public string Path { get; }

    public string Text { get; }

    public TemplateFormat Format { get; }

    public MappingNode Root { get; }

    /// <summary>Built on first use: a scan never asks, and on a large template the index is a large-object allocation.</summary>
    public LineIndex Lines => lines ??= new LineIndex(Text);

    /// <summary>The bytes began with a UTF-8 byte-order mark (not part of <see cref="Text"/>): a rewrite keeps it.</summary>
    public bool HasByteOrderMark { get; }

    /// <summary>Reads and parses a template file, bounded in size whatever the file reports (see <see cref="Inputs.BoundedFile"/>).</summary>
    public static TemplateDocument Load(string path) => Parse(path, Inputs.BoundedFile.ReadAllBytes(path));

    /// <summary>
    /// Parses text already in memory. Text that UTF-8 carries unchanged (no NUL, no surrogate) is parsed as it is; the
    /// rest goes through its UTF-8 bytes as a file would, so that both give the same document and the same errors. The
    /// round trip cost a copy of the text and its bytes, both large objects, for every template parsed from a string.
    /// </summary>
    public static TemplateDocument Parse(string path, string text)
    {
        var span = text.AsSpan();
        if (span.Contains('\0') || span.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
        {
            return Parse(path, Encoding.UTF8.GetBytes(text));
        }

        var byteOrderMark = text.StartsWith('\uFEFF');
        return Parse(path, byteOrderMark ? text[1..] : text, utf8: null, byteOrderMark);
    }

    public static TemplateDocument Parse(string path, byte[] bytes)
    {
        var body = bytes.AsSpan();
        var byteOrderMark = body.StartsWith(Utf8ByteOrderMark);
        if (byteOrderMark)
        {
            body = body[3..];
            bytes = body.ToArray();
        }

        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new TemplateLoadException("binary content (a NUL byte): not a template", PositionOfByte(body, nul));
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException ex)
        {
            throw new TemplateLoadException("invalid UTF-8: templates must be UTF-8 text", PositionOfByte(body, Math.Max(0, ex.Index)), ex);
        }

        return Parse(path, text, bytes, byteOrderMark);
    }

    /// <param name="utf8">The text's UTF-8 bytes when at hand (the JSON reader reads bytes), else null.</param>
    private static TemplateDocument Parse(string path, string text, byte[]? utf8, bool byteOrderMark)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TemplateLoadException("file is empty", new SourcePosition(1, 1, 0));
        }

        var json = text.AsSpan().TrimStart().StartsWith('{');
        TemplateNode? root;
        if (json)
        {
            try
            {
                root = JsonTemplateParser.Parse(utf8 ?? Encoding.UTF8.GetBytes(text), text);
            }
            catch (TemplateLoadException jsonError) when (jsonError.InnerException is System.Text.Json.JsonException && !HasExtension(path, ".json"))
            {
                // YAML is a superset of JSON: a template written as one YAML flow mapping starts with '{'
                // too. Read as YAML what JSON cannot read (a file named .json stays JSON, with JSON's error);
                // when neither can, the error is the one of the format the file's name claims.
                try
                {
                    root = YamlTemplateParser.Parse(text);
                    json = false;
                }
                catch (TemplateLoadException) when (!HasExtension(path, ".yaml") && !HasExtension(path, ".yml"))
                {
                    throw jsonError;
                }
            }
        }
        else
        {
            root = YamlTemplateParser.Parse(text);
        }

        if (root is not MappingNode map)
        {
            throw new TemplateLoadException("a template must be a mapping at the top level", root?.Span.Start ?? new SourcePosition(1, 1, 0));
        }

        return new TemplateDocument(path, text, json ? TemplateFormat.Json : TemplateFormat.Yaml, map, byteOrderMark);
    }

    private static bool HasExtension(string path, string extension) => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    private static SourcePosition PositionOfByte(ReadOnlySpan<byte> bytes, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourcePosition(line, index - lineStart + 1, index);
    }
}
