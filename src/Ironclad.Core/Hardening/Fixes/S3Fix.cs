using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Buckets (rules IC3001-IC3003, IC3005, IC3006): encryption where none is
/// set, versioning with a lifecycle for old versions, access logging to <c>AccessLoggingBucket</c>,
/// public-access blocks and a TLS-only statement in the bucket's one policy. A bucket that serves
/// the public keeps its access: the blocks (and for a website endpoint, TLS-only) are declined with
/// a suppression and the report recommends CloudFront with origin access control.
/// </summary>
internal static class S3Fix
{
    public static S3FixResult Apply(PlanContext context)
    {
        var result = new S3FixResult();
        foreach (var finding in context.Failures(S3BucketEncryption.Info.Id))
        {
            context.Fix(finding, () => Encryption(context, finding));
        }

        foreach (var finding in context.Failures(S3BucketVersioning.Info.Id))
        {
            context.Fix(finding, () => Versioning(context, finding, result.Versioned));
        }

        foreach (var finding in context.Failures(S3BucketLogging.Info.Id))
        {
            context.Fix(finding, () => Logging(context, context.Resource(finding.Resource), context.RefOf(finding), result.LogSources));
        }

        foreach (var finding in context.Failures(S3BucketPublicAccessBlock.Info.Id))
        {
            var bucket = context.Resource(finding.Resource);
            var (exposed, _, why) = Buckets.Exposure(context, bucket);
            if (exposed)
            {
                context.Decline(
                    bucket,
                    context.RefOf(finding),
                    $"public by design: {why}; blocking public access would take it offline",
                    "Serve it through CloudFront with origin access control, then turn on the public access blocks.");
                context.Warn(WarningKind.PublicBucket, $"{bucket.LogicalId} is public ({why}): left open, its public-access finding suppressed with the reason; put CloudFront with origin access control in front of it and block public access.");
                continue;
            }

            context.Fix(finding, () => context.SetProperty(bucket, ["PublicAccessBlockConfiguration"], Buckets.PublicAccessBlock(), "all four public access blocks on", context.RefOf(finding)));
        }

        foreach (var finding in context.Failures(S3BucketTlsOnly.Info.Id))
        {
            var bucket = context.Resource(finding.Resource);
            if (Buckets.Exposure(context, bucket) is (true, true, _))
            {
                context.Decline(
                    bucket,
                    context.RefOf(finding),
                    "S3 website endpoints answer only HTTP; denying requests without TLS would take the website down",
                    "Serve the website through CloudFront over HTTPS, then deny requests without TLS.");
                continue;
            }

            if (!RedirectHttpViewers(context, bucket, context.RefOf(finding)))
            {
                context.Decline(
                    bucket,
                    context.RefOf(finding),
                    "a CloudFront distribution forwards viewers' HTTP requests to this bucket (ViewerProtocolPolicy allow-all, chosen by an intrinsic), so denying requests without TLS would answer them 403",
                    "Set the distribution's ViewerProtocolPolicy to redirect-to-https (or https-only) in every case, then deny requests without TLS.");
                continue;
            }

            context.Fix(finding, () => Buckets.AddStatement(context, bucket.LogicalId, bucket.Condition, Buckets.TlsOnlyStatement(bucket.LogicalId), "statement DenyInsecureTransport (TLS only)", context.RefOf(finding)));
        }

        NoncurrentVersions(context, result);
        return result;
    }

    /// <summary>
    /// A distribution with an S3 origin forwards viewers' HTTP as HTTP: with <c>allow-all</c> its
    /// behaviours for the bucket would answer those viewers 403 once the bucket denies requests
    /// without TLS. Such behaviours are set to <c>redirect-to-https</c>; false when one is chosen by
    /// an intrinsic and cannot be (then the deny is not added).
    /// </summary>
    private static bool RedirectHttpViewers(PlanContext context, ResourceDefinition bucket, FindingRef finding)
    {
        foreach (var distribution in context.Template.ResourcesOfType("AWS::CloudFront::Distribution"))
        {
            if (Buckets.Own(distribution, "DistributionConfig") is not MappingNode config
                || config["Origins"] is not SequenceNode origins)
            {
                continue;
            }

            var originIds = origins.Items.OfType<MappingNode>()
                .Where(o => o["CustomOriginConfig"] is null)
                .Where(o => context.Evaluator.Evaluate(o["DomainName"]) is UnknownValue { ReferencedResource: var target } && target == bucket.LogicalId)
                .Select(o => (o["Id"] as ScalarNode)?.Value)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            if (originIds.Count == 0)
            {
                continue;
            }

            var behaviours = new List<(MappingNode Node, string Path)>();
            if (config["DefaultCacheBehavior"] is MappingNode main)
            {
                behaviours.Add((main, "Properties.DistributionConfig.DefaultCacheBehavior"));
            }

            if (config["CacheBehaviors"] is SequenceNode more)
            {
                behaviours.AddRange(more.Items.Select((b, i) => (b as MappingNode, $"Properties.DistributionConfig.CacheBehaviors[{i}]")).Where(b => b.Item1 is not null).Select(b => (b.Item1!, b.Item2)));
            }

            foreach (var (behaviour, path) in behaviours)
            {
                if (behaviour["TargetOriginId"] is not ScalarNode { Value: var origin } || !originIds.Contains(origin))
                {
                    continue;
                }

                var policy = behaviour["ViewerProtocolPolicy"];
                if (policy is ScalarNode { Value: "allow-all" } plain)
                {
                    context.ReplaceIn(distribution, path + ".ViewerProtocolPolicy", plain, Str("redirect-to-https"), $"redirect-to-https (HTTP viewers would get 403 from {bucket.LogicalId}'s TLS-only policy)", finding);
                    context.Warn(WarningKind.DeployTime, $"{distribution.LogicalId}: viewers on HTTP are now redirected to HTTPS ({path.Replace("Properties.", "", StringComparison.Ordinal)}), because {bucket.LogicalId} denies requests without TLS and CloudFront forwards HTTP viewers' requests to S3 over HTTP.");
                }
                else if (policy is not null and not ScalarNode && context.Evaluator.Evaluate(policy) is not ScalarValue { Text: not "allow-all" })
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A versioned bucket the plan hardens also gets a lifecycle for its old versions, else its storage
    /// grows without bound (verify's diagnosis); buckets with no finding are left as they are.
    /// </summary>
    private static void NoncurrentVersions(PlanContext context, S3FixResult s3)
    {
        var s3Rules = new[] { S3BucketLogging.Info.Id, S3BucketEncryption.Info.Id, S3BucketReplication.Info.Id, S3BucketPublicAccessBlock.Info.Id, S3BucketTlsOnly.Info.Id };
        foreach (var group in context.Results.Where(r => r.Status == ResultStatus.Fail && s3Rules.Contains(r.Rule.Id)).GroupBy(r => r.Resource))
        {
            var bucket = context.Resource(group.Key);
            var properties = context.PropertiesOf(bucket);
            if (s3.Versioned.Contains(bucket.LogicalId)
                || !Buckets.IsVersioned(properties)
                || Buckets.HasNoncurrentRule(properties))
            {
                continue;
            }

            context.Fix(group.First(), () => context.AppendProperty(
                bucket,
                ["LifecycleConfiguration", "Rules"],
                Buckets.NoncurrentVersionRule(),
                "lifecycle rule: noncurrent versions to STANDARD_IA after 30 days, expired after 90",
                [.. group.Select(context.RefOf)]));
        }
    }

    /// <summary>Gives a bucket of the input access logging to the access-log bucket.</summary>
    private static void Logging(PlanContext context, ResourceDefinition bucket, FindingRef finding, List<(string Bucket, string? Condition)> logSources)
    {
        var logs = AccessLogBucket(context, finding);
        context.SetProperty(
            bucket,
            ["LoggingConfiguration"],
            Map(("DestinationBucketName", Ref(logs.Id)), ("LogFilePrefix", Str(Buckets.LogPrefix(bucket.LogicalId)))),
            $"access logs to {logs.Id} under {Buckets.LogPrefix(bucket.LogicalId)}",
            finding);
        logSources.Add((bucket.LogicalId, bucket.Condition));
    }

    /// <summary>The access-log bucket (docs/design/hardening.md, Access-log bucket), planned once.</summary>
    public static PlannedResource AccessLogBucket(PlanContext context, params FindingRef[] fixes)
    {
        var bucket = context.Resource(Infrastructure.AccessLogBucket, Buckets.BucketType, ResourceGroup.Buckets, fixes);
        if (bucket.IsNew && bucket.Properties.Count == 0)
        {
            var retention = context.Parameter(fixes, "LogRetentionDays", "Number", "90", "Days to keep S3 and CloudFront access logs", d => d.Set("MinValue", Num(1)));
            bucket.Retain = true;
            bucket.Properties
                .Set("BucketEncryption", Buckets.Encryption())
                .Set("VersioningConfiguration", Map(("Status", Str("Enabled"))))
                .Set("LifecycleConfiguration", Map(("Rules", List(Map(
                    ("Id", Str("ExpireAccessLogs")),
                    ("Status", Str("Enabled")),
                    ("ExpirationInDays", Ref(retention)),
                    ("NoncurrentVersionExpiration", Map(("NoncurrentDays", Num(30)))))))))
                .Set("PublicAccessBlockConfiguration", Buckets.PublicAccessBlock())
                .Set("OwnershipControls", Ownership("BucketOwnerEnforced"));
            bucket.Facts["Purpose"] = "access logs";
        }

        return bucket;
    }

    /// <summary>
    /// After every fix has run: the access-log bucket's policy lets the S3 log service write the
    /// logs of exactly the buckets that log there, and denies requests without TLS; a CloudFront
    /// distribution that logs there needs ACLs, hence <c>BucketOwnerPreferred</c>.
    /// </summary>
    public static void FinishAccessLogging(PlanContext context, S3FixResult s3, ReplicationFixResult replication, CloudFrontFixResult cloudFront)
    {
        var id = context.LogicalId(Infrastructure.AccessLogBucket, Buckets.BucketType);
        var planned = context.FindPlanned(id);
        if (planned is null)
        {
            return;
        }

        var fixes = planned.Fixes.ToArray();
        var sources = context.Template.Resources
            .Where(r => r.Type == Buckets.BucketType && Buckets.LogTarget(context.PropertiesOf(r)) == id)
            .Select(r => (r.LogicalId, r.Condition))
            .Concat(s3.LogSources)
            .Concat(replication.LogSources)
            .DistinctBy(s => s.Item1)
            .ToList();
        // A new log bucket whose every user is conditional exists only when one of them does.
        string? ownCondition = null;
        if (planned.IsNew)
        {
            ownCondition = context.ConditionServing("HasAccessLogSources", sources.Select(s => s.Item2).Concat(cloudFront.LogSources.Select(d => d.Condition)), fixes);
            planned.Condition = ownCondition;
        }

        // A conditional bucket may not exist: its ARN is written only when its condition holds
        // (which needs no Fn::If where the log bucket has that very condition).
        var arns = sources.Select(s => s.Item2 is { } condition && condition != ownCondition
            ? (NewNode)If(condition, GetAtt(s.Item1, "Arn"), NoValue())
            : GetAtt(s.Item1, "Arn")).ToList();
        if (cloudFront.LogsTo.Contains(id))
        {
            if (planned.IsNew)
            {
                planned.Properties.Set("OwnershipControls", Ownership("BucketOwnerPreferred"));
            }
            else if (ValuePath.Get(context.PropertiesOf(planned.Existing!), "OwnershipControls", "Rules") is not ListValue { Items: [MapValue rule, ..] }
                || rule["ObjectOwnership"] is not ScalarValue { Text: "BucketOwnerPreferred" or "ObjectWriter" })
            {
                context.SetProperty(planned.Existing!, ["OwnershipControls"], Ownership("BucketOwnerPreferred"), "OwnershipControls: BucketOwnerPreferred (CloudFront standard logging writes with ACLs)", fixes);
            }
        }

        if (sources.Count == 0)
        {
            // Only CloudFront writes here (with ACLs, not through the S3 log service): say why the
            // bucket itself is neither logged nor replicated.
            if (planned.IsNew)
            {
                planned.Suppressions.Add((S3BucketLogging.Info.Id, "receives CloudFront access logs; logging the log bucket would recurse"));
                planned.Suppressions.Add((S3BucketReplication.Info.Id, "holds access logs only, which need no second copy"));
                Buckets.AddStatement(context, id, ownCondition, Buckets.TlsOnlyStatement(id), "statement DenyInsecureTransport (TLS only)", fixes);
            }

            return;
        }

        var allow = Map(
            ("Sid", Str("AllowS3ServerAccessLogs")),
            ("Effect", Str("Allow")),
            ("Principal", Map(("Service", Str("logging.s3.amazonaws.com")))),
            ("Action", Str("s3:PutObject")),
            ("Resource", Sub($"${{{id}.Arn}}/*")),
            ("Condition", Map(
                ("StringEquals", Map(("aws:SourceAccount", Ref("AWS::AccountId")))),
                ("ArnLike", Map(("aws:SourceArn", List(arns)))))));
        var existing = Buckets.PoliciesOf(context, id);
        if (existing.Count > 0 && AllowStatementArns(existing[0]) is { } list)
        {
            var written = list.Items.Select(i => NewNode.From(i, context.Document.Text)).ToList();
            foreach (var arn in arns.Where(a => !written.Any(w => NodeEquality.Equal(w, a))))
            {
                context.AppendIn(existing[0], "Properties.PolicyDocument.Statement[AllowS3ServerAccessLogs].Condition.ArnLike.aws:SourceArn", list, arn, "log source " + PlanContext.Describe(arn), fixes);
            }
        }
        else
        {
            Buckets.AddStatement(context, id, ownCondition, allow, "statement AllowS3ServerAccessLogs (log delivery from the logged buckets)", fixes);
        }

        if (planned.IsNew)
        {
            Buckets.AddStatement(context, id, ownCondition, Buckets.TlsOnlyStatement(id), "statement DenyInsecureTransport (TLS only)", fixes);
        }
    }

    private static SequenceNode? AllowStatementArns(ResourceDefinition policy)
    {
        var statements = Buckets.Own(policy, "PolicyDocument", "Statement") as SequenceNode;
        var allow = statements?.Items.OfType<MappingNode>().FirstOrDefault(s => (s["Sid"] as ScalarNode)?.Value == "AllowS3ServerAccessLogs");
        return ((allow?["Condition"] as MappingNode)?["ArnLike"] as MappingNode)?["aws:SourceArn"] as SequenceNode;
    }

    private static NewMapping Ownership(string mode) => Map(("Rules", List(Map(("ObjectOwnership", Str(mode))))));

    private static void Encryption(PlanContext context, ScanResult finding)
    {
        var bucket = context.Resource(finding.Resource);
        var configured = Buckets.Own(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration");
        if (configured is SequenceNode { Items.Count: > 0 } rules && !Intrinsics.TryGetCall(configured, out _, out _))
        {
            for (var i = 0; i < rules.Items.Count; i++)
            {
                if (rules.Items[i] is MappingNode rule
                    && ((rule["ServerSideEncryptionByDefault"] as MappingNode)?["SSEAlgorithm"] as ScalarNode)?.Value is not ("AES256" or "aws:kms" or "aws:kms:dsse"))
                {
                    context.SetIn(bucket, $"Properties.BucketEncryption.ServerSideEncryptionConfiguration[{i}]", rule, ["ServerSideEncryptionByDefault", "SSEAlgorithm"], Str("AES256"), "AES256", context.RefOf(finding));
                }
            }

            return;
        }

        context.SetProperty(bucket, ["BucketEncryption"], Buckets.Encryption(), "SSE-S3 (AES256) with an S3 bucket key", context.RefOf(finding));
    }

    private static void Versioning(PlanContext context, ScanResult finding, HashSet<string> versioned)
    {
        var bucket = context.Resource(finding.Resource);
        context.SetProperty(bucket, ["VersioningConfiguration", "Status"], Str("Enabled"), "Enabled", context.RefOf(finding));
        if (!Buckets.HasNoncurrentRule(context.PropertiesOf(bucket)))
        {
            context.AppendProperty(bucket, ["LifecycleConfiguration", "Rules"], Buckets.NoncurrentVersionRule(), "lifecycle rule: noncurrent versions to STANDARD_IA after 30 days, expired after 90", context.RefOf(finding));
        }

        versioned.Add(bucket.LogicalId);
    }
}
