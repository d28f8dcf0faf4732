using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Verification;

public sealed partial class StackVerifier
{
    private const string LoggingService = "logging.s3.amazonaws.com";
    private const string LogDeliveryGroup = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    private static readonly string[] AllowedAlgorithms = ["AES256", "aws:kms", "aws:kms:dsse"];

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> BucketChecks(LiveState live, StackContext context, StackResource resource, MappingNode? planned)
    {
        var bucket = resource.PhysicalId!;
        return
        [
            (S3BucketLogging.Info, () => BucketLogging(live, context, bucket)),
            (S3BucketVersioning.Info, () => BucketVersioning(live, bucket)),
            (S3BucketEncryption.Info, () => BucketEncryption(live, bucket, planned)),
            (S3BucketReplication.Info, () => BucketReplicationEnabled(live, context, bucket)),
            (S3BucketPublicAccessBlock.Info, () => PublicAccess(live, bucket)),
            (S3BucketTlsOnly.Info, () => TlsOnly(live, bucket)),
            (VerifyDescriptors.AccessLogDelivery, () => LogDelivery(live, context, bucket)),
            (VerifyDescriptors.ReplicationPrerequisites, () => ReplicationWillWork(live, bucket)),
            (VerifyDescriptors.NoncurrentVersionExpiry, () => NoncurrentExpiry(live, bucket)),
        ];
    }

    /// <summary>As in the scan (docs/design/rules.md, S3): a bucket that receives access logs is exempt (logging it would recurse).</summary>
    private static async Task<bool> IsLogTarget(LiveState live, StackContext context, string bucket)
    {
        if (context.LogTargets.Contains(bucket))
        {
            return true;
        }

        return await live.BucketPolicy(bucket).ConfigureAwait(false) is { } policy
            && PolicyDocument.Parse(policy).AllowsPrincipal("Service", LoggingService, "s3:PutObject", LogObject(bucket));
    }

    /// <summary>An object key as S3 writes access logs, to match the log-delivery grant's Resource against.</summary>
    private static string LogObject(string bucket) => $"arn:aws:s3:::{bucket}/access-logs/log";

    private static async Task<LiveVerdict?> BucketLogging(LiveState live, StackContext context, string bucket)
    {
        if (await IsLogTarget(live, context, bucket).ConfigureAwait(false))
        {
            return null;
        }

        var logging = await live.Logging(bucket).ConfigureAwait(false);
        return logging is null
            ? LiveVerdict.Fail("access logging is off (GetBucketLogging has no LoggingEnabled)")
            : LiveVerdict.Pass($"logs to {logging.TargetBucket}/{logging.TargetPrefix}");
    }

    private static async Task<LiveVerdict?> BucketVersioning(LiveState live, string bucket)
    {
        var status = await live.Versioning(bucket).ConfigureAwait(false);
        return status == "Enabled"
            ? LiveVerdict.Pass("versioning is Enabled")
            : LiveVerdict.Fail($"versioning is {status ?? "never enabled"}");
    }

    private static async Task<LiveVerdict?> BucketEncryption(LiveState live, string bucket, MappingNode? planned)
    {
        var rules = await live.Aws.S3.GetBucketEncryptionAsync(bucket, live.CancellationToken).ConfigureAwait(false);
        if (rules is null || rules.Count == 0)
        {
            return LiveVerdict.Fail("no default encryption configuration (S3 still applies SSE-S3 to new objects, hence the low severity)");
        }

        // AES256 passes the rule, but a template that asks for a KMS key (and its key policy) and a
        // bucket that lost it live have drifted apart.
        if (PlannedKmsEncryption(planned) is var (algorithm, wantsKey) && algorithm.StartsWith("aws:kms", StringComparison.Ordinal))
        {
            var kms = rules.FirstOrDefault(r => r.Algorithm.StartsWith("aws:kms", StringComparison.Ordinal));
            if (kms is null)
            {
                return LiveVerdict.DriftFrom($"default encryption is {string.Join(", ", rules.Select(r => r.Algorithm))}, not {algorithm}");
            }

            if (wantsKey && kms.KmsKeyId is not { Length: > 0 })
            {
                return LiveVerdict.DriftFrom($"default encryption is {kms.Algorithm} with the AWS-managed key, not a customer-managed one");
            }
        }

        var bad = rules.Where(r => !AllowedAlgorithms.Contains(r.Algorithm, StringComparer.Ordinal)).Select(r => r.Algorithm).ToList();
        return bad.Count == 0
            ? LiveVerdict.Pass("default encryption: " + string.Join(", ", rules.Select(r => r.Algorithm)))
            : LiveVerdict.Fail("unsupported SSEAlgorithm: " + string.Join(", ", bad));
    }

    private static async Task<LiveVerdict?> BucketReplicationEnabled(LiveState live, StackContext context, string bucket)
    {
        if (context.ReplicaDestinations.Contains(bucket) || await IsLogTarget(live, context, bucket).ConfigureAwait(false))
        {
            return null;
        }

        var replication = await live.Replication(bucket).ConfigureAwait(false);
        var enabled = replication?.Rules.Where(r => r.Status == "Enabled").ToList() ?? [];
        return enabled.Count > 0
            ? LiveVerdict.Pass("replicates to " + string.Join(", ", enabled.Select(r => r.DestinationBucketArn)))
            : LiveVerdict.Fail(replication is null ? "no replication configuration" : "no replication rule is Enabled");
    }

    private static async Task<LiveVerdict?> PublicAccess(LiveState live, string bucket)
    {
        var block = await live.Aws.S3.GetPublicAccessBlockAsync(bucket, live.CancellationToken).ConfigureAwait(false);
        if (block is null)
        {
            return LiveVerdict.Fail("no public access block");
        }

        var missing = new[]
        {
            (block.BlockPublicAcls, "BlockPublicAcls"),
            (block.IgnorePublicAcls, "IgnorePublicAcls"),
            (block.BlockPublicPolicy, "BlockPublicPolicy"),
            (block.RestrictPublicBuckets, "RestrictPublicBuckets"),
        }.Where(f => !f.Item1).Select(f => f.Item2).ToList();
        return missing.Count == 0
            ? LiveVerdict.Pass("all four public access blocks are on")
            : LiveVerdict.Fail("public access block is off for " + string.Join(", ", missing));
    }

    private static async Task<LiveVerdict?> TlsOnly(LiveState live, string bucket)
    {
        if (await live.BucketPolicy(bucket).ConfigureAwait(false) is not { } json)
        {
            return LiveVerdict.Fail("no bucket policy, so nothing denies requests without TLS");
        }

        var denies = PolicyDocument.Parse(json).Statements.Any(s =>
            !s.IsAllow
            && s.Actions.Any(a => a is "s3:*" or "*")
            && s.HasPrincipal("AWS", "*")
            && s.Condition("Bool", "aws:SecureTransport").Contains("false", StringComparer.OrdinalIgnoreCase));
        return denies
            ? LiveVerdict.Pass("the bucket policy denies s3:* when aws:SecureTransport is false")
            : LiveVerdict.Fail("the bucket policy does not deny s3:* when aws:SecureTransport is false");
    }

    private static async Task<LiveVerdict?> LogDelivery(LiveState live, StackContext context, string bucket)
    {
        if (!await IsLogTarget(live, context, bucket).ConfigureAwait(false))
        {
            return null;
        }

        if (await live.BucketPolicy(bucket).ConfigureAwait(false) is { } policy
            && PolicyDocument.Parse(policy).AllowsPrincipal("Service", LoggingService, "s3:PutObject", LogObject(bucket)))
        {
            return LiveVerdict.Pass($"the bucket policy lets {LoggingService} s3:PutObject");
        }

        var grants = await live.Aws.S3.GetBucketAclAsync(bucket, live.CancellationToken).ConfigureAwait(false);
        return grants.Any(g => g.Grantee == LogDeliveryGroup && g.Permission is "WRITE" or "FULL_CONTROL")
            ? LiveVerdict.Pass("the bucket ACL grants the LogDelivery group WRITE")
            : LiveVerdict.Fail($"receives access logs but neither its policy nor its ACL lets {LoggingService} write: logs are dropped");
    }

    // The guide's "S3 replication failures": versioning on both sides and the role's actions.
    private static async Task<LiveVerdict?> ReplicationWillWork(LiveState live, string bucket)
    {
        var replication = await live.Replication(bucket).ConfigureAwait(false);
        var rules = replication?.Rules.Where(r => r.Status == "Enabled").ToList() ?? [];
        if (replication is null || rules.Count == 0)
        {
            return null;
        }

        var problems = new List<string>();
        var unknown = new List<string>();
        if (await live.Versioning(bucket).ConfigureAwait(false) != "Enabled")
        {
            problems.Add("the source bucket is not versioned");
        }

        var destinations = rules.Select(r => r.DestinationBucketArn).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var destination in destinations)
        {
            var name = StackContext.BucketName(destination);
            try
            {
                if (await live.Versioning(name).ConfigureAwait(false) != "Enabled")
                {
                    problems.Add($"the destination {name} is not versioned");
                }
            }
            catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.NotFound)
            {
                problems.Add($"the destination {name} does not exist");
            }
            catch (AwsCallException ex)
            {
                unknown.Add($"the destination's versioning ({ex.Operation} {ex.Code})");
            }
        }

        if (replication.Role is not { Length: > 0 } role)
        {
            problems.Add("no replication role");
        }
        else
        {
            try
            {
                var policies = await live.RolePolicies(role).ConfigureAwait(false);
                var needed = new List<(string Action, string Resource)>
                {
                    ("s3:GetReplicationConfiguration", $"arn:aws:s3:::{bucket}"),
                    ("s3:ListBucket", $"arn:aws:s3:::{bucket}"),
                    ("s3:GetObjectVersionForReplication", $"arn:aws:s3:::{bucket}/*"),
                    ("s3:GetObjectVersionAcl", $"arn:aws:s3:::{bucket}/*"),
                };
                needed.AddRange(destinations.Select(d => ("s3:ReplicateObject", $"arn:aws:s3:::{StackContext.BucketName(d)}/*")));
                var missing = needed.Where(n => !PolicyDocument.Allows(policies, n.Action, n.Resource)).Select(n => $"{n.Action} on {n.Resource}").ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"the role {LiveState.RoleName(role)} lacks {string.Join(", ", missing)}");
                }
            }
            catch (AwsCallException ex) when (ex.Kind != AwsErrorKind.NotFound)
            {
                unknown.Add($"the role's policies ({ex.Operation} {ex.Code})");
            }
            catch (AwsCallException)
            {
                problems.Add($"the role {LiveState.RoleName(role)} does not exist");
            }
        }

        if (problems.Count > 0)
        {
            var also = unknown.Count > 0 ? "; could not read " + string.Join(", ", unknown) : string.Empty;
            return LiveVerdict.Fail("replication will fail: " + string.Join("; ", problems) + also);
        }

        return unknown.Count > 0
            ? LiveVerdict.Unknown("cannot verify " + string.Join(", ", unknown))
            : LiveVerdict.Pass("both sides are versioned and the role has the replication actions");
    }

    private static async Task<LiveVerdict?> NoncurrentExpiry(LiveState live, string bucket)
    {
        if (await live.Versioning(bucket).ConfigureAwait(false) != "Enabled")
        {
            return null;
        }

        var rules = await live.Aws.S3.GetBucketLifecycleAsync(bucket, live.CancellationToken).ConfigureAwait(false) ?? [];
        var expiring = rules.FirstOrDefault(r => r.Status == "Enabled" && r.NoncurrentVersionExpirationDays is > 0);
        return expiring is not null
            ? LiveVerdict.Pass($"noncurrent versions expire after {expiring.NoncurrentVersionExpirationDays} days (rule {expiring.Id})")
            : LiveVerdict.Fail("storage grows without bound: versioning is on and no lifecycle rule expires noncurrent versions");
    }

    /// <summary>The template's first default-encryption rule: its algorithm and whether it names a key.</summary>
    private static (string Algorithm, bool WantsKey)? PlannedKmsEncryption(MappingNode? planned)
    {
        var rules = (planned?["BucketEncryption"] as MappingNode)?["ServerSideEncryptionConfiguration"] as SequenceNode;
        var byDefault = (rules is { Items.Count: > 0 } ? rules.Items[0] as MappingNode : null)?["ServerSideEncryptionByDefault"] as MappingNode;
        return byDefault?["SSEAlgorithm"] is ScalarNode { Value: var algorithm }
            ? (algorithm, byDefault["KMSMasterKeyID"] is { } key && !(key is ScalarNode scalar && scalar.IsNull))
            : null;
    }
}
