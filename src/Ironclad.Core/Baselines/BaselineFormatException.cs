using Ironclad.Core.Templates;

namespace Ironclad.Core.Baselines;

/// <summary>
/// A baseline file that cannot be used. The message says what is wrong without naming the file; the
/// command line names the file and <see cref="Position"/> once, as for every other input.
/// </summary>
public sealed class BaselineFormatException(string message, SourcePosition? position = null) : Exception(message)
{
    public SourcePosition? Position { get; } = position;
}
