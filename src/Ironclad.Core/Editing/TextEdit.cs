using System.Text;

namespace Ironclad.Core.Editing;

/// <summary>Replaces the text in [<see cref="Start"/>, <see cref="End"/>) by <see cref="Text"/>; an insertion when the range is empty.</summary>
/// <remarks>
/// The new text is a string, or, for a large insertion, the builder it was rendered into: the thousands of new resources
/// of a large plan are megabytes, which a string would copy once more (into a fresh block of the large object heap) only
/// for <see cref="TextEdits.Apply"/> to copy them again. The edit owns such a builder: nothing changes it after the edit
/// is made, so applying and diffing may read its chunks at the same time (fix runs the diff beside its self-checks).
/// </remarks>
public readonly record struct TextEdit
{
    /// <summary>The new text: a <see cref="string"/> or an owned <see cref="StringBuilder"/>.</summary>
    private readonly object text;

    public TextEdit(int start, int end, string text)
    {
        Start = start;
        End = end;
        this.text = text;
    }

    /// <summary>An edit whose text is <paramref name="text"/>'s content, read from its chunks: the caller hands the builder over and never changes it again.</summary>
    internal TextEdit(int start, int end, StringBuilder text)
    {
        Start = start;
        End = end;
        this.text = text;
    }

    public int Start { get; }

    public int End { get; }

    /// <summary>The new text as a string; an edit made from a builder copies it out at each call (applying and diffing read it in place).</summary>
    public string Text => text as string ?? text.ToString()!;

    /// <summary>The length of the new text.</summary>
    public int Length => text is string s ? s.Length : ((StringBuilder)text).Length;

    public bool IsInsertion => Start == End;

    public static TextEdit Insert(int offset, string text) => new(offset, offset, text);

    /// <summary>The same edit with <paramref name="prefix"/> before its text.</summary>
    internal TextEdit Prefixed(string prefix) => text is string s
        ? new TextEdit(Start, End, prefix + s)
        : new TextEdit(Start, End, new StringBuilder(prefix, prefix.Length + Length).Append((StringBuilder)text));

    /// <summary>Copies the new text to the start of <paramref name="destination"/>.</summary>
    internal void CopyTo(Span<char> destination)
    {
        if (text is string s)
        {
            s.CopyTo(destination);
        }
        else
        {
            var builder = (StringBuilder)text;
            builder.CopyTo(0, destination, builder.Length);
        }
    }

    /// <summary>The pieces of the new text in order (one for a string, a builder's chunks), none of them copied.</summary>
    internal Pieces Chunks() => new(text);

    /// <summary>Enumerates the pieces of an edit's text without allocating: a string's one piece, or a builder's chunks.</summary>
    internal readonly struct Pieces(object text)
    {
        public Enumerator GetEnumerator() => new(text);

        public struct Enumerator(object text)
        {
            private StringBuilder.ChunkEnumerator chunks = text is StringBuilder builder ? builder.GetChunks() : default;
            private bool started;

            public ReadOnlyMemory<char> Current { get; private set; }

            public bool MoveNext()
            {
                if (text is string s)
                {
                    Current = s.AsMemory();
                    var first = !started;
                    started = true;
                    return first;
                }

                if (!chunks.MoveNext())
                {
                    return false;
                }

                Current = chunks.Current;
                return true;
            }
        }
    }
}

public static class TextEdits
{
    /// <summary>
    /// Applies edits to <paramref name="text"/>, from the highest offset down so that earlier offsets
    /// stay valid. Overlapping edits are rejected; insertions at one offset are kept in the given order.
    /// </summary>
    public static string Apply(string text, IReadOnlyList<TextEdit> edits)
    {
        // A plan's edits usually come in this order already (a compiled patch is sorted by position): then they are
        // taken as they are, which is what the stable sort would give.
        var ordered = InOrder(edits) ? edits : edits
            .Select((e, i) => (Edit: e, Index: i))
            .OrderBy(x => x.Edit.Start)
            .ThenBy(x => x.Edit.End)
            .ThenBy(x => x.Index)
            .Select(x => x.Edit)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var edit = ordered[i];
            if (edit.Start < 0 || edit.End < edit.Start || edit.End > text.Length)
            {
                throw new EditConflictException($"edit [{edit.Start}, {edit.End}) is outside the text (length {text.Length})");
            }

            if (i > 0)
            {
                var previous = ordered[i - 1];
                if (edit.Start < previous.End || (edit.Start == previous.Start && !edit.IsInsertion && !previous.IsInsertion))
                {
                    throw new EditConflictException($"edits [{previous.Start}, {previous.End}) and [{edit.Start}, {edit.End}) overlap");
                }
            }
        }

        // One pass from the start: copy the text between edits, then each edit's text, straight into the result (its
        // length is known), without moving the tail for each edit as applying them from the highest offset down would.
        var length = text.Length;
        foreach (var edit in ordered)
        {
            length += edit.Length - (edit.End - edit.Start);
        }

        return string.Create(length, (text, ordered), static (span, state) =>
        {
            var (source, edits) = state;
            var position = 0;
            foreach (var edit in edits)
            {
                source.AsSpan(position, edit.Start - position).CopyTo(span);
                span = span[(edit.Start - position)..];
                edit.CopyTo(span);
                span = span[edit.Length..];
                position = edit.End;
            }

            source.AsSpan(position).CopyTo(span);
        });
    }

    /// <summary>Whether the edits are sorted by start, then end.</summary>
    private static bool InOrder(IReadOnlyList<TextEdit> edits)
    {
        for (var i = 1; i < edits.Count; i++)
        {
            var (previous, edit) = (edits[i - 1], edits[i]);
            if (edit.Start < previous.Start || (edit.Start == previous.Start && edit.End < previous.End))
            {
                return false;
            }
        }

        return true;
    }
}
