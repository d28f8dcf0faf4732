using System.Collections.Concurrent;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules;

/// <summary>
/// Cross-resource facts that some rules need (which bucket receives logs, which is a replication
/// destination, which policy belongs to which bucket). Computed once per template, lazily.
/// </summary>
/// <remarks>
/// Safe for concurrent readers: the scanner's parallel ranges ask for the facts of any resource at once, and the
/// planner reads the same facts afterwards on one thread. Each cache publishes one value per key, and every caller gets
/// that value: the per-resource caches through <see cref="ConcurrentDictionary{TKey, TValue}.GetOrAdd{TArg}"/> (two
/// threads may both compute a resource's properties, but both return the one stored, so no caller ever holds a copy
/// that the facts do not), the whole-template indexes through <see cref="Lazy{T}"/> with
/// <see cref="LazyThreadSafetyMode.ExecutionAndPublication"/> (built once, by the first to ask; the others wait).
/// What the caches hold is never written after it is built. The evaluator must have decided its conditions before
/// threads share it (<see cref="Evaluator.DecideAllConditions"/>).
/// </remarks>
public sealed class TemplateFacts
{
    private readonly Evaluator evaluator;
    private readonly ConcurrentDictionary<string, MapValue?> properties;
    private readonly ConcurrentDictionary<string, MappingNode?> effective;
    private readonly Lazy<HashSet<string>> logTargets;
    private readonly Lazy<HashSet<string>> replicationDestinations;
    private readonly ConcurrentDictionary<Type, Lazy<object>> derived = new();
    private readonly Lazy<BucketPolicyIndex> bucketPolicies;

    public TemplateFacts(CfnTemplate template, Evaluator evaluator)
    {
        Template = template;
        this.evaluator = evaluator;

        // Sized for every resource up front: a scan asks for each, and growing by doubling copies large objects.
        properties = new(Environment.ProcessorCount, template.Resources.Count, StringComparer.Ordinal);
        effective = new(Environment.ProcessorCount, template.Resources.Count, StringComparer.Ordinal);
        logTargets = new(FindLogTargets, LazyThreadSafetyMode.ExecutionAndPublication);
        replicationDestinations = new(FindReplicationDestinations, LazyThreadSafetyMode.ExecutionAndPublication);
        bucketPolicies = new(IndexBucketPolicies, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public CfnTemplate Template { get; }

    /// <summary>The evaluator of the scan, with the user's parameter values and no scenario assumptions.</summary>
    public Evaluator Evaluator => evaluator;

    public IEnumerable<(ResourceDefinition Resource, MapValue? Properties)> ResourcesOfType(string type) =>
        Template.ResourcesOfType(type).Select(r => (r, PropertiesOf(r.LogicalId)));

    /// <summary>Evaluated on first use: most facts touch only a few resource types.</summary>
    public MapValue? PropertiesOf(string logicalId) =>
        properties.GetOrAdd(
            logicalId,
            static (id, facts) => facts.Template.FindResource(id) is { } resource
                ? facts.evaluator.Evaluate(facts.EffectivePropertiesOf(resource)) as MapValue
                : null,
            this);

    /// <summary>
    /// The resource's properties as written with SAM <c>Globals</c> merged in (<see cref="SamGlobals.EffectiveProperties"/>),
    /// merged once: the scan, the evaluation and the rules' indexes all ask for them.
    /// </summary>
    public MappingNode? EffectivePropertiesOf(ResourceDefinition resource) =>
        effective.GetOrAdd(resource.LogicalId, static (_, context) => SamGlobals.EffectiveProperties(context.Template, context.Resource), (Template, Resource: resource));

    /// <summary>
    /// A fact about the whole template that a rule family builds once and then looks up per resource (an index
    /// of who uses which resource), instead of walking every resource again for each one.
    /// </summary>
    /// <remarks>Built once however many threads ask at once; <paramref name="build"/> must not ask for the same fact.</remarks>
    public T Derived<T>(Func<TemplateFacts, T> build)
        where T : class =>
        (T)(derived.TryGetValue(typeof(T), out var built) ? built : Publish(typeof(T), build)).Value;

    /// <summary>The one <see cref="Lazy{T}"/> of a derived fact: of several made at once, the one stored is the one every caller builds.</summary>
    private Lazy<object> Publish<T>(Type type, Func<TemplateFacts, T> build)
        where T : class =>
        derived.GetOrAdd(type, _ => new Lazy<object>(() => build(this), LazyThreadSafetyMode.ExecutionAndPublication));

    /// <summary>A bucket that receives S3 access logs: another bucket logs to it, or its policy lets the log service write.</summary>
    public bool IsAccessLogTarget(string bucket) => logTargets.Value.Contains(bucket);

    /// <summary>A bucket that another bucket of the template replicates into.</summary>
    public bool IsReplicationDestination(string bucket) => replicationDestinations.Value.Contains(bucket);

    /// <summary>The evaluated <c>PolicyDocument</c>s of the bucket policies attached to a bucket.</summary>
    public IEnumerable<MapValue> BucketPolicyDocuments(string bucket) =>
        BucketPolicies(bucket)
            .Select(p => p.Properties?["PolicyDocument"])
            .OfType<MapValue>();

    /// <summary>
    /// The <c>AWS::S3::BucketPolicy</c> resources that apply to a bucket: their <c>Bucket</c> refers to
    /// it (<c>!Ref TheBucket</c>), or names it the way the bucket's own <c>BucketName</c> does (the same
    /// literal, or <c>!Ref</c> of the parameter that names it). S3 keeps one policy per bucket, so all
    /// of these are the same policy slot (see docs/design/hardening.md, Data).
    /// </summary>
    public IReadOnlyList<(ResourceDefinition Resource, MapValue? Properties)> BucketPolicies(string bucket)
    {
        // Looked up in an index of the policies by what their Bucket names: every bucket asks, and a template of
        // thousands of buckets each with its policy made a search of all policies per bucket quadratic.
        var index = bucketPolicies.Value;

        // In template order, each once. The policies that refer to the bucket already are (the index adds them in
        // order), so a set that merges them with the others is made only when a name finds some.
        var byReference = index.ByReference.GetValueOrDefault(bucket) ?? [];
        SortedSet<int>? merged = null;
        if (Template.FindResource(bucket)?.Properties?["BucketName"] is { } name)
        {
            if (Shape(name) is { } shape && index.ByShape.TryGetValue(shape, out var alike))
            {
                (merged ??= [.. byReference]).UnionWith(alike);
            }

            if (PropertiesOf(bucket)?["BucketName"] is ScalarValue { IsEmpty: false } evaluated && index.ByName.TryGetValue(evaluated.Text, out var named))
            {
                (merged ??= [.. byReference]).UnionWith(named);
            }
        }

        if (merged is null && byReference.Count == 0)
        {
            return [];
        }

        var found = new List<(ResourceDefinition Resource, MapValue? Properties)>(merged?.Count ?? byReference.Count);
        foreach (var i in merged ?? (IEnumerable<int>)byReference)
        {
            found.Add(index.Policies[i]);
        }

        return found;
    }

    /// <summary>
    /// The bucket policies, and for each way a policy's <c>Bucket</c> can name a bucket the policies that name it so:
    /// the resource it refers to, its written form (<see cref="Shape"/>), its evaluated literal name.
    /// </summary>
    private BucketPolicyIndex IndexBucketPolicies()
    {
        var index = new BucketPolicyIndex([.. ResourcesOfType("AWS::S3::BucketPolicy")]);
        for (var i = 0; i < index.Policies.Count; i++)
        {
            var (policy, props) = index.Policies[i];
            if (props?["Bucket"] is UnknownValue { ReferencedResource: { } target })
            {
                Add(index.ByReference, target, i);
            }

            if (policy.Properties?["Bucket"] is not { } written)
            {
                continue;
            }

            if (Shape(written) is { } shape)
            {
                Add(index.ByShape, shape, i);
            }

            if (props?["Bucket"] is ScalarValue literal)
            {
                Add(index.ByName, literal.Text, i);
            }
        }

        return index;

        static void Add(Dictionary<string, List<int>> map, string key, int i) =>
            (map.TryGetValue(key, out var list) ? list : map[key] = []).Add(i);
    }

    /// <summary>
    /// A node as written, as one string equal for two nodes exactly when they are written alike: the same scalars, the
    /// same sequences, mappings with the same keys (in any order) and alike values; an intrinsic in short or long form
    /// is the same one-key mapping. Each part carries its length, so that no two different nodes give one string.
    /// </summary>
    private static string? Shape(TemplateNode node)
    {
        // Written into one builder, parts and lengths alike: every bucket and every bucket policy has its name's shape
        // taken, and a string per part (and a builder per collection) was most of what the index cost.
        var shape = new System.Text.StringBuilder();
        return WriteShape(node, shape) ? shape.ToString() : null;
    }

    /// <summary>Appends the node's <see cref="Shape"/>; false when part of it has none, and then neither has the whole.</summary>
    private static bool WriteShape(TemplateNode node, System.Text.StringBuilder shape)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        switch (node)
        {
            case ScalarNode scalar:
                shape.Append(invariant, $"s{scalar.Value.Length}:").Append(scalar.Value);
                return true;
            case SequenceNode sequence:
                shape.Append(invariant, $"l{sequence.Items.Count}[");
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (!WriteShape(sequence.Items[i], shape))
                    {
                        return false;
                    }
                }

                shape.Append(']');
                return true;
            case MappingNode mapping:
                shape.Append(invariant, $"m{mapping.Entries.Count}{{");

                // Sorted only when there is something to sort: most are one intrinsic (!Ref, !Sub).
                IEnumerable<MappingEntry> entries = mapping.Entries.Count < 2 ? mapping.Entries : mapping.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    shape.Append(invariant, $"{entry.Key.Value.Length}:").Append(entry.Key.Value);
                    if (!WriteShape(entry.Value, shape))
                    {
                        return false;
                    }
                }

                shape.Append('}');
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when an <c>AWS::Lambda::EventInvokeConfig</c> for the function sends failures somewhere.</summary>
    public bool HasOnFailureDestination(string function) =>
        ResourcesOfType("AWS::Lambda::EventInvokeConfig").Any(c =>
            ValuePath.References(c.Properties?["FunctionName"], function)
            && ValuePath.IsSet(ValuePath.Get(c.Properties, "DestinationConfig", "OnFailure", "Destination")));

    /// <summary>The statements of a policy document, whether written as a list or a single mapping.</summary>
    public static IEnumerable<MapValue> Statements(MapValue document) => document["Statement"] switch
    {
        ListValue list => list.Items.OfType<MapValue>(),
        MapValue single => [single],
        _ => [],
    };

    /// <summary>The string items of a value that may be a single string or a list of strings.</summary>
    public static IEnumerable<string> Strings(Value? value) => value switch
    {
        ScalarValue s => [s.Text],
        ListValue l => l.Items.OfType<ScalarValue>().Select(s => s.Text),
        _ => [],
    };

    private HashSet<string> FindLogTargets()
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, props) in ResourcesOfType("AWS::S3::Bucket"))
        {
            if (ValuePath.Get(props, "LoggingConfiguration", "DestinationBucketName") is UnknownValue { ReferencedResource: { } target })
            {
                targets.Add(target);
            }
        }

        foreach (var (_, props) in ResourcesOfType("AWS::S3::BucketPolicy"))
        {
            if (props?["Bucket"] is UnknownValue { ReferencedResource: { } bucket }
                && props["PolicyDocument"] is MapValue document
                && Statements(document).Any(s =>
                    Strings(s["Effect"]).Contains("Allow")
                    && Strings(ValuePath.Get(s, "Principal", "Service")).Contains("logging.s3.amazonaws.com")
                    && Strings(s["Action"]).Any(a => a is "s3:PutObject" or "s3:*")))
            {
                targets.Add(bucket);
            }
        }

        return targets;
    }

    private HashSet<string> FindReplicationDestinations()
    {
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, props) in ResourcesOfType("AWS::S3::Bucket"))
        {
            if (ValuePath.Get(props, "ReplicationConfiguration", "Rules") is ListValue rules)
            {
                foreach (var rule in rules.Items)
                {
                    if (ValuePath.Get(rule, "Destination", "Bucket") is UnknownValue { ReferencedResource: { } target })
                    {
                        targets.Add(target);
                    }
                }
            }
        }

        return targets;
    }

    private sealed record BucketPolicyIndex(List<(ResourceDefinition Resource, MapValue? Properties)> Policies)
    {
        public Dictionary<string, List<int>> ByReference { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<int>> ByShape { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<int>> ByName { get; } = new(StringComparer.Ordinal);
    }
}
