using Ironclad.Aws.Http;

namespace Ironclad.Aws;

/// <summary>The options of <c>ironclad verify</c> that concern AWS and the stacks.</summary>
public sealed record VerifyOptions
{
    /// <summary>The stacks to verify by name (or ARN), in every region and account of the run.</summary>
    public IReadOnlyList<string> Stacks { get; init; } = [];

    /// <summary>Verify every stack in a stable state (nested stacks through their root), filtered by <see cref="StackPrefix"/> and <see cref="StackTags"/>.</summary>
    public bool AllStacks { get; init; }

    public string? StackPrefix { get; init; }

    /// <summary>Tags every selected stack must carry with these values.</summary>
    public IReadOnlyDictionary<string, string> StackTags { get; init; } = new Dictionary<string, string>();

    /// <summary>The template to compare with the stack; findings then point at its lines. Only with one stack in one region and account.</summary>
    public string? TemplatePath { get; init; }

    /// <summary>
    /// Fetch the stack's deployed template (CloudFormation GetTemplate), write it to this path, and use
    /// it as <see cref="TemplatePath"/>: results then point at lines of a file the user has. Only with one stack.
    /// </summary>
    public string? TemplateOutPath { get; init; }

    /// <summary>Regions; none means the profile's, else AWS_REGION / AWS_DEFAULT_REGION.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>A named profile of the shared config and credentials files; else the SDK's default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>One endpoint for every service (a local emulator such as moto_server).</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Verify every active account of the organization (AWS Organizations ListAccounts), through <see cref="RoleName"/>.</summary>
    public bool OrganizationAccounts { get; init; }

    /// <summary>Account IDs to verify through <see cref="RoleName"/>; empty with <see cref="OrganizationAccounts"/> off means the caller's own account.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>The read-only role assumed in each account (STS AssumeRole of arn:aws:iam::ACCOUNT:role/NAME).</summary>
    public string RoleName { get; init; } = "IroncladVerify";

    /// <summary>Template parameter values, used when evaluating the template for drift.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public BackoffPolicy Retry { get; init; } = BackoffPolicy.Default;

    /// <summary>Time and size bounds of each call, for the SDK clients and our own alike.</summary>
    public CallLimits Limits { get; init; } = CallLimits.Default;

    /// <summary>Stacks verified at once (each checks up to 8 resources at once); the SDK's retries absorb throttling.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The bound on the whole run's waiting: past it, verify stops with an error instead of hanging.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Receives one line per finished stack when more than one is verified (the CLI writes them to standard error).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>The base for the template path written in reports; the current directory by default.</summary>
    public string? BaseDirectory { get; init; }
}
