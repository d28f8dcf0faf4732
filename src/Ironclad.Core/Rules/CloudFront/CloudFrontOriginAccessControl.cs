using System.Text.RegularExpressions;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.CloudFront;

// docs/design/rules.md, CloudFront, cloudfront-origin-access-control-enabled. Pass: every S3 origin (an S3 bucket domain, a
// GetAtt of a bucket's domain name, or S3OriginConfig) sets OriginAccessControlId. Fail: a legacy origin access
// identity, an S3 website endpoint, or an S3 origin without either. Not applicable: no S3 origin.
public sealed partial class CloudFrontOriginAccessControl : Rule
{
    private static readonly string[] BucketDomainAttributes = ["DomainName", "RegionalDomainName", "DualStackDomainName"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC5003",
        Name = nameof(CloudFrontOriginAccessControl),
        Title = "CloudFront reaches S3 origins through origin access control",
        Severity = Severity.Medium,
        ResourceTypes = CloudFrontTypes.Distributions,
        ConfigIdentifier = "CLOUDFRONT_ORIGIN_ACCESS_CONTROL_ENABLED",
        ConfigRuleName = "cloudfront-origin-access-control-enabled",
        SecurityHubIds = ["CloudFront.13"],
        Rationale = "With origin access control the bucket can stay private and grant reads only to the distribution; a legacy origin access identity lacks SSE-KMS and newer regions, and a website endpoint or an origin without either needs a bucket that anyone can read directly.",
        Remediation = "Create an AWS::CloudFront::OriginAccessControl (S3, sigv4, always), set the origin's OriginAccessControlId to it and S3OriginConfig.OriginAccessIdentity to '', use the bucket's regional REST domain (not the website endpoint), and allow cloudfront.amazonaws.com s3:GetObject in the bucket policy for this distribution's ARN.",
        PassCondition = "Every S3 origin of `DistributionConfig.Origins` sets `OriginAccessControlId`. An origin is an S3 origin when its `DomainName` is an S3 bucket domain (literal, or `!GetAtt` of a bucket's `DomainName`, `RegionalDomainName` or `DualStackDomainName`) or when it has `S3OriginConfig`. A non-empty `S3OriginConfig.OriginAccessIdentity` (legacy identity) fails, and so does an S3 website endpoint (`s3-website`), which cannot use origin access control. Not applicable to distributions without S3 origins.",
        Deviations = "Checkov has no CloudFormation check for this; it follows the AWS Config rule.",
        CountLabel = "CloudFront distribution with an S3 origin not using origin access control",
        Noun = "distributions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var origins = context.Get("DistributionConfig", "Origins");
        if (origins is UnknownValue)
        {
            return Verdict.Unknown($"DistributionConfig.Origins is {ValueChecks.Describe(origins)}", origins.Origin);
        }

        var verdicts = (origins as ListValue)?.Items.Select((origin, i) => Judge(context, origin, i)).OfType<Verdict>().ToList() ?? [];
        return verdicts.Count == 0 ? Verdict.NotApplicable("the distribution has no S3 origin") : ValueChecks.Worst(verdicts);
    }

    private static Verdict? Judge(ResourceContext context, Value origin, int index)
    {
        if (origin is not MapValue map)
        {
            return origin is UnknownValue ? Verdict.Unknown($"origin {index + 1} is {ValueChecks.Describe(origin)}", origin.Origin) : null;
        }

        var name = map["Id"] is ScalarValue { IsEmpty: false } id ? $"origin {id.Text}" : $"origin {index + 1}";
        var domain = map["DomainName"];
        var kind = DomainKind(context, domain);
        if (kind == Endpoint.Website)
        {
            return Verdict.Fail($"{name} uses the S3 website endpoint, which cannot use origin access control: the bucket must be readable by anyone", domain!.Origin);
        }

        if (kind != Endpoint.Rest && map["S3OriginConfig"] is null)
        {
            return null;
        }

        var identity = ValuePath.Get(map, "S3OriginConfig", "OriginAccessIdentity");
        var identityPresence = ValueChecks.PresenceOf(identity);
        if (identityPresence == Presence.Present)
        {
            return Verdict.Fail($"{name} uses a legacy origin access identity instead of origin access control", identity!.Origin);
        }

        var control = map["OriginAccessControlId"];
        return ValueChecks.PresenceOf(control) switch
        {
            Presence.Present when identityPresence == Presence.Unknown => Verdict.Unknown($"{name}: S3OriginConfig.OriginAccessIdentity is {ValueChecks.Describe(identity)}", identity!.Origin),
            Presence.Present => Verdict.Pass($"{name} uses origin access control"),
            Presence.Unknown => Verdict.Unknown($"{name}: OriginAccessControlId is {ValueChecks.Describe(control)}", control!.Origin),
            _ => Verdict.Fail($"{name} reaches S3 without origin access control: the bucket must be readable by anyone", control?.Origin ?? map.Origin),
        };
    }

    private enum Endpoint
    {
        Other,
        Rest,
        Website,
    }

    private static Endpoint DomainKind(ResourceContext context, Value? domain) => domain switch
    {
        ScalarValue s => Classify(s.Text),
        UnknownValue u => FromIntrinsics(context.Evaluator.Template, u.Origin),
        _ => Endpoint.Other,
    };

    private static Endpoint Classify(string domain) =>
        WebsiteEndpoint().IsMatch(domain) ? Endpoint.Website
        : RestEndpoint().IsMatch(domain) ? Endpoint.Rest
        : Endpoint.Other;

    // A domain known only at deployment is still recognisable by how it is built: an attribute of a bucket, or a
    // !Sub or !Join whose literal text is an S3 host name.
    private static Endpoint FromIntrinsics(CfnTemplate template, TemplateNode node)
    {
        if (Intrinsics.TryGetCall(node, out var function, out var argument))
        {
            if (function == "Fn::GetAtt" && GetAttTarget(argument) is var (resource, attribute)
                && template.FindResource(resource)?.Type == "AWS::S3::Bucket")
            {
                return attribute == "WebsiteURL" ? Endpoint.Website
                    : BucketDomainAttributes.Contains(attribute) ? Endpoint.Rest
                    : Endpoint.Other;
            }

            var text = (function, argument) switch
            {
                ("Fn::Sub", ScalarNode format) => Placeholder().Replace(format.Value, "x"),
                ("Fn::Sub", SequenceNode { Items: [ScalarNode format, ..] }) => Placeholder().Replace(format.Value, "x"),
                ("Fn::Join", SequenceNode { Items: [ScalarNode delimiter, SequenceNode parts] }) =>
                    string.Join(delimiter.Value, parts.Items.Select(p => p is ScalarNode s ? s.Value : "x")),
                _ => null,
            };
            if (text is not null && Classify(text) is var kind and not Endpoint.Other)
            {
                return kind;
            }
        }

        var children = node switch
        {
            MappingNode map => map.Entries.Select(e => e.Value),
            SequenceNode seq => seq.Items,
            _ => [],
        };
        return children.Select(c => FromIntrinsics(template, c)).FirstOrDefault(k => k != Endpoint.Other);
    }

    private static (string Resource, string Attribute)? GetAttTarget(TemplateNode argument) => argument switch
    {
        ScalarNode s when s.Value.Split('.', 2) is [var r, var a] => (r, a),
        SequenceNode { Items: [ScalarNode r, ScalarNode a, ..] } => (r.Value, a.Value),
        _ => null,
    };

    [GeneratedRegex(@"\.s3-website[.-]", RegexOptions.IgnoreCase)]
    private static partial Regex WebsiteEndpoint();

    [GeneratedRegex(@"\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex RestEndpoint();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Placeholder();
}
