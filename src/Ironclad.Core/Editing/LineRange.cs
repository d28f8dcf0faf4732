namespace Ironclad.Core.Editing;

/// <summary>
/// A range of a text: one line of a diff without its line break, or a piece of a window's new text. The diff compares
/// and prints lines in place instead of copying each one out into a string of its own.
/// </summary>
internal readonly struct LineRange(string source, int start, int length)
{
    public string Source { get; } = source;

    public int Start { get; } = start;

    public int Length { get; } = length;

    public int End => Start + Length;

    public ReadOnlySpan<char> Span => Source.AsSpan(Start, Length);

    /// <summary>Ordinal equality of the two ranges' characters, as string equality compared lines before.</summary>
    public bool SameText(LineRange other) => Span.SequenceEqual(other.Span);
}
