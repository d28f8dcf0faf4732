namespace Ironclad.Core.Verification;

public enum AwsErrorKind
{
    /// <summary>The caller may not make this call (AccessDenied, UnauthorizedOperation, 403).</summary>
    AccessDenied,

    /// <summary>The thing asked about does not exist.</summary>
    NotFound,

    /// <summary>Still throttled or failing (5xx, network) after the bounded retries.</summary>
    Unavailable,

    /// <summary>Any other error the service answered with.</summary>
    Failed,
}

/// <summary>
/// A failed read, translated by the adapters from whatever their transport throws, so that the
/// checks decide on the kind of failure without knowing the SDK or HTTP.
/// </summary>
public sealed class AwsCallException : Exception
{
    public AwsCallException(string operation, AwsErrorKind kind, string code, string message, Exception? inner = null)
        : base($"{operation}: {code}: {message}", inner)
    {
        Operation = operation;
        Kind = kind;
        Code = code;
        Detail = message;
    }

    public AwsCallException()
        : this("call", AwsErrorKind.Failed, "Unknown", "unknown error")
    {
    }

    public AwsCallException(string message)
        : this("call", AwsErrorKind.Failed, "Unknown", message)
    {
    }

    public AwsCallException(string message, Exception inner)
        : this("call", AwsErrorKind.Failed, "Unknown", message, inner)
    {
    }

    /// <summary>The API operation, such as <c>GetFunctionConcurrency</c>.</summary>
    public string Operation { get; }

    public AwsErrorKind Kind { get; }

    /// <summary>The service's error code, such as <c>AccessDeniedException</c>.</summary>
    public string Code { get; }

    /// <summary>The service's own message, without the operation and code that <see cref="Exception.Message"/> adds.</summary>
    public string Detail { get; }
}

/// <summary>A problem that stops the whole run (no such stack, no credentials, bad region): one line for the user, exit code 2.</summary>
public sealed class VerifyException : Inputs.InputException
{
    public VerifyException(string message)
        : base(Inputs.InputKind.AwsConfig, null, null, message)
    {
    }

    public VerifyException(string message, Exception inner)
        : base(Inputs.InputKind.AwsConfig, null, null, message, inner)
    {
    }
}
