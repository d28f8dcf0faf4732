using System.Globalization;
using System.Text.RegularExpressions;
using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.CloudFront;

// docs/design/rules.md, CloudFront, CKV_AWS_174. Pass: a custom certificate with MinimumProtocolVersion TLSv1.2_* or newer.
// Fail: the default certificate (it cannot enforce a minimum), no ViewerCertificate, an older or missing minimum.
// Unknown: a setting known only at deployment.
public sealed partial class CloudFrontTls12 : Rule
{
    private static readonly string[] CertificatePath = ["DistributionConfig", "ViewerCertificate"];
    private static readonly string[] CertificateSources = ["AcmCertificateArn", "IamCertificateId"];

    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC5002",
        Name = nameof(CloudFrontTls12),
        Title = "CloudFront distributions require TLS 1.2 or newer from viewers",
        Severity = Severity.Medium,
        ResourceTypes = CloudFrontTypes.Distributions,
        CheckovIds = ["CKV_AWS_174"],
        ConfigIdentifier = "CLOUDFRONT_SECURITY_POLICY_CHECK",
        ConfigRuleName = "cloudfront-security-policy-check",
        CfnNagIds = ["W70"],
        SecurityHubIds = ["CloudFront.7"],
        Rationale = "TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by current compliance baselines; a distribution that still offers them lets a downgraded connection carry viewers' data.",
        Remediation = "Use a custom domain with an ACM certificate from us-east-1 (ViewerCertificate: {AcmCertificateArn: ..., SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021}). The default *.cloudfront.net certificate always allows TLS 1.0; where it must stay, suppress this rule with that reason.",
        PassCondition = "`DistributionConfig.ViewerCertificate` names a custom certificate (`AcmCertificateArn` or `IamCertificateId`), `CloudFrontDefaultCertificate` is not true, and `MinimumProtocolVersion` is `TLSv1.2_<year>` or a newer TLS version.",
        Deviations = "The string `\"true\"` in `CloudFrontDefaultCertificate` is true (Checkov reads only a YAML boolean). A custom certificate is required: without one CloudFront uses the default certificate.",
        CountLabel = "CloudFront distribution allowing TLS older than 1.2",
        Noun = "distributions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var certificate = ValuePath.Get(context.Properties, CertificatePath);
        return certificate switch
        {
            null => Verdict.Fail(
                "DistributionConfig.ViewerCertificate is not set: the default *.cloudfront.net certificate accepts TLS 1.0",
                ValueChecks.Locate(context.Properties, CertificatePath)),
            UnknownValue => Verdict.Unknown($"DistributionConfig.ViewerCertificate is {ValueChecks.Describe(certificate)}", certificate.Origin),
            not MapValue => Verdict.Fail($"DistributionConfig.ViewerCertificate is {ValueChecks.Describe(certificate)}, not a mapping", certificate.Origin),
            _ => ValueChecks.Worst(DefaultCertificate(certificate), CustomCertificate(context, certificate), MinimumVersion(context, certificate)),
        };
    }

    private static Verdict DefaultCertificate(Value certificate)
    {
        var flag = ValuePath.Get(certificate, "CloudFrontDefaultCertificate");
        return ValueChecks.Truth(flag) switch
        {
            true => Verdict.Fail("ViewerCertificate.CloudFrontDefaultCertificate is true: the default certificate accepts TLS 1.0 whatever the minimum protocol version says", flag!.Origin),
            null => Verdict.Unknown($"ViewerCertificate.CloudFrontDefaultCertificate is {ValueChecks.Describe(flag)}", flag!.Origin),
            false => Verdict.Pass("the default certificate is not used"),
        };
    }

    private static Verdict CustomCertificate(ResourceContext context, Value certificate)
    {
        var presences = CertificateSources
            .Select(name => (Value: ValuePath.Get(certificate, name), Presence: ValueChecks.PresenceOf(ValuePath.Get(certificate, name))))
            .ToList();
        if (presences.Any(p => p.Presence == Presence.Present))
        {
            return Verdict.Pass("a custom certificate is used");
        }

        return presences.FirstOrDefault(p => p.Presence == Presence.Unknown) is { Value: { } unknown }
            ? Verdict.Unknown($"the certificate is {ValueChecks.Describe(unknown)}", unknown.Origin)
            : Verdict.Fail("ViewerCertificate names no AcmCertificateArn or IamCertificateId: the default certificate accepts TLS 1.0", ValueChecks.Locate(context.Properties, CertificatePath));
    }

    private static Verdict MinimumVersion(ResourceContext context, Value certificate)
    {
        var version = ValuePath.Get(certificate, "MinimumProtocolVersion");
        return version switch
        {
            ScalarValue s when TlsPolicy().Match(s.Text) is { Success: true } m && IsAtLeastTls12(m) => Verdict.Pass($"MinimumProtocolVersion is {s.Text}"),
            UnknownValue => Verdict.Unknown($"ViewerCertificate.MinimumProtocolVersion is {ValueChecks.Describe(version)}", version.Origin),
            null => Verdict.Fail("ViewerCertificate.MinimumProtocolVersion is not set: CloudFront then accepts TLS 1.0", ValueChecks.Locate(context.Properties, [.. CertificatePath, "MinimumProtocolVersion"])),
            _ => Verdict.Fail($"ViewerCertificate.MinimumProtocolVersion is {ValueChecks.Describe(version)}; it must be TLSv1.2_2021 or another TLS 1.2+ policy", version.Origin),
        };
    }

    private static bool IsAtLeastTls12(Match match)
    {
        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture);
        return major > 1 || (major == 1 && minor >= 2);
    }

    [GeneratedRegex(@"^TLSv(?<major>\d{1,3})\.(?<minor>\d{1,3})_\d{4}$")]
    private static partial Regex TlsPolicy();
}
