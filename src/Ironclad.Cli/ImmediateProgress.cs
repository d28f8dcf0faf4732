namespace Ironclad.Cli;

/// <summary>
/// Progress reported on the reporting thread, before <see cref="Report"/> returns. <see cref="Progress{T}"/> posts each
/// report to the thread pool when there is no synchronization context, and a console program has none: a message could
/// print after the command's own last line, or after its writer was closed (which a test once caught).
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
