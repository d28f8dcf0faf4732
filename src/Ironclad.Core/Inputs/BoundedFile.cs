using Ironclad.Core.Templates;

namespace Ironclad.Core.Inputs;

/// <summary>
/// Reads an input file with a hard byte limit, whatever length the file reports: /dev/zero and
/// /dev/urandom report 0 and never end, so a length check before reading bounds nothing.
/// </summary>
public static class BoundedFile
{
    /// <summary>CloudFormation accepts 1 MB from S3; ten times that is surely not an input of ours.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The file's bytes, at most <paramref name="maxBytes"/>; one byte more is refused with a
    /// <see cref="TemplateLoadException"/> at 1:1. A FIFO is read like any stream, bounded the same way.
    /// </summary>
    public static byte[] ReadAllBytes(string path, int maxBytes = MaxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, (long)maxBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw new TemplateLoadException(
                    $"file is over {maxBytes / (1024 * 1024)} MiB ({maxBytes} bytes); inputs that large are refused (CloudFormation accepts templates of at most 1 MB)",
                    new SourcePosition(1, 1, 0));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The file as UTF-8 text, read with the same limit.</summary>
    public static string ReadAllText(string path, int maxBytes = MaxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        var body = bytes.AsSpan();
        return System.Text.Encoding.UTF8.GetString(body.StartsWith(TemplateDocument.Utf8ByteOrderMark) ? body[3..] : body);
    }
}
