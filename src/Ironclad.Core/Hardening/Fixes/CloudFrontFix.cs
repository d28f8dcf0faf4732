using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.CloudFront;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Distributions (rules IC5001-IC5003): standard logging to the access-log
/// bucket; TLS 1.2 where a custom certificate allows it (on the default certificate the setting is
/// ignored, so that finding is suppressed with the reason); and the move from a legacy origin access
/// identity to origin access control, ordered so that the bucket policy allows origin access control
/// before the distribution switches to it, keeping the old identity's statement.
/// </summary>
internal static class CloudFrontFix
{
    public static CloudFrontFixResult Apply(PlanContext context)
    {
        var result = new CloudFrontFixResult();
        foreach (var finding in context.Failures(CloudFrontLogging.Info.Id))
        {
            context.Fix(finding, () => Logging(context, context.Resource(finding.Resource), context.RefOf(finding), result));
        }

        foreach (var finding in context.Failures(CloudFrontTls12.Info.Id))
        {
            context.Fix(finding, () => Tls(context, context.Resource(finding.Resource), context.RefOf(finding)));
        }

        foreach (var finding in context.Failures(CloudFrontOriginAccessControl.Info.Id))
        {
            context.Fix(finding, () => OriginAccessControl(context, context.Resource(finding.Resource), context.RefOf(finding)));
        }

        return result;
    }

    private static void Logging(PlanContext context, ResourceDefinition distribution, FindingRef finding, CloudFrontFixResult result)
    {
        var logs = S3Fix.AccessLogBucket(context, finding);
        context.SetProperty(
            distribution,
            ["DistributionConfig", "Logging"],
            Map(("Bucket", GetAtt(logs.Id, "DomainName")), ("Prefix", Str(Buckets.Kebab(distribution.LogicalId) + "/")), ("IncludeCookies", Bool(false))),
            $"standard logging to {logs.Id}",
            finding);
        result.LogsTo.Add(logs.Id);
        result.LogSources.Add((distribution.LogicalId, distribution.Condition));
    }

    private static void Tls(PlanContext context, ResourceDefinition distribution, FindingRef finding)
    {
        var certificate = ValuePath.Get(context.PropertiesOf(distribution), "DistributionConfig", "ViewerCertificate");
        var custom = ValuePath.IsSet(ValuePath.Get(certificate, "AcmCertificateArn")) || ValuePath.IsSet(ValuePath.Get(certificate, "IamCertificateId"));
        if (!custom)
        {
            context.Decline(
                distribution,
                finding,
                "the distribution uses the default *.cloudfront.net certificate, which cannot enforce TLS 1.2 (CloudFront ignores MinimumProtocolVersion with it)",
                "Give the distribution an alias and an ACM certificate in us-east-1, then set MinimumProtocolVersion: TLSv1.2_2021.");
            return;
        }

        context.SetProperty(distribution, ["DistributionConfig", "ViewerCertificate", "MinimumProtocolVersion"], Str("TLSv1.2_2021"), "TLSv1.2_2021", finding);
    }

    private static void OriginAccessControl(PlanContext context, ResourceDefinition distribution, FindingRef finding)
    {
        if (Buckets.Own(distribution, "DistributionConfig", "Origins") is not SequenceNode origins || Intrinsics.TryGetCall(origins, out _, out _))
        {
            throw new UnfixableException("DistributionConfig.Origins is not a list written in the template: move its S3 origins to origin access control by hand");
        }

        var moved = 0;
        var policies = new List<string>();
        for (var i = 0; i < origins.Items.Count; i++)
        {
            if (origins.Items[i] is not MappingNode origin || Intrinsics.TryGetCall(origin, out _, out _))
            {
                continue;
            }

            var bucket = BucketOf(context, origin["DomainName"]);
            if (origin["CustomOriginConfig"] is not null && NamesWebsiteEndpoint(origin["DomainName"]))
            {
                context.Decline(
                    distribution,
                    finding,
                    "an origin is an S3 website endpoint, which cannot use origin access control (the bucket must stay public)",
                    "Point the origin at the bucket's REST endpoint (RegionalDomainName) with origin access control, and serve index documents with a CloudFront function.");
                return;
            }

            var s3Config = origin.Find("S3OriginConfig");
            if (s3Config is null && bucket is null)
            {
                continue;
            }

            var identityNode = (s3Config?.Value as MappingNode)?["OriginAccessIdentity"];
            var hasIdentity = identityNode is ScalarNode { Value.Length: > 0 } or MappingNode;
            if (!hasIdentity && origin.Find("OriginAccessControlId") is not null)
            {
                continue;
            }

            if (bucket is null)
            {
                throw new UnfixableException("an S3 origin's bucket is not a bucket of this template, so its policy cannot be given the CloudFront statement; move it to origin access control by hand");
            }

            var control = Control(context, finding);
            var path = $"Properties.DistributionConfig.Origins[{i}]";
            if (identityNode is not null)
            {
                context.ReplaceIn(distribution, path + ".S3OriginConfig.OriginAccessIdentity", identityNode, Str(""), "'' (origin access control replaces the identity)", finding);
            }
            else if (s3Config is null)
            {
                context.SetIn(distribution, path, origin, ["S3OriginConfig"], Map(("OriginAccessIdentity", Str(""))), "S3OriginConfig for origin access control", finding);
            }

            context.SetIn(distribution, path, origin, ["OriginAccessControlId"], GetAtt(control.Id, "Id"), $"!GetAtt {control.Id}.Id", finding);

            // Conditioned on any distribution of the account, not on this one's ARN: a reference to
            // the distribution would make the policy wait for it, so the distribution would switch
            // to origin access control before S3 allows it (403 on every cache miss in between).
            var policy = Buckets.AddStatement(
                context,
                bucket,
                context.FindResource(bucket)?.Condition,
                Map(
                    ("Sid", Str("AllowCloudFront" + distribution.LogicalId)),
                    ("Effect", Str("Allow")),
                    ("Principal", Map(("Service", Str("cloudfront.amazonaws.com")))),
                    ("Action", Str("s3:GetObject")),
                    ("Resource", Sub($"${{{bucket}.Arn}}/*")),
                    ("Condition", Map(("ArnLike", Map(("AWS:SourceArn", Sub("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/*"))))))),
                $"statement for CloudFront origin access control from {distribution.LogicalId} (any distribution of the account until narrowed)",
                finding);
            policies.Add(policy);
            moved++;
        }

        if (moved == 0)
        {
            return;
        }

        var waited = policies.Distinct(StringComparer.Ordinal).Where(p => WaitFor(context, distribution, p, finding)).ToList();
        var order = waited.Count > 0
            ? $"it DependsOn {string.Join(", ", waited)}, so S3 allows origin access control before the distribution switches to it"
            : "its bucket policy could not be ordered before it (see the other warnings): deploy once with the new bucket statement, then switch";
        context.Warn(
            WarningKind.DeployTime,
            $"{distribution.LogicalId}: moved to origin access control; {order}, and the statement for the old origin access identity is kept. "
            + $"The new statement admits any CloudFront distribution of this account (AWS:SourceArn distribution/*), so that it does not wait for the distribution: "
            + $"after this deploy, narrow it to arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{distribution.LogicalId}}} and remove the old identity's statement and the identity.");
    }

    /// <summary>
    /// Makes the distribution wait for the bucket policy; not when the policy itself refers to the
    /// distribution (that would be a cycle) or exists under another condition (a dependency on a
    /// resource that may not exist fails).
    /// </summary>
    private static bool WaitFor(PlanContext context, ResourceDefinition distribution, string policy, FindingRef finding)
    {
        var existing = context.FindResource(policy);
        var condition = existing?.Condition ?? context.FindPlanned(policy)?.Condition;
        if (condition is not null && condition != distribution.Condition)
        {
            context.Warn(WarningKind.DeployTime, $"{distribution.LogicalId} cannot DependsOn {policy}, which exists only under condition {condition}: deploy the bucket policy before the distribution switches to origin access control.");
            return false;
        }

        if (existing is not null && Mentions(existing.Node, distribution.LogicalId))
        {
            context.Warn(WarningKind.DeployTime, $"{policy} refers to {distribution.LogicalId}, so the distribution cannot wait for it: deploy the new bucket statement first, then the switch to origin access control.");
            return false;
        }

        switch (distribution.Node.Find("DependsOn")?.Value)
        {
            case null:
                context.SetAttribute(distribution, ["DependsOn"], Str(policy), $"DependsOn {policy} (S3 allows origin access control before the switch)", finding);
                break;
            case ScalarNode { Value: var single } node when single != policy:
                context.ReplaceIn(distribution, "DependsOn", node, List(Str(single), Str(policy)), $"DependsOn {policy} (S3 allows origin access control before the switch)", finding);
                break;
            case SequenceNode list when !list.Items.OfType<ScalarNode>().Any(i => i.Value == policy):
                context.AppendIn(distribution, "DependsOn", list, Str(policy), $"DependsOn {policy} (S3 allows origin access control before the switch)", finding);
                break;
        }

        return true;
    }

    /// <summary>True when a node names a resource: <c>Ref</c>, <c>GetAtt</c>, or a <c>${...}</c> of <c>Sub</c>.</summary>
    private static bool Mentions(TemplateNode node, string id) => node switch
    {
        ScalarNode s => s.Value == id || s.Value.StartsWith(id + ".", StringComparison.Ordinal)
            || s.Value.Contains("${" + id + "}", StringComparison.Ordinal) || s.Value.Contains("${" + id + ".", StringComparison.Ordinal),
        MappingNode m => m.Entries.Any(e => Mentions(e.Value, id)),
        SequenceNode q => q.Items.Any(i => Mentions(i, id)),
        _ => false,
    };

    private static PlannedResource Control(PlanContext context, FindingRef finding)
    {
        var control = context.Resource("S3OriginAccessControl", "AWS::CloudFront::OriginAccessControl", ResourceGroup.Distribution, finding);
        if (control.IsNew && control.Properties.Count == 0)
        {
            control.Properties.Set("OriginAccessControlConfig", Map(
                ("Name", Sub("${AWS::StackName}-${AWS::Region}-s3")),
                ("Description", Str("Signs CloudFront requests to the S3 origins")),
                ("OriginAccessControlOriginType", Str("s3")),
                ("SigningBehavior", Str("always")),
                ("SigningProtocol", Str("sigv4"))));
            context.Warn(WarningKind.DeployTime, "The origin access control's name is '<stack name>-<region>-s3' (unique per account, at most 64 characters): keep stack names under 47 characters.");
        }

        return control;
    }

    /// <summary>True when a domain is an S3 website endpoint: a bucket's WebsiteURL, or a host name with s3-website in it.</summary>
    private static bool NamesWebsiteEndpoint(TemplateNode? node) => node switch
    {
        ScalarNode scalar => scalar.Value.Contains("s3-website", StringComparison.OrdinalIgnoreCase) || scalar.Value.EndsWith(".WebsiteURL", StringComparison.Ordinal),
        MappingNode map => map.Entries.Any(e => NamesWebsiteEndpoint(e.Value)),
        SequenceNode { Items: [ScalarNode, ScalarNode { Value: "WebsiteURL" }] } => true,
        SequenceNode seq => seq.Items.Any(NamesWebsiteEndpoint),
        _ => false,
    };

    /// <summary>The bucket of the template an origin's domain names (GetAtt of a bucket, or a Sub built on it).</summary>
    private static string? BucketOf(PlanContext context, TemplateNode? domain) =>
        context.Evaluator.Evaluate(domain) is UnknownValue { ReferencedResource: { } target } && context.FindResource(target)?.Type == Buckets.BucketType ? target : null;
}
