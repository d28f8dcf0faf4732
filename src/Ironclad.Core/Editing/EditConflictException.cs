namespace Ironclad.Core.Editing;

/// <summary>Two edits of one plan touch the same text, or an edit targets text it cannot safely change: a bug in the plan, never in the input.</summary>
public sealed class EditConflictException : Exception
{
    public EditConflictException(string message)
        : base(message)
    {
    }
}
