namespace Ironclad.Core.Baselines;

/// <summary>
/// A baseline names templates relative to its own folder, not to where the scan ran, so that one
/// committed baseline matches a scan started from the repository root or from a subfolder alike.
/// </summary>
public sealed record BaselinePaths(string BaselineDirectory, string WorkingDirectory)
{
    /// <param name="workingDirectory">The directory the scan's reported paths are relative to (the caller's, never read here).</param>
    public static BaselinePaths For(string baselineFile, string workingDirectory) =>
        new(Path.GetDirectoryName(Path.GetFullPath(baselineFile, workingDirectory)) ?? "/", workingDirectory);

    /// <summary>The baseline's name for a file as a report shows it (relative to the working directory, or absolute).</summary>
    public string Key(string reportedFile) =>
        Path.GetRelativePath(BaselineDirectory, Path.GetFullPath(reportedFile, WorkingDirectory)).Replace('\\', '/');
}
