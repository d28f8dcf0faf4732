namespace Ironclad.Core.Baselines;

/// <summary>A baseline file that cannot be used; the message is one line, prefixed with where it went wrong.</summary>
public sealed class BaselineFormatException(string message) : Exception(message);
