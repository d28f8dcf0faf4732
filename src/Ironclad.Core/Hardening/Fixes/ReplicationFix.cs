using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Replication (rule IC3004): one enabled V2 rule per content bucket, to the
/// bucket named by <c>ReplicationDestinationBucketArn</c> or, when that is empty, to an in-stack
/// failover bucket created under a condition. The role's permissions are a separate
/// <c>AWS::IAM::Policy</c>: inline in the role they would reference the bucket that references the
/// role, a cycle.
/// </summary>
internal static class ReplicationFix
{
    private const string RoleType = "AWS::IAM::Role";
    private const string PolicyType = "AWS::IAM::Policy";

    public static ReplicationFixResult Apply(PlanContext context, S3FixResult s3)
    {
        var result = new ReplicationFixResult();
        var failures = context.Failures(S3BucketReplication.Info.Id).ToList();
        if (failures.Count == 0)
        {
            return result;
        }

        var contentBuckets = context.Template.Resources.Count(r => r.Type == Buckets.BucketType
            && !context.Facts.IsAccessLogTarget(r.LogicalId) && !context.Facts.IsReplicationDestination(r.LogicalId));
        // When every bucket to replicate has one and the same condition, the new role and policy get
        // it too, and their statements need no Fn::If for it.
        var shared = failures.Select(f => context.Resource(f.Resource).Condition).Distinct().ToList() is [{ } only] ? only : null;
        var replicated = new List<string?>();
        foreach (var finding in failures)
        {
            context.Fix(finding, () =>
            {
                var bucket = context.Resource(finding.Resource);
                // The failover bucket logs to the access-log bucket only once the fix that added it has succeeded.
                var failovers = new List<(string Bucket, string? Condition)>();
                Replicate(context, s3, bucket, context.RefOf(finding), contentBuckets > 1, shared, failovers);
                result.LogSources.AddRange(failovers);
                replicated.Add(bucket.Condition);
            });
        }

        // The role and its policy serve the replicated buckets only: under their conditions when
        // all are conditional, so that no statement's Resource list can be empty.
        var refs = failures.Select(context.RefOf).ToArray();
        foreach (var companion in new[] { context.FindPlanned(context.LogicalId("S3ReplicationRole", RoleType)), context.FindPlanned(context.LogicalId("S3ReplicationPolicy", PolicyType)) })
        {
            if (companion is { IsNew: true } && replicated.Count > 0)
            {
                companion.Condition = context.ConditionServing("HasReplicatedBuckets", replicated, refs);
            }
        }

        return result;
    }

    /// <param name="failovers">Receives the failover bucket, with its condition, when this call adds it.</param>
    private static void Replicate(PlanContext context, S3FixResult s3, ResourceDefinition bucket, FindingRef finding, bool severalSources, string? shared, List<(string Bucket, string? Condition)> failovers)
    {
        var properties = context.PropertiesOf(bucket);
        if (ValuePath.Get(properties, "ReplicationConfiguration") is not null)
        {
            throw new UnfixableException("ReplicationConfiguration is written but has no enabled rule: the tool does not override a replication set-up; enable its rule or remove it");
        }

        var algorithms = ValuePath.Get(properties, "BucketEncryption", "ServerSideEncryptionConfiguration") is ListValue rules
            ? rules.Items.Select(r => ValuePath.Get(r, "ServerSideEncryptionByDefault", "SSEAlgorithm")).OfType<ScalarValue>().Select(s => s.Text).ToList()
            : [];
        if (algorithms.Any(a => a.StartsWith("aws:kms", StringComparison.Ordinal)))
        {
            throw new UnfixableException("the bucket is encrypted with KMS: replicating its objects needs SourceSelectionCriteria, a replica key and KMS permissions for the role; configure replication by hand");
        }

        var versioned = Buckets.IsVersioned(properties) || s3.Versioned.Contains(bucket.LogicalId);
        if (!versioned)
        {
            throw new UnfixableException("replication needs versioning, which is not on and not being turned on (is IC3002 skipped?)");
        }

        var parameter = context.Parameter(
            [finding],
            "ReplicationDestinationBucketArn",
            "String",
            "",
            "ARN of a versioned bucket in another region to replicate to; empty: an in-stack failover bucket in this region (same-region replication)");
        var condition = context.Condition([finding], "CreateFailoverBucket", Build.Equals(Ref(parameter), Str("")));
        var failover = FailoverBucket(context, bucket, condition, severalSources, finding, failovers);
        var role = Role(context, finding);
        AllowReplication(context, role, bucket.LogicalId, bucket.Condition, shared, failover.Id, condition, parameter, finding);

        var filter = Map(("Prefix", Str(context.Options.ReplicationPrefix)));
        var rule = Map(
            ("Id", Str("ReplicateTo" + (severalSources ? failover.Id : "Failover"))),
            ("Status", Str("Enabled")),
            ("Priority", Num(1)),
            ("Filter", filter),
            ("DeleteMarkerReplication", Map(("Status", Str("Disabled")))),
            ("Destination", Map(
                ("Bucket", If(condition, GetAtt(failover.Id, "Arn"), Ref(parameter))),
                ("StorageClass", Str("STANDARD_IA")))));
        context.SetProperty(
            bucket,
            ["ReplicationConfiguration"],
            Map(("Role", GetAtt(role.Id, "Arn")), ("Rules", List(rule))),
            $"replication to {failover.Id} or ReplicationDestinationBucketArn (STANDARD_IA)",
            finding);
        context.Warn(WarningKind.Replication, "Replication copies objects written after it is enabled, not the existing ones (use S3 Batch Replication for those); an external destination (ReplicationDestinationBucketArn) must be versioned, which verify checks.");
        context.Warn(WarningKind.Replication, "With ReplicationDestinationBucketArn empty, the failover bucket is created in this stack's region: that is same-region replication. For a copy that survives a regional outage, create a versioned bucket in another region and pass its ARN.");
    }

    private static PlannedResource FailoverBucket(PlanContext context, ResourceDefinition source, string condition, bool severalSources, FindingRef finding, List<(string Bucket, string? Condition)> failovers)
    {
        // One failover bucket per source when there are several: objects of the same key from two buckets would overwrite each other.
        var name = severalSources ? Buckets.Stem(source.LogicalId) + "FailoverBucket" : "FailoverBucket";
        var failover = context.Resource(name, Buckets.BucketType, ResourceGroup.Replication, finding);
        if (failover.IsNew && failover.Properties.Count == 0)
        {
            // A conditional source's failover bucket exists only when the source does.
            if (source.Condition is { } sourceCondition)
            {
                // "CreateFailoverBucket" already names the parameter's condition: the combined one needs its own name.
                var combined = "Create" + name == condition ? $"Create{name}For{source.LogicalId}" : "Create" + name;
                condition = context.Condition([finding], combined, And(Build.Condition(condition), Build.Condition(sourceCondition)));
            }

            var logs = S3Fix.AccessLogBucket(context, finding);
            failover.Condition = condition;
            failover.Retain = true;
            failover.Properties
                .Set("BucketEncryption", Buckets.Encryption())
                .Set("VersioningConfiguration", Map(("Status", Str("Enabled"))))
                .Set("LifecycleConfiguration", Map(("Rules", List(Buckets.NoncurrentVersionRule()))))
                .Set("PublicAccessBlockConfiguration", Buckets.PublicAccessBlock())
                .Set("LoggingConfiguration", Map(("DestinationBucketName", Ref(logs.Id)), ("LogFilePrefix", Str(Buckets.LogPrefix(failover.Id)))));
            failover.Facts["Purpose"] = "replication destination";
            failover.Facts["StorageClass"] = "STANDARD_IA";
            failover.Facts["Source"] = source.LogicalId;
            failovers.Add((failover.Id, condition));
            Buckets.AddStatement(context, failover.Id, condition, Buckets.TlsOnlyStatement(failover.Id), "statement DenyInsecureTransport (TLS only)", finding);
        }

        return failover;
    }

    private static PlannedResource Role(PlanContext context, FindingRef finding)
    {
        var role = context.Resource("S3ReplicationRole", RoleType, ResourceGroup.Replication, finding);
        if (role.IsNew && role.Properties.Count == 0)
        {
            role.Properties.Set("AssumeRolePolicyDocument", Infrastructure.Policy(Map(
                ("Effect", Str("Allow")),
                ("Principal", Map(("Service", Str("s3.amazonaws.com")))),
                ("Action", Str("sts:AssumeRole")))));
        }

        return role;
    }

    /// <summary>The replication actions on the sources and destinations, in a policy attached to the role.</summary>
    private static void AllowReplication(PlanContext context, PlannedResource role, string source, string? sourceCondition, string? shared, string failover, string condition, string parameter, FindingRef finding)
    {
        var policy = context.Resource("S3ReplicationPolicy", PolicyType, ResourceGroup.Replication, finding);
        var implied = policy.IsNew && sourceCondition == shared;
        NewNode Conditional(NewNode value) => sourceCondition is null || implied ? value : If(sourceCondition, value, NoValue());
        var sourceArn = Conditional(GetAtt(source, "Arn"));
        var sourceObjects = Conditional(Sub($"${{{source}.Arn}}/*"));
        var destinationObjects = Conditional(If(condition, Sub($"${{{failover}.Arn}}/*"), Sub($"${{{parameter}}}/*")));
        var statements = new (string Sid, string[] Actions, NewNode Resource)[]
        {
            ("ReadReplicationSources", ["s3:GetReplicationConfiguration", "s3:ListBucket"], sourceArn),
            ("ReadSourceObjectVersions", ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], sourceObjects),
            ("WriteReplicas", ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], destinationObjects),
        };
        if (policy.IsNew)
        {
            if (policy.Properties.Count == 0)
            {
                policy.Properties
                    .Set("PolicyName", Str("s3-replication"))
                    .Set("Roles", List(Ref(role.Id)))
                    .Set("PolicyDocument", Infrastructure.Policy([.. statements.Select(s => (NewNode)Map(
                        ("Sid", Str(s.Sid)),
                        ("Effect", Str("Allow")),
                        ("Action", List(s.Actions.Select(a => (NewNode)Str(a)))),
                        ("Resource", List())))]));
            }

            var written = (NewSequence)((NewMapping)policy.Properties["PolicyDocument"]!)["Statement"]!;
            foreach (var (sid, _, resource) in statements)
            {
                var resources = (NewSequence)written.Items.OfType<NewMapping>().First(s => NodeEquality.Equal(s["Sid"], Str(sid)))["Resource"]!;

                // Keyed by their JSON text: with many source buckets a pairwise comparison would be quadratic.
                if (context.Seen(policy.Id + "/" + sid).Add(JsonRenderer.JsonCompact(resource)))
                {
                    resources.Add(resource);
                }
            }

            return;
        }

        // The policy of an earlier run: add this source (and destination) to its statements' resource lists.
        var ownStatements = Buckets.Own(policy.Existing!, "PolicyDocument", "Statement") as SequenceNode;
        for (var i = 0; i < statements.Length; i++)
        {
            var (sid, _, resource) = statements[i];
            var statement = ownStatements?.Items.OfType<MappingNode>().FirstOrDefault(s => (s["Sid"] as ScalarNode)?.Value == sid);
            if (statement?["Resource"] is not SequenceNode list)
            {
                throw new UnfixableException($"{policy.Id} has no statement {sid} with a list of resources to extend; add {source} to it by hand");
            }

            if (!list.Items.Any(item => NodeEquality.Equal(NewNode.From(item, context.Document.Text), resource)))
            {
                context.AppendIn(policy.Existing!, $"Properties.PolicyDocument.Statement[{sid}].Resource", list, resource, "replication of " + source, finding);
            }
        }
    }
}
