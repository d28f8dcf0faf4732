namespace Ironclad.Core.Editing;

/// <summary>
/// A range of a text: one line of a diff without its line break, or a piece of a window's new text. The diff compares
/// and prints lines in place instead of copying each one out into a string of its own. The text is a string (the old
/// text, an edit's text) or a chunk of the builder a large edit was rendered into.
/// </summary>
internal readonly struct LineRange(ReadOnlyMemory<char> text)
{
    public LineRange(string source, int start, int length)
        : this(source.AsMemory(start, length))
    {
    }

    public ReadOnlyMemory<char> Text { get; } = text;

    public int Length => Text.Length;

    public ReadOnlySpan<char> Span => Text.Span;

    /// <summary>The part of this range from <paramref name="start"/> (relative to it) of <paramref name="length"/> characters.</summary>
    public LineRange Slice(int start, int length) => new(Text.Slice(start, length));

    /// <summary>Ordinal equality of the two ranges' characters, as string equality compared lines before.</summary>
    public bool SameText(LineRange other) => Span.SequenceEqual(other.Span);
}
