namespace Ironclad.Core.Hardening;

/// <summary>A finding the planner will not fix automatically; the message says why and what to do.</summary>
internal sealed class UnfixableException(string message) : Exception(message);
