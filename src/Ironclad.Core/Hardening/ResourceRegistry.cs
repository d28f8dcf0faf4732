using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>
/// The names of the plan: the input's resources by logical ID, the resources, parameters and
/// conditions the plan adds, and the free name each gets in the template's one namespace
/// (docs/design/hardening.md, One namespace and Idempotence). What a failed fix added is forgotten.
/// </summary>
internal sealed class ResourceRegistry
{
    private static readonly string[] StageNames = ["Stage", "Environment", "Env"];

    private readonly CfnTemplate template;
    private readonly PlanEditor editor;
    private readonly PlanJournal journal;
    private readonly List<PlannedResource> resources = [];
    private readonly Dictionary<string, PlannedResource> plannedById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceDefinition> resourceById = new(StringComparer.Ordinal);
    private readonly HashSet<string> resourceKeys = new(StringComparer.Ordinal);
    private readonly List<AddedParameter> parameters = [];
    private readonly Dictionary<string, NewNode> conditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> seen = new(StringComparer.Ordinal);
    private string? stage;

    public ResourceRegistry(CfnTemplate template, PlanEditor editor, PlanJournal journal)
    {
        this.template = template;
        this.editor = editor;
        this.journal = journal;

        // Indexes: templates of thousands of resources would make every look-up a scan. Sized once, not grown step by step.
        resourceById.EnsureCapacity(template.Resources.Count);
        foreach (var resource in template.Resources)
        {
            resourceById.TryAdd(resource.LogicalId, resource);
        }

        var entries = ((MappingNode)template.Document.Root["Resources"]!).Entries;
        resourceKeys.EnsureCapacity(entries.Count);
        foreach (var entry in entries)
        {
            resourceKeys.Add(entry.Key.Value);
        }
    }

    public IReadOnlyList<AddedParameter> AddedParameters => parameters;

    private TemplateDocument Document => template.Document;

    public ResourceDefinition Resource(string logicalId) => FindResource(logicalId) ?? throw new InvalidOperationException($"no resource {logicalId}");

    /// <summary>A resource of the input by logical ID (indexed).</summary>
    public ResourceDefinition? FindResource(string logicalId) => resourceById.GetValueOrDefault(logicalId);

    /// <summary>
    /// The logical ID to use for a resource the plan needs: the preferred one when it is free or
    /// already holds a resource of the same type (reused), else the first free numbered variant.
    /// </summary>
    public string LogicalId(string preferred, string type, Func<ResourceDefinition, bool>? accept = null)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? preferred : preferred + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var existing = FindResource(candidate);
            var planned = FindPlanned(candidate);
            var takenByOther = (existing is not null && (existing.Type != type || (accept is not null && !accept(existing))))
                || (planned is not null && planned.Type != type)
                || (existing is null && (resourceKeys.Contains(candidate)
                    || template.Parameters.ContainsKey(candidate)
                    || parameters.Any(p => p.Name == candidate)
                    || conditions.ContainsKey(candidate)
                    || TakenOutsideResources(candidate)));
            if (!takenByOther)
            {
                return candidate;
            }
        }
    }

    /// <summary>A set of keys already written into one growing list of a new resource (to add each item once, fast).</summary>
    public HashSet<string> Seen(string scope)
    {
        if (!seen.TryGetValue(scope, out var set))
        {
            seen[scope] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    /// <summary>The planned resource for a preferred ID and type, reusing an existing resource only when <paramref name="accept"/> says it is the one meant: created once, reused by every later caller.</summary>
    public PlannedResource Resource(string preferred, string type, ResourceGroup group, Func<ResourceDefinition, bool>? accept, params FindingRef[] fixes)
    {
        var id = LogicalId(preferred, type, accept);
        var planned = FindPlanned(id);
        if (planned is null)
        {
            var created = planned = new PlannedResource(id, type, group, FindResource(id));
            resources.Add(created);
            plannedById[id] = created;
            journal.OnRollBack(() =>
            {
                resources.Remove(created);
                plannedById.Remove(created.Id);
            });
        }

        var before = planned.Fixes.Count;
        planned.AddFixes(fixes);
        if (planned.Fixes.Count > before)
        {
            var owner = planned;
            journal.OnRollBack(() => owner.RemoveFixesFrom(before));
        }

        return planned;
    }

    public PlannedResource? FindPlanned(string id) => plannedById.GetValueOrDefault(id);

    /// <summary>The new resources in the order they are written: grouped (keys first), each alias or policy right after its owner.</summary>
    public IReadOnlyList<PlannedResource> NewResources()
    {
        var order = resources.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        int Index(PlannedResource r) => order[r.Id];
        PlannedResource Owner(PlannedResource r) => r.Anchor is { } anchor && FindPlanned(anchor) is { IsNew: true } owner ? owner : r;
        return resources.Where(r => r.IsNew)
            .OrderBy(r => Owner(r).Group)
            .ThenBy(r => Index(Owner(r)))
            .ThenBy(r => ReferenceEquals(Owner(r), r) ? 0 : 1)
            .ThenBy(Index)
            .ToList();
    }

    /// <summary>
    /// The stage parameter's name: an existing Stage, Environment or Env parameter, else a new one
    /// (<c>Stage</c>, or <c>HardeningStage</c> when a resource or another entry holds that name).
    /// </summary>
    public string Stage(params FindingRef[] fixes)
    {
        if (stage is null)
        {
            journal.OnRollBack(() => stage = null);
        }

        stage ??= StageNames.FirstOrDefault(template.Parameters.ContainsKey) ?? ParameterName("Stage");
        Parameter(fixes, stage, "String", "dev", "Deployment stage, used in the names of the resources the hardening adds");
        return stage;
    }

    /// <summary>The stage parameter if the template has one or the plan added one; null otherwise (never adds it).</summary>
    public string? StageIfAny() => stage ?? StageNames.FirstOrDefault(template.Parameters.ContainsKey) ?? (ParameterName("Stage") is var name && template.Parameters.ContainsKey(name) ? name : null);

    /// <summary>
    /// The name a parameter the plan needs goes by. Parameters, resources, conditions, mappings and
    /// outputs share one namespace (a parameter beside a resource of its name is rejected, and every
    /// <c>!Ref</c> to it would silently mean the resource): the preferred name when it is free or
    /// already a parameter (reused), else <c>Hardening</c> + the name (numbered if need be), which an
    /// earlier run may have added already. See docs/design/hardening.md, "One namespace".
    /// </summary>
    public string ParameterName(string preferred)
    {
        for (var n = 0; ; n++)
        {
            var candidate = n switch
            {
                0 => preferred,
                1 => "Hardening" + preferred,
                _ => "Hardening" + preferred + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (template.Parameters.ContainsKey(candidate) || parameters.Any(p => p.Name == candidate))
            {
                return candidate;
            }

            if (!resourceKeys.Contains(candidate) && FindPlanned(candidate) is null && !conditions.ContainsKey(candidate) && !TakenOutsideResources(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Adds a parameter unless the template has one of that name, traced to the findings that need it; returns the name (see <see cref="ParameterName"/>).</summary>
    public string Parameter(FindingRef[] fixes, string preferred, string type, string? defaultValue, string description, Action<NewMapping>? extra = null)
    {
        var name = ParameterName(preferred);
        if (template.Parameters.ContainsKey(name))
        {
            return name;
        }

        if (parameters.Any(p => p.Name == name))
        {
            editor.Trace("Parameters", "Parameters", name, type, fixes);
            return name;
        }

        var definition = Map(("Type", Str(type)));
        if (defaultValue is not null)
        {
            definition.Set("Default", type == "Number" ? new NewScalar(defaultValue, ScalarKind.Number) : Str(defaultValue));
        }

        extra?.Invoke(definition);
        definition.Set("Description", Str(description));
        var added = new AddedParameter(name, type, defaultValue, description);
        parameters.Add(added);
        journal.OnRollBack(() => parameters.Remove(added));
        editor.AddSectionEntry("Parameters", name, definition, type, fixes);
        return name;
    }

    /// <summary>
    /// Adds a condition unless the template has the same one of that name (an earlier run's),
    /// traced to the findings that need it; returns the name: a fresh one (<c>Hardening</c> + the
    /// name, numbered if need be) when a parameter, resource, mapping, output or a different
    /// condition holds it.
    /// </summary>
    public string Condition(FindingRef[] fixes, string preferred, NewNode expression)
    {
        var name = preferred;
        for (var n = 1; ; n++)
        {
            var existing = template.Conditions?[name];
            if (existing is not null ? SameExpression(NewNode.From(existing, Document.Text), expression) : conditions.ContainsKey(name) || !IsTakenByOther(name))
            {
                break;
            }

            name = "Hardening" + preferred + (n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (template.Conditions?.Find(name) is not null)
        {
            return name;
        }

        if (!conditions.ContainsKey(name))
        {
            conditions[name] = expression;
            journal.OnRollBack(() => conditions.Remove(name));
            editor.AddSectionEntry("Conditions", name, expression, "condition", fixes);
        }
        else
        {
            editor.Trace("Conditions", "Conditions", name, "condition", fixes);
        }

        return name;
    }

    /// <summary>
    /// The condition of a companion that serves resources with the given conditions (see
    /// docs/design/hardening.md, Principles): none when one of them is unconditional, their common
    /// condition, or a new <c>Fn::Or</c> condition <paramref name="name"/> (it serves any of them).
    /// </summary>
    public string? ConditionServing(string name, IEnumerable<string?> served, params FindingRef[] fixes)
    {
        var conditions = served.ToList();
        if (conditions.Count == 0 || conditions.Any(c => c is null))
        {
            return null;
        }

        var distinct = conditions.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : Condition(fixes, name, AnyOf(distinct));
    }

    /// <summary>Two condition expressions alike but for the way their scalars are written (quoting, JSON or YAML).</summary>
    private static bool SameExpression(NewNode a, NewNode b) => (a, b) switch
    {
        (NewScalar x, NewScalar y) => x.Value == y.Value,
        (NewCall x, NewCall y) => x.Function == y.Function && SameExpression(x.Argument, y.Argument),
        (NewSequence x, NewSequence y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => SameExpression(p.First, p.Second)),
        (NewMapping x, NewMapping y) => x.Count == y.Count && x.Entries.All(e => y[e.Key] is { } other && SameExpression(e.Value, other)),
        _ => false,
    };

    /// <summary>An <c>Fn::Or</c> of conditions, nested by tens (Fn::Or takes 2 to 10).</summary>
    private static NewCall AnyOf(IReadOnlyList<string> conditions) =>
        conditions.Count <= 10
            ? Or([.. conditions.Select(c => (NewNode)Build.Condition(c))])
            : Or([.. conditions.Chunk(10).Select(chunk => chunk.Length == 1 ? Build.Condition(chunk[0]) : AnyOf(chunk))]);

    /// <summary>A name held by a parameter, resource, mapping or output of the input or the plan (not by a condition).</summary>
    private bool IsTakenByOther(string name) =>
        template.Parameters.ContainsKey(name) || parameters.Any(p => p.Name == name) || resourceKeys.Contains(name) || FindPlanned(name) is not null
        || template.Mappings?.Find(name) is not null || (Document.Root["Outputs"] as MappingNode)?.Find(name) is not null;

    /// <summary>A name held by a condition, mapping or output of the input (the sections beside Parameters and Resources).</summary>
    private bool TakenOutsideResources(string name) =>
        template.Conditions?.Find(name) is not null || template.Mappings?.Find(name) is not null || (Document.Root["Outputs"] as MappingNode)?.Find(name) is not null;
}
