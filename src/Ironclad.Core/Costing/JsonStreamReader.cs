using System.Text;
using System.Text.Json;

namespace Ironclad.Core.Costing;

/// <summary>
/// Reads JSON tokens from a stream of any size with <see cref="Utf8JsonReader"/>, holding only a buffer
/// as large as the longest token: the AmazonEC2 offer file is hundreds of megabytes.
/// </summary>
internal sealed class JsonStreamReader
{
    private readonly Stream stream;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private bool finalBlock;
    private JsonReaderState state;
    private byte[] value = new byte[256];
    private int valueLength;
    private string? unescaped;

    public JsonStreamReader(Stream stream) => this.stream = stream;

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The depth of the current token; an object's start and end tokens have the same depth.</summary>
    public int Depth { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), finalBlock, state);
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                Depth = reader.CurrentDepth;
                if (TokenType is JsonTokenType.PropertyName or JsonTokenType.String or JsonTokenType.Number)
                {
                    Capture(ref reader);
                }

                start += (int)reader.BytesConsumed;
                state = reader.CurrentState;
                return true;
            }

            if (finalBlock)
            {
                return false;
            }

            start += (int)reader.BytesConsumed;
            state = reader.CurrentState;
            Fill();
        }
    }

    public string GetString() => unescaped ?? Encoding.UTF8.GetString(value, 0, valueLength);

    public bool ValueIs(ReadOnlySpan<byte> utf8) =>
        unescaped is null ? value.AsSpan(0, valueLength).SequenceEqual(utf8) : unescaped == Encoding.UTF8.GetString(utf8);

    /// <summary>Skips the value just read: the whole object or array when at its start, nothing for a scalar.</summary>
    public void Skip()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = Depth;
        while (Read())
        {
            if (Depth == depth && TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return;
            }
        }

        throw new InvalidDataException("the JSON ends inside an object or array");
    }

    /// <summary>The property names of the object just started; the caller reads or skips each value.</summary>
    public IEnumerable<string> Properties()
    {
        if (TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"expected an object, found {TokenType}");
        }

        while (Read() && TokenType == JsonTokenType.PropertyName)
        {
            yield return GetString();
        }
    }

    /// <summary>Reads the value after a property name as a string (numbers as their text); null for other kinds, which are skipped.</summary>
    public string? ReadString()
    {
        Read();
        if (TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            return GetString();
        }

        Skip();
        return null;
    }

    private void Capture(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            unescaped = reader.GetString();
            return;
        }

        unescaped = null;
        var span = reader.ValueSpan;
        if (span.Length > value.Length)
        {
            value = new byte[Math.Max(span.Length, value.Length * 2)];
        }

        span.CopyTo(value);
        valueLength = span.Length;
    }

    private void Fill()
    {
        var remaining = end - start;
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, remaining);
            start = 0;
            end = remaining;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            finalBlock = true;
        }

        end += read;
        BytesRead += read;
    }
}
