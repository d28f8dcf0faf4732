using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// What a hardened template adds to the original: the resources it has and the original lacks (or has with another
/// type), split into those its conditions create and those they do not, and each resource's properties as the
/// deployment's parameters evaluate them. The pricers read the delta; none of them compares templates itself.
/// </summary>
/// <remarks>
/// A savings option that only leaves out resources the plan adds (a second NAT gateway, an interface endpoint) is
/// priced on <see cref="Without"/>: the same delta less those resources, sharing its evaluations, with no second plan.
/// </remarks>
internal sealed class PlanDelta
{
    private readonly Dictionary<string, MapValue?> properties;
    private readonly Lazy<(TemplateFacts Original, TemplateFacts Hardened)> facts;
    private readonly IReadOnlySet<string> dropped;

    /// <summary>The delta a savings option's is made from (<see cref="Without"/>), that leaves nothing out; null for that one itself.</summary>
    private readonly PlanDelta? whole;

    private readonly List<ResourceDefinition> live;
    private readonly List<NotCreatedResource> notCreated = [];
    private readonly List<string> notes = [];

    public PlanDelta(CfnTemplate original, CfnTemplate hardened, IReadOnlyDictionary<string, string> parameters)
        : this(original, hardened, new Evaluator(hardened, parameters), new Evaluator(original, parameters), new(StringComparer.Ordinal), null, new HashSet<string>())
    {
    }

    /// <summary>
    /// The delta of two templates whose facts are already evaluated (fix's plan and its self-check's second plan, with
    /// the same parameters): resource properties are read from the facts instead of being evaluated again.
    /// </summary>
    public PlanDelta(TemplateFacts original, TemplateFacts hardened)
        : this(original.Template, hardened.Template, hardened.Evaluator, original.Evaluator, new(StringComparer.Ordinal), new(() => (original, hardened)), new HashSet<string>())
    {
    }

    private PlanDelta(
        CfnTemplate original,
        CfnTemplate hardened,
        Evaluator evaluator,
        Evaluator originalEvaluator,
        Dictionary<string, MapValue?> properties,
        Lazy<(TemplateFacts, TemplateFacts)>? facts,
        IReadOnlySet<string> dropped,
        PlanDelta? whole = null)
    {
        Original = original;
        Hardened = hardened;
        Evaluator = evaluator;
        OriginalEvaluator = originalEvaluator;
        this.properties = properties;
        this.facts = facts ?? new(() => (new TemplateFacts(original, originalEvaluator), new TemplateFacts(hardened, evaluator)));
        this.dropped = dropped;
        this.whole = whole;
        Added = (whole?.Added.Where(r => !dropped.Contains(r.LogicalId)) ?? hardened.Resources.Where(r => original.FindResource(r.LogicalId) is not { } o || o.Type != r.Type)).ToList();
        live = new(Added.Count);
        foreach (var resource in Added)
        {
            if (resource.Condition is { } condition)
            {
                var value = Evaluator.Condition(condition);
                if (value == false)
                {
                    notCreated.Add(new NotCreatedResource(resource.LogicalId, resource.Type, condition));
                    continue;
                }

                if (value is null)
                {
                    notes.Add($"{resource.LogicalId}: condition {condition} cannot be decided from the parameters; priced as if created.");
                }
            }

            live.Add(resource);
        }
    }

    public CfnTemplate Original { get; }

    public CfnTemplate Hardened { get; }

    /// <summary>The hardened template's evaluator, with the deployment's parameter values.</summary>
    public Evaluator Evaluator { get; }

    public Evaluator OriginalEvaluator { get; }

    /// <summary>The resources the hardened template adds, created or not.</summary>
    public IReadOnlyList<ResourceDefinition> Added { get; }

    /// <summary>The added resources that the parameters create (or may create: an undecidable condition is priced as true).</summary>
    public IReadOnlyList<ResourceDefinition> Live => live;

    public IReadOnlyList<NotCreatedResource> NotCreated => notCreated;

    /// <summary>The conditions that cannot be decided from the parameters, one note each.</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <summary>The facts of the original template and of the hardened one, as the rules see them (SAM globals applied).</summary>
    public TemplateFacts OriginalFacts => facts.Value.Original;

    public TemplateFacts HardenedFacts => facts.Value.Hardened;

    public IEnumerable<ResourceDefinition> LiveOfType(string type) => live.Where(r => r.Type == type);

    /// <summary>
    /// The hardened template's resources that the parameters create, added or already there, of the types
    /// <paramref name="isType"/> accepts, in the template's order. The type is asked first: whether a resource is created
    /// is a look-up in its definition, and most of a large template's resources are of no type the caller wants.
    /// </summary>
    public IEnumerable<ResourceDefinition> CreatedOfTypes(Func<string, bool> isType) => Hardened.Resources.Where(r => isType(r.Type) && IsKeptAndCreated(r));

    /// <summary>
    /// The created resources of one type, from the template's index by type: the pricers ask for several types each, and
    /// filtering every resource of the template per type made each question a walk of the whole template.
    /// </summary>
    /// <remarks>
    /// Fix's cost line prices while the self-checks still plan on the same output template: the index is built once and
    /// is safe for concurrent callers (<see cref="CfnTemplate.ResourcesOfType"/>), and is never written afterwards.
    /// </remarks>
    public IEnumerable<ResourceDefinition> HardenedOfType(string type) => Hardened.ResourcesOfType(type).Where(IsKeptAndCreated);

    /// <summary>
    /// This delta less some of the resources the plan adds: what the plan would have added without them. It shares this
    /// delta's evaluations, which do not depend on which resources exist.
    /// </summary>
    /// <remarks>
    /// Its added resources are the whole delta's less <paramref name="logicalIds"/>, in the same order: read from that
    /// delta's list rather than found again among every resource of the hardened template.
    /// </remarks>
    public PlanDelta Without(IReadOnlySet<string> logicalIds) =>
        logicalIds.Count == 0 ? this : new(Original, Hardened, Evaluator, OriginalEvaluator, properties, facts, logicalIds, whole ?? this);

    /// <summary>The original's resource of the same logical ID and type: what the hardening changed, or null when it added it.</summary>
    public ResourceDefinition? Before(ResourceDefinition resource) =>
        Original.FindResource(resource.LogicalId) is { } before && before.Type == resource.Type ? before : null;

    public bool IsCreated(ResourceDefinition resource) => resource.Condition is not { } c || Evaluator.Condition(c) != false;

    /// <summary>Created, and not one of the resources this delta leaves out (none, but for a savings option's).</summary>
    private bool IsKeptAndCreated(ResourceDefinition resource) => (dropped.Count == 0 || !dropped.Contains(resource.LogicalId)) && IsCreated(resource);

    /// <summary>A resource's evaluated properties, from whichever template it belongs to (the hardened one's are cached).</summary>
    public MapValue? Properties(ResourceDefinition resource)
    {
        var hardened = ReferenceEquals(Hardened.FindResource(resource.LogicalId), resource);
        var owner = hardened ? HardenedFacts : OriginalFacts;

        // The properties as written, which SAM Globals do not change for most types: then they are what the facts hold,
        // evaluated already by the scan (and shared with it), not evaluated a second time here. A hardened resource was
        // just found in its template (the facts' own), so only an original one is looked up again.
        if ((hardened || ReferenceEquals(owner.Template.FindResource(resource.LogicalId), resource))
            && ReferenceEquals(owner.EffectivePropertiesOf(resource), resource.Properties))
        {
            return owner.PropertiesOf(resource.LogicalId);
        }

        if (!hardened)
        {
            return OriginalEvaluator.Evaluate(resource.Properties) as MapValue;
        }

        if (!properties.TryGetValue(resource.LogicalId, out var map))
        {
            map = Evaluator.Evaluate(resource.Properties) as MapValue;
            properties[resource.LogicalId] = map;
        }

        return map;
    }

    /// <remarks>The path is a span: the pricers ask thousands of times per template, and an array per question was garbage.</remarks>
    public Value? Get(ResourceDefinition resource, params ReadOnlySpan<string> path)
    {
        Value? value = Properties(resource);
        foreach (var step in path)
        {
            value = (value as MapValue)?[step];
        }

        return value;
    }
}
