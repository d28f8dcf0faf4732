namespace Ironclad.Cli;

/// <summary>Replaces a file whole or not at all: write a temporary file in the same folder, then rename over the target.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new StreamWriter(temp))
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
