namespace Ironclad.Core.Hardening.Fixes;

// What one step of the plan did that a later step builds on. The Hardener passes each to the steps
// that read it, so the compiler, not the order of the calls, makes a reader run after its producer.
// A step that declines as a whole (Hardener.Step) hands on its empty result: nothing it did is kept.

/// <summary>The functions <see cref="LambdaFix"/> gave a setting (directly or through Globals), and the network it planned.</summary>
internal sealed class LambdaFixResult
{
    /// <summary>Functions whose reserved concurrency is now the LambdaConcurrencyLimit parameter.</summary>
    public HashSet<string> Limited { get; } = new(StringComparer.Ordinal);

    /// <summary>Functions that now send failed asynchronous invocations to the Lambda dead-letter queue.</summary>
    public HashSet<string> WithDeadLetterQueue { get; } = new(StringComparer.Ordinal);

    /// <summary>Functions whose environment is now encrypted with the Lambda key.</summary>
    public HashSet<string> WithKey { get; } = new(StringComparer.Ordinal);

    /// <summary>Functions moved into the VPC of <see cref="Network"/>.</summary>
    public HashSet<string> InVpc { get; } = new(StringComparer.Ordinal);

    public NetworkRefs? Network { get; set; }
}

/// <summary>The buckets <see cref="S3Fix.Apply"/> turned versioning on for or sent to the access-log bucket.</summary>
internal sealed class S3FixResult
{
    /// <summary>Buckets this plan turns versioning on for.</summary>
    public HashSet<string> Versioned { get; } = new(StringComparer.Ordinal);

    /// <summary>Buckets this plan sends to the access-log bucket, with their resource conditions.</summary>
    public List<(string Bucket, string? Condition)> LogSources { get; } = [];
}

/// <summary>The failover buckets <see cref="ReplicationFix"/> added, which log to the access-log bucket.</summary>
internal sealed class ReplicationFixResult
{
    /// <summary>Failover buckets, with their resource conditions.</summary>
    public List<(string Bucket, string? Condition)> LogSources { get; } = [];
}

/// <summary>The distributions <see cref="CloudFrontFix"/> sent to the access-log bucket.</summary>
internal sealed class CloudFrontFixResult
{
    /// <summary>Buckets that CloudFront distributions log to (they need ACLs).</summary>
    public HashSet<string> LogsTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Distributions this plan sends to the access-log bucket, with their resource conditions.</summary>
    public List<(string Distribution, string? Condition)> LogSources { get; } = [];
}
