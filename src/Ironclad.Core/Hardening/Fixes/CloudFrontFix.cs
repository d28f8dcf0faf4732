using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// HARDENING.md section 5 for distributions (rules IC5001-IC5003): standard logging to the access-log
/// bucket; TLS 1.2 where a custom certificate allows it (on the default certificate the setting is
/// ignored, so that finding is suppressed with the reason); and the move from a legacy origin access
/// identity to origin access control, keeping the old identity's statement so that viewers never see
/// a 403 during the switch.
/// </summary>
internal static class CloudFrontFix
{
    public static void Apply(PlanContext context)
    {
        foreach (var finding in context.Failures("IC5001"))
        {
            context.Fix(finding, () => Logging(context, context.Resource(finding.Resource), PlanContext.Ref(finding)));
        }

        foreach (var finding in context.Failures("IC5002"))
        {
            context.Fix(finding, () => Tls(context, context.Resource(finding.Resource), PlanContext.Ref(finding)));
        }

        foreach (var finding in context.Failures("IC5003"))
        {
            context.Fix(finding, () => OriginAccessControl(context, context.Resource(finding.Resource), PlanContext.Ref(finding)));
        }
    }

    private static void Logging(PlanContext context, ResourceDefinition distribution, FindingRef finding)
    {
        var logs = S3Fix.AccessLogBucket(context, finding);
        context.SetProperty(
            distribution,
            ["DistributionConfig", "Logging"],
            Map(("Bucket", GetAtt(logs.Id, "DomainName")), ("Prefix", Str(Buckets.Kebab(distribution.LogicalId) + "/")), ("IncludeCookies", Bool(false))),
            $"standard logging to {logs.Id}",
            finding);
        context.CloudFrontLogsTo.Add(logs.Id);
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
            Buckets.AddStatement(
                context,
                bucket,
                context.FindResource(bucket)?.Condition,
                Map(
                    ("Sid", Str("AllowCloudFront" + distribution.LogicalId)),
                    ("Effect", Str("Allow")),
                    ("Principal", Map(("Service", Str("cloudfront.amazonaws.com")))),
                    ("Action", Str("s3:GetObject")),
                    ("Resource", Sub($"${{{bucket}.Arn}}/*")),
                    ("Condition", Map(("StringEquals", Map(("AWS:SourceArn", Sub($"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{distribution.LogicalId}}}"))))))),
                $"statement for CloudFront origin access control from {distribution.LogicalId}",
                finding);
            moved++;
        }

        if (moved > 0)
        {
            context.Warn(WarningKind.DeployTime, $"{distribution.LogicalId}: moved to origin access control; the bucket policy keeps the statement for the old origin access identity, so viewers see no 403 during the switch. Remove it (and the identity) after the deploy.");
        }
    }

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
