namespace Ironclad.Core.Templates;

/// <summary>A template that cannot be read: the message is one line for the user, with its position.</summary>
public sealed class TemplateLoadException : Exception
{
    public TemplateLoadException(string message, SourcePosition position)
        : base(message) => Position = position;

    public TemplateLoadException(string message, SourcePosition position, Exception inner)
        : base(message, inner) => Position = position;

    public SourcePosition Position { get; }
}
