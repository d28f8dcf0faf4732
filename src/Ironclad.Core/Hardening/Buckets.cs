using System.Text;
using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>What the S3 fixes share: names, the one policy per bucket, the standard statements and rules.</summary>
internal static class Buckets
{
    public const string BucketType = "AWS::S3::Bucket";
    public const string PolicyType = "AWS::S3::BucketPolicy";

    /// <summary>A logical ID without a trailing "Bucket": <c>WebsiteBucket</c> gives <c>Website</c>.</summary>
    public static string Stem(string logicalId) =>
        logicalId.Length > "Bucket".Length && logicalId.EndsWith("Bucket", StringComparison.Ordinal) ? logicalId[..^"Bucket".Length] : logicalId;

    /// <summary>Kebab case of a PascalCase name: <c>UserUploads</c> gives <c>user-uploads</c>, <c>APIDocs</c> gives <c>api-docs</c>.</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (builder.Length > 0 && builder[^1] != '-')
                {
                    builder.Append('-');
                }

                continue;
            }

            var boundary = i > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString().Trim('-');
    }

    /// <summary>The key prefix of a bucket's access logs in the log bucket: <c>WebsiteBucket</c> logs under <c>website-access-logs/</c>.</summary>
    public static string LogPrefix(string bucket) => Kebab(Stem(bucket)) + "-access-logs/";

    public static NewMapping TlsOnlyStatement(string bucket) => Map(
        ("Sid", Str("DenyInsecureTransport")),
        ("Effect", Str("Deny")),
        ("Principal", Str("*")),
        ("Action", Str("s3:*")),
        ("Resource", List(GetAtt(bucket, "Arn"), Sub($"${{{bucket}.Arn}}/*"))),
        ("Condition", Map(("Bool", Map(("aws:SecureTransport", Str("false")))))));

    public static NewMapping NoncurrentVersionRule() => Map(
        ("Id", Str("TransitionAndExpireNoncurrentVersions")),
        ("Status", Str("Enabled")),
        ("NoncurrentVersionTransitions", List(Map(("StorageClass", Str("STANDARD_IA")), ("TransitionInDays", Num(30))))),
        ("NoncurrentVersionExpiration", Map(("NoncurrentDays", Num(90)))));

    public static NewMapping Encryption() => Map(("ServerSideEncryptionConfiguration", List(Map(
        ("ServerSideEncryptionByDefault", Map(("SSEAlgorithm", Str("AES256")))),
        ("BucketKeyEnabled", Bool(true))))));

    public static NewMapping PublicAccessBlock() => Map(
        ("BlockPublicAcls", Bool(true)),
        ("BlockPublicPolicy", Bool(true)),
        ("IgnorePublicAcls", Bool(true)),
        ("RestrictPublicBuckets", Bool(true)));

    /// <summary>
    /// True when the template already versions the bucket: IC3002's pass condition, read from the
    /// properties because the fixes need it where that rule did not run (skipped) or was suppressed.
    /// </summary>
    public static bool IsVersioned(MapValue? properties) =>
        ValuePath.Get(properties, "VersioningConfiguration", "Status") is ScalarValue { Text: "Enabled" };

    /// <summary>True when a lifecycle rule of the bucket already ends noncurrent versions.</summary>
    public static bool HasNoncurrentRule(MapValue? properties) =>
        ValuePath.Get(properties, "LifecycleConfiguration", "Rules") is ListValue rules
        && rules.Items.OfType<MapValue>().Any(r => r["NoncurrentVersionExpiration"] is not null || r["NoncurrentVersionExpirationInDays"] is not null);

    /// <summary>The bucket policies of the input that apply to a bucket.</summary>
    public static List<ResourceDefinition> PoliciesOf(PlanContext context, string bucket) =>
        context.Facts.BucketPolicies(bucket).Select(p => p.Resource).ToList();

    /// <summary>
    /// Adds a statement to the bucket's one policy: the existing <c>AWS::S3::BucketPolicy</c> when there
    /// is one (never a second policy for the same bucket), else one new policy that carries every
    /// statement the plan adds. A statement whose Sid is already there is not added again.
    /// </summary>
    /// <returns>The logical ID of the policy that carries the statement.</returns>
    public static string AddStatement(PlanContext context, string bucket, string? condition, NewMapping statement, string summary, params FindingRef[] fixes)
    {
        var sid = ((NewScalar)statement["Sid"]!).Value;
        var existing = PoliciesOf(context, bucket);
        if (existing.Count > 0)
        {
            if (existing.Count > 1)
            {
                context.Warn(WarningKind.Other, $"{bucket} has {existing.Count} bucket policies ({string.Join(", ", existing.Select(p => p.LogicalId))}); S3 keeps one, so they overwrite each other: merge them. The statements are added to {existing[0].LogicalId}.");
            }

            var policy = existing[0];
            var document = context.Facts.PropertiesOf(policy.LogicalId)?["PolicyDocument"];
            if (document is not MapValue map)
            {
                throw new UnfixableException($"the policy document of {policy.LogicalId} is not a mapping the tool can extend; add the statement {sid} by hand: {Infrastructure.PolicyText(statement)}");
            }

            if (!TemplateFacts.Statements(map).Any(s => s["Sid"] is ScalarValue { Text: var text } && text == sid))
            {
                context.AppendProperty(policy, ["PolicyDocument", "Statement"], statement, summary, fixes);
            }

            return policy.LogicalId;
        }

        var planned = context.Resource(bucket + "Policy", PolicyType, ResourceGroup.Buckets, r => ValuePath.References(context.Facts.PropertiesOf(r.LogicalId)?["Bucket"], bucket), fixes);
        if (planned.Properties.Count == 0)
        {
            planned.Anchor = bucket;
            planned.Condition = condition;
            planned.Properties.Set("Bucket", Ref(bucket)).Set("PolicyDocument", Infrastructure.Policy());
        }

        var statements = (NewSequence)((NewMapping)planned.Properties["PolicyDocument"]!)["Statement"]!;
        if (!statements.Items.OfType<NewMapping>().Any(s => NodeEquality.Equal(s["Sid"], statement["Sid"])))
        {
            statements.Add(statement);
        }

        return planned.Id;
    }

    /// <summary>
    /// A bucket that serves the public: a website configuration, a public canned ACL, or a policy that
    /// allows everyone without a condition. Such a bucket is not locked down behind the user's back.
    /// </summary>
    public static (bool Public, bool Website, string Why) Exposure(PlanContext context, ResourceDefinition bucket)
    {
        var properties = context.PropertiesOf(bucket);
        if (properties?["WebsiteConfiguration"] is not null)
        {
            return (true, true, "it serves a website (WebsiteConfiguration)");
        }

        if (properties?["AccessControl"] is ScalarValue { Text: "PublicRead" or "PublicReadWrite" } acl)
        {
            return (true, false, $"its canned ACL is {acl.Text}");
        }

        foreach (var policy in PoliciesOf(context, bucket.LogicalId))
        {
            var document = context.Facts.PropertiesOf(policy.LogicalId)?["PolicyDocument"];
            if (document is MapValue map && TemplateFacts.Statements(map).Any(s =>
                TemplateFacts.Strings(s["Effect"]).Contains("Allow")
                && s["Condition"] is null
                && (TemplateFacts.Strings(s["Principal"]).Contains("*") || TemplateFacts.Strings(ValuePath.Get(s, "Principal", "AWS")).Contains("*"))))
            {
                return (true, false, $"its policy {policy.LogicalId} allows everyone (Principal '*')");
            }
        }

        return (false, false, "");
    }

    /// <summary>The bucket's own <c>LoggingConfiguration</c> target, when it names a bucket of the template.</summary>
    public static string? LogTarget(MapValue? properties) =>
        ValuePath.Get(properties, "LoggingConfiguration", "DestinationBucketName") is UnknownValue { ReferencedResource: { } target } ? target : null;

    /// <summary>The node of a resource's own property at a path, when it is written.</summary>
    public static TemplateNode? Own(ResourceDefinition resource, params string[] path)
    {
        TemplateNode? node = resource.Properties;
        foreach (var step in path)
        {
            node = (node as MappingNode)?[step];
        }

        return node;
    }
}
