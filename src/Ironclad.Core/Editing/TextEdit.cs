namespace Ironclad.Core.Editing;

/// <summary>Replaces the text in [<see cref="Start"/>, <see cref="End"/>) by <see cref="Text"/>; an insertion when the range is empty.</summary>
public readonly record struct TextEdit(int Start, int End, string Text)
{
    public bool IsInsertion => Start == End;

    public static TextEdit Insert(int offset, string text) => new(offset, offset, text);
}

public static class TextEdits
{
    /// <summary>
    /// Applies edits to <paramref name="text"/>, from the highest offset down so that earlier offsets
    /// stay valid. Overlapping edits are rejected; insertions at one offset are kept in the given order.
    /// </summary>
    public static string Apply(string text, IReadOnlyList<TextEdit> edits)
    {
        var ordered = edits
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
            length += edit.Text.Length - (edit.End - edit.Start);
        }

        return string.Create(length, (text, ordered), static (span, state) =>
        {
            var (source, edits) = state;
            var position = 0;
            foreach (var edit in edits)
            {
                source.AsSpan(position, edit.Start - position).CopyTo(span);
                span = span[(edit.Start - position)..];
                edit.Text.AsSpan().CopyTo(span);
                span = span[edit.Text.Length..];
                position = edit.End;
            }

            source.AsSpan(position).CopyTo(span);
        });
    }
}
