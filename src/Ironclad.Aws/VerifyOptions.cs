using Ironclad.Aws.Http;

namespace Ironclad.Aws;

/// <summary>The options of <c>ironclad verify</c> that concern AWS and the stack.</summary>
public sealed record VerifyOptions
{
    public required string StackName { get; init; }

    /// <summary>The template to compare with the stack; findings then point at its lines.</summary>
    public string? TemplatePath { get; init; }

    /// <summary>Region; else the profile's, else AWS_REGION / AWS_DEFAULT_REGION.</summary>
    public string? Region { get; init; }

    /// <summary>A named profile of the shared config and credentials files; else the SDK's default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>One endpoint for every service (a local emulator such as moto_server).</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Template parameter values, used when evaluating the template for drift.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public BackoffPolicy Retry { get; init; } = BackoffPolicy.Default;

    /// <summary>The base for the template path written in reports; the current directory by default.</summary>
    public string? BaseDirectory { get; init; }
}
