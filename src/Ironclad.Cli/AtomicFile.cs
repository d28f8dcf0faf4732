namespace Ironclad.Cli;

/// <summary>Replaces a file whole or not at all: write a temporary file in the same folder, then rename over the target.</summary>
public static class AtomicFile
{
    /// <param name="encoding">Defaults to UTF-8 without a byte-order mark.</param>
    public static void Write(string path, Action<TextWriter> write, System.Text.Encoding? encoding = null)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new StreamWriter(temp, append: false, encoding ?? new System.Text.UTF8Encoding(false)))
            {
                write(file);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
