namespace Ironclad.Core.Verification;

/// <summary>
/// Cross-resource facts some checks need before they can run: which queues are dead-letter queues,
/// which buckets receive access logs or replicas. Reads that fail here are left to the checks that
/// need them, which report the failure.
/// </summary>
internal sealed class StackContext
{
    private StackContext(HashSet<string> deadLetterTargets, HashSet<string> logTargets, HashSet<string> replicaDestinations)
    {
        DeadLetterTargets = deadLetterTargets;
        LogTargets = logTargets;
        ReplicaDestinations = replicaDestinations;
    }

    /// <summary>ARNs that some function of the stack names as its dead-letter queue or on-failure destination.</summary>
    public HashSet<string> DeadLetterTargets { get; }

    /// <summary>Buckets that some bucket of the stack sends access logs to.</summary>
    public HashSet<string> LogTargets { get; }

    /// <summary>Buckets that some bucket of the stack replicates to.</summary>
    public HashSet<string> ReplicaDestinations { get; }

    public static async Task<StackContext> Build(LiveState live, IReadOnlyList<StackResource> resources)
    {
        var deadLetters = new HashSet<string>(StringComparer.Ordinal);
        var logTargets = new HashSet<string>(StringComparer.Ordinal);
        var replicas = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var id = resource.PhysicalId!;
            try
            {
                switch (resource.Type)
                {
                    case "AWS::Lambda::Function":
                        if ((await live.Function(id).ConfigureAwait(false)).DeadLetterTargetArn is { Length: > 0 } target)
                        {
                            deadLetters.Add(target);
                        }

                        // An on-failure destination collects the same failed events: it gets the same checks.
                        if (await live.OnFailure(id).ConfigureAwait(false) is { } destination && destination.StartsWith("arn:aws", StringComparison.Ordinal) && destination.Contains(":sqs:", StringComparison.Ordinal))
                        {
                            deadLetters.Add(destination);
                        }

                        break;
                    case "AWS::S3::Bucket":
                        if (await live.Logging(id).ConfigureAwait(false) is { } logging)
                        {
                            logTargets.Add(logging.TargetBucket);
                        }

                        if (await live.Replication(id).ConfigureAwait(false) is { } replication)
                        {
                            replicas.UnionWith(replication.Rules.Select(r => r.DestinationBucketArn).OfType<string>().Select(BucketName));
                        }

                        break;
                }
            }
            catch (AwsCallException)
            {
                // Reported by the check that reads the same (cached) answer.
            }
        }

        return new StackContext(deadLetters, logTargets, replicas);
    }

    /// <summary>The bucket name in an S3 bucket ARN (<c>arn:aws:s3:::name</c>), or the text itself.</summary>
    public static string BucketName(string arnOrName) =>
        arnOrName.StartsWith("arn:", StringComparison.Ordinal) ? arnOrName[(arnOrName.LastIndexOf(':') + 1)..] : arnOrName;
}
