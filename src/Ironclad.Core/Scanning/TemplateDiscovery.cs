namespace Ironclad.Core.Scanning;

/// <summary>A file to scan; <see cref="Explicit"/> when the user named it rather than a folder holding it.</summary>
public sealed record TemplateFile(string Path, bool Explicit);

/// <summary>Turns the paths a user names into template files.</summary>
public static class TemplateDiscovery
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".yaml", ".yml", ".json", ".template" };

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { "node_modules", ".git", ".aws-sam" };

    /// <summary>
    /// Files named explicitly are always scanned (and an error if they are not templates); directories
    /// are searched recursively for candidate files, which the scanner keeps only when their top level
    /// has typed <c>Resources</c> (deciding that needs the parse the scan does anyway).
    /// </summary>
    public static (List<TemplateFile> Files, List<ScanError> Errors) Discover(IEnumerable<string> paths)
    {
        var files = new List<TemplateFile>();
        var errors = new List<ScanError>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(new TemplateFile(path, Explicit: true));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Walk(path).Order(StringComparer.Ordinal).Select(f => new TemplateFile(f, Explicit: false)));
            }
            else
            {
                errors.Add(new ScanError(path, 0, 0, "no such file or directory"));
            }
        }

        return (files, errors);
    }

    private static IEnumerable<string> Walk(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(directory, "*", options))
        {
            // A FIFO or device found in a folder would hang or flood the scan; only regular files are searched.
            if (Extensions.Contains(Path.GetExtension(file)) && Inputs.FileStat.Of(file)?.Kind is null or Inputs.FileKind.Regular)
            {
                yield return file;
            }
        }

        foreach (var sub in Directory.EnumerateDirectories(directory, "*", options))
        {
            if (!SkippedDirectories.Contains(Path.GetFileName(sub)))
            {
                foreach (var file in Walk(sub))
                {
                    yield return file;
                }
            }
        }
    }
}
