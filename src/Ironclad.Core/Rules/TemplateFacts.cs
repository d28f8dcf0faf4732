using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules;

/// <summary>
/// Cross-resource facts that some rules need (which bucket receives logs, which is a replication
/// destination, which policy belongs to which bucket). Computed once per template, lazily.
/// </summary>
public sealed class TemplateFacts
{
    private readonly Evaluator evaluator;
    private readonly Dictionary<string, MapValue?> properties = new(StringComparer.Ordinal);
    private readonly Lazy<HashSet<string>> logTargets;
    private readonly Lazy<HashSet<string>> replicationDestinations;
    private readonly Lazy<ILookup<string, ResourceDefinition>> byType;
    private readonly Dictionary<Type, object> derived = [];

    public TemplateFacts(CfnTemplate template, Evaluator evaluator)
    {
        Template = template;
        this.evaluator = evaluator;
        logTargets = new Lazy<HashSet<string>>(FindLogTargets);
        replicationDestinations = new Lazy<HashSet<string>>(FindReplicationDestinations);
        byType = new Lazy<ILookup<string, ResourceDefinition>>(() => template.Resources.ToLookup(r => r.Type, StringComparer.Ordinal));
    }

    public CfnTemplate Template { get; }

    /// <summary>The evaluator of the scan, with the user's parameter values and no scenario assumptions.</summary>
    public Evaluator Evaluator => evaluator;

    public IEnumerable<(ResourceDefinition Resource, MapValue? Properties)> ResourcesOfType(string type) =>
        byType.Value[type].Select(r => (r, PropertiesOf(r.LogicalId)));

    /// <summary>Evaluated on first use: most facts touch only a few resource types.</summary>
    public MapValue? PropertiesOf(string logicalId)
    {
        if (!properties.TryGetValue(logicalId, out var value))
        {
            value = Template.FindResource(logicalId) is { } resource
                ? evaluator.Evaluate(SamGlobals.EffectiveProperties(Template, resource)) as MapValue
                : null;
            properties[logicalId] = value;
        }

        return value;
    }

    /// <summary>
    /// A fact about the whole template that a rule family builds once and then looks up per resource (an index
    /// of who uses which resource), instead of walking every resource again for each one.
    /// </summary>
    public T Derived<T>(Func<TemplateFacts, T> build)
        where T : class
    {
        if (!derived.TryGetValue(typeof(T), out var value))
        {
            value = build(this);
            derived[typeof(T)] = value;
        }

        return (T)value;
    }

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
    public IEnumerable<(ResourceDefinition Resource, MapValue? Properties)> BucketPolicies(string bucket)
    {
        var name = Template.FindResource(bucket)?.Properties?["BucketName"];
        var evaluatedName = name is null ? null : PropertiesOf(bucket)?["BucketName"] as ScalarValue;
        return ResourcesOfType("AWS::S3::BucketPolicy").Where(p =>
            ValuePath.References(p.Properties?["Bucket"], bucket)
            || (name is not null && p.Resource.Properties?["Bucket"] is { } target
                && (SameNode(name, target)
                    || (evaluatedName is { IsEmpty: false } && p.Properties?["Bucket"] is ScalarValue written && written.Text == evaluatedName.Text))));
    }

    /// <summary>Two nodes written alike: the same scalars, or the same intrinsic (short or long form) with alike arguments.</summary>
    private static bool SameNode(TemplateNode a, TemplateNode b)
    {
        var aCall = Intrinsics.TryGetCall(a, out var aFunction, out var aArgument);
        var bCall = Intrinsics.TryGetCall(b, out var bFunction, out var bArgument);
        if (aCall || bCall)
        {
            return aCall && bCall && aFunction == bFunction && SameNode(aArgument, bArgument);
        }

        return (a, b) switch
        {
            (ScalarNode x, ScalarNode y) => x.Value == y.Value,
            (SequenceNode x, SequenceNode y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => SameNode(p.First, p.Second)),
            (MappingNode x, MappingNode y) => x.Entries.Count == y.Entries.Count
                && x.Entries.All(e => y[e.Key.Value] is { } other && SameNode(e.Value, other)),
            _ => false,
        };
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
}
