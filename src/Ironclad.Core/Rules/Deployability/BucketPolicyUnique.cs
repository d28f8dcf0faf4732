using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. S3 keeps one policy per bucket: two AWS::S3::BucketPolicy resources for one
// bucket overwrite each other, whichever is applied last wins. A policy is the bucket's whether its Bucket is
// !Ref TheBucket, the bucket's literal BucketName, or the parameter that names the bucket.
public sealed class BucketPolicyUnique : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8003",
        Name = nameof(BucketPolicyUnique),
        Title = "A bucket has one bucket policy",
        Severity = Severity.High,
        ResourceTypes = ["AWS::S3::BucketPolicy"],
        Family = RuleFamily.Deployability,
        Rationale = "A bucket has one policy. Two `AWS::S3::BucketPolicy` resources for one bucket replace each other on every deploy, whichever CloudFormation applies last wins, and the statements of the other (a CloudTrail or log-delivery grant, a TLS-only deny) silently disappear.",
        Remediation = "Merge the statements into one `AWS::S3::BucketPolicy` and delete the other.",
        PassCondition = "No other bucket policy that can exist at the same time names the same bucket, by `!Ref`, by the bucket's literal name, or by the parameter that names it.",
        Deviations = "No peer tool has this check.",
        CountLabel = "bucket policy that shares its bucket with another",
        Noun = "bucket policies",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var index = context.Facts.Derived(PolicyIndex.Build);
        if (!index.Bucket.TryGetValue(context.LogicalId, out var bucket))
        {
            return Verdict.NotApplicable("the bucket is known only at deployment");
        }

        // A list only when the bucket has another policy: asked of every policy, and most are their bucket's only one.
        List<ResourceDefinition>? others = null;
        foreach (var policy in index.ByBucket[bucket.Key])
        {
            if (policy != context.LogicalId && context.Facts.Template.FindResource(policy)! is var other && Coexist(context, other))
            {
                (others ??= []).Add(other);
            }
        }

        if (others is null)
        {
            return Verdict.Pass("the only policy of its bucket");
        }

        var names = string.Join(", ", others.Select(o => $"{o.LogicalId} (line {o.Key.Span.Start.Line})"));
        return Verdict.Fail(
            $"{context.LogicalId} and {names} are policies of the same bucket {bucket.Display}: each deploy keeps only one of them",
            context.Properties?.KeyNode("Bucket") ?? context.Resource.Key);
    }

    /// <summary>
    /// Two resources exist together unless the other's condition is false, or one's condition being true makes the
    /// other's false (IsProd and its negation).
    /// </summary>
    private static bool Coexist(ResourceContext context, ResourceDefinition other)
    {
        var evaluator = context.Evaluator;
        if (other.Condition is not { } theirs)
        {
            return true;
        }

        if (evaluator.Condition(theirs) == false)
        {
            return false;
        }

        if (context.Resource.Condition is not { } ours)
        {
            return true;
        }

        return Implied(evaluator, ours, theirs) != false && Implied(evaluator, theirs, ours) != false;
    }

    private static bool? Implied(Evaluator evaluator, string assumed, string condition) =>
        evaluator.WithAssumptions(new Dictionary<string, bool>(evaluator.Assumptions) { [assumed] = true }).Condition(condition);

    /// <summary>The bucket a policy is for, as one comparable identity, and how a message names it.</summary>
    private sealed record BucketIdentity(string Key, string Display);

    /// <summary>
    /// Each policy's bucket, and the policies of each bucket; built once per template, with the buckets indexed by the
    /// parameter and by the literal that names them, so that no look-up walks every bucket or every policy.
    /// </summary>
    private sealed class PolicyIndex
    {
        public Dictionary<string, BucketIdentity> Bucket { get; } = new(StringComparer.Ordinal);

        /// <summary>The policies of each <see cref="BucketIdentity.Key"/>, in the template's order.</summary>
        public Dictionary<string, List<string>> ByBucket { get; } = new(StringComparer.Ordinal);

        public static PolicyIndex Build(TemplateFacts facts)
        {
            var index = new PolicyIndex();
            var byParameter = new Dictionary<string, string>(StringComparer.Ordinal);
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (bucket, properties) in facts.ResourcesOfType("AWS::S3::Bucket"))
            {
                // The first bucket of a name is the one named, as a search in the template's order finds it.
                if (Intrinsics.TryGetCall(bucket.Properties?["BucketName"], out var f, out var a) && f == "Ref" && a is ScalarNode { Value: var parameter })
                {
                    byParameter.TryAdd(parameter, bucket.LogicalId);
                }

                if (properties?["BucketName"] is ScalarValue name)
                {
                    byName.TryAdd(name.Text, bucket.LogicalId);
                }
            }

            foreach (var (policy, properties) in facts.ResourcesOfType("AWS::S3::BucketPolicy"))
            {
                if (Identify(facts.Template, policy.Properties?["Bucket"], properties?["Bucket"], byParameter, byName) is { } identity)
                {
                    index.Bucket[policy.LogicalId] = identity;
                    (index.ByBucket.TryGetValue(identity.Key, out var policies) ? policies : index.ByBucket[identity.Key] = []).Add(policy.LogicalId);
                }
            }

            return index;
        }

        private static BucketIdentity? Identify(
            CfnTemplate template, TemplateNode? written, Value? value, Dictionary<string, string> byParameter, Dictionary<string, string> byName)
        {
            if (Intrinsics.TryGetCall(written, out var fn, out var arg) && fn == "Ref" && arg is ScalarNode { Value: var name })
            {
                if (template.FindResource(name) is { Type: "AWS::S3::Bucket" })
                {
                    return new BucketIdentity("bucket:" + name, name);
                }

                if (template.Parameters.ContainsKey(name))
                {
                    return byParameter.TryGetValue(name, out var bucket)
                        ? new BucketIdentity("bucket:" + bucket, bucket)
                        : new BucketIdentity("parameter:" + name, $"named by parameter {name}");
                }
            }

            if (value is ScalarValue { IsEmpty: false } literal)
            {
                return byName.TryGetValue(literal.Text, out var bucket)
                    ? new BucketIdentity("bucket:" + bucket, bucket)
                    : new BucketIdentity("name:" + literal.Text, $"'{literal.Text}'");
            }

            return value is UnknownValue { ReferencedResource: { } target } && template.FindResource(target) is { Type: "AWS::S3::Bucket" }
                ? new BucketIdentity("bucket:" + target, target)
                : null;
        }
    }
}
