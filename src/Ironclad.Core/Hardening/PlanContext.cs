using Ironclad.Core.Data;
using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>Where a new resource goes among the others: keys first, then what uses them.</summary>
internal enum ResourceGroup
{
    Keys,
    Queues,
    Network,
    Endpoints,
    Buckets,
    Replication,
    Distribution,
    Monitoring,
}

/// <summary>A resource the plan adds (or finds already there from an earlier run, and reuses).</summary>
internal sealed class PlannedResource
{
    public PlannedResource(string id, string type, ResourceGroup group, ResourceDefinition? existing)
    {
        Id = id;
        Type = type;
        Group = group;
        Existing = existing;
    }

    public string Id { get; }

    public string Type { get; }

    public ResourceGroup Group { get; }

    /// <summary>The resource of the input with this logical ID and type: reused, never duplicated.</summary>
    public ResourceDefinition? Existing { get; }

    public bool IsNew => Existing is null;

    public NewMapping Properties { get; } = new();

    public string? Condition { get; set; }

    /// <summary>The resource this one belongs with (a key's alias, a bucket's policy): written right after it.</summary>
    public string? Anchor { get; set; }

    public List<string> DependsOn { get; } = [];

    /// <summary>Stateful: kept on stack deletion and replacement (docs/design/hardening.md, Deploy-time risks).</summary>
    public bool Retain { get; set; }

    public Dictionary<string, string> Facts { get; } = new(StringComparer.Ordinal);

    public List<FindingRef> Fixes { get; } = [];

    private HashSet<FindingRef> SeenFixes { get; } = [];

    public void AddFixes(IEnumerable<FindingRef> fixes)
    {
        foreach (var fix in fixes.Where(SeenFixes.Add))
        {
            Fixes.Add(fix);
        }
    }

    /// <summary>Forgets the findings added from <paramref name="count"/> on (a fix that served them failed).</summary>
    public void RemoveFixesFrom(int count)
    {
        foreach (var fix in Fixes.Skip(count))
        {
            SeenFixes.Remove(fix);
        }

        Fixes.RemoveRange(count, Fixes.Count - count);
    }

    /// <summary>Suppressions the new resource carries, as (rule, reason): decisions a reviewer should see.</summary>
    public List<(string Rule, string Reason)> Suppressions { get; } = [];

    public NewMapping Definition()
    {
        var definition = new NewMapping().Set("Type", Str(Type));
        if (Suppressions.Count > 0)
        {
            definition.Set("Metadata", Map(("ironclad", Map(("suppress", List(Suppressions.Select(s => (NewNode)Map(("id", Str(s.Rule)), ("reason", Str(s.Reason))))))))));
        }

        if (Condition is not null)
        {
            definition.Set("Condition", Str(Condition));
        }

        if (DependsOn.Count > 0)
        {
            definition.Set("DependsOn", DependsOn.Count == 1 ? Str(DependsOn[0]) : List(DependsOn.Select(d => (NewNode)Str(d))));
        }

        if (Retain)
        {
            definition.Set("DeletionPolicy", Str("Retain")).Set("UpdateReplacePolicy", Str("Retain"));
        }

        if (Properties.Count > 0)
        {
            definition.Set("Properties", Properties);
        }

        return definition;
    }
}

/// <summary>
/// The state of one planning run: the template, its scan results, the patch being built, the new
/// resources, parameters and conditions, and the trace from every change to the findings it fixes.
/// </summary>
internal sealed class PlanContext
{
    private static readonly string[] SectionOrder =
        ["AWSTemplateFormatVersion", "Transform", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Globals", "Resources", "Outputs"];

    private static readonly string[] StageNames = ["Stage", "Environment", "Env"];

    private readonly List<PlannedResource> resources = [];
    private readonly Dictionary<string, PlannedResource> plannedById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceDefinition> resourceById = new(StringComparer.Ordinal);
    private readonly HashSet<string> resourceKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Rule, string Resource), ScanResult> resultIndex = [];
    private readonly Dictionary<string, List<ScanResult>> failuresByRule = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Target, string Path, string Summary), (string Type, List<FindingRef> Fixes, HashSet<FindingRef> Seen)> changes = [];
    private readonly List<AddedParameter> parameters = [];
    private readonly Dictionary<string, NewNode> conditions = new(StringComparer.Ordinal);

    /// <summary>The findings left unfixed, in the order they were left, and as a set: each is left once.</summary>
    private readonly List<UnfixedFinding> unfixed = [];
    private readonly HashSet<FindingRef> unfixedSet = [];

    private readonly Dictionary<string, HashSet<string>> seen = new(StringComparer.Ordinal);

    /// <summary>Top-level sections the input lacks, written at the end in CloudFormation's order.</summary>
    private readonly Dictionary<string, NewMapping> newSections = new(StringComparer.Ordinal);
    private string? stage;

    /// <summary>Every edit applied to <see cref="Patch"/>, in order: replayed to undo the edits of a failed fix.</summary>
    private readonly List<Action> applied = [];

    /// <summary>How to undo the bookkeeping of the fixes under way, oldest first.</summary>
    private readonly List<Action> undo = [];

    /// <summary>How many fixes are under way (nested ones are savepoints of the outer).</summary>
    private int transactions;

    /// <param name="facts">The scan's facts, with the properties it evaluated (of this template, with the options' parameters).</param>
    public PlanContext(CfnTemplate template, HardeningOptions options, IReadOnlyList<ScanResult> results, TemplateFacts facts)
    {
        Template = template;
        Options = options;
        Results = results;
        Patch = new TemplatePatch(template.Document);
        Evaluator = facts.Evaluator;
        Facts = facts;

        // Indexes: templates of thousands of resources would make every look-up a scan.
        foreach (var resource in template.Resources)
        {
            resourceById.TryAdd(resource.LogicalId, resource);
        }

        foreach (var entry in ResourcesNode.Entries)
        {
            resourceKeys.Add(entry.Key.Value);
        }

        foreach (var result in results)
        {
            resultIndex.TryAdd((result.Rule.Id, result.Resource), result);
            if (result.Status == ResultStatus.Fail && resourceById.GetValueOrDefault(result.Resource)?.Properties is { } written && Intrinsics.TryGetCall(written, out var function, out _))
            {
                // Properties chosen by an intrinsic (a whole-block Fn::If, or AWS::NoValue): an edit inside would
                // apply to one branch only, and a setting SAM Globals add never reaches it.
                LeaveUnfixed(result, $"the resource's Properties are written as {function}; write them as a mapping to let the fix edit them");
            }
            else if (result.Status == ResultStatus.Fail)
            {
                (failuresByRule.TryGetValue(result.Rule.Id, out var list) ? list : failuresByRule[result.Rule.Id] = []).Add(result);
            }
        }
    }

    public CfnTemplate Template { get; }

    public TemplateDocument Document => Template.Document;

    public HardeningOptions Options { get; }

    public IReadOnlyList<ScanResult> Results { get; }

    public TemplatePatch Patch { get; private set; }

    public Evaluator Evaluator { get; }

    public TemplateFacts Facts { get; }

    public string Prefix => Options.Prefix ?? "${AWS::StackName}";

    public List<DeclinedFix> Declined { get; } = [];

    public IReadOnlyList<UnfixedFinding> Unfixed => unfixed;

    public List<PlanWarning> Warnings { get; } = [];

    public List<EndpointChoice> Endpoints { get; } = [];

    public List<string> ServicesThroughNat { get; } = [];

    /// <summary>Functions whose concurrency, dead-letter queue, key or VPC this plan sets (directly or through Globals).</summary>
    public HashSet<string> Limited { get; } = new(StringComparer.Ordinal);

    public HashSet<string> WithDeadLetterQueue { get; } = new(StringComparer.Ordinal);

    public HashSet<string> WithKey { get; } = new(StringComparer.Ordinal);

    public HashSet<string> InVpc { get; } = new(StringComparer.Ordinal);

    public NetworkRefs? Network { get; set; }

    /// <summary>Buckets this plan sends to the access-log bucket, with their resource conditions.</summary>
    public List<(string Bucket, string? Condition)> LogSources { get; } = [];

    /// <summary>Buckets that CloudFront distributions log to (they need ACLs).</summary>
    public HashSet<string> CloudFrontLogsTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Buckets this plan turns versioning on for.</summary>
    public HashSet<string> Versioned { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<PlannedResource> Planned => resources;

    public IReadOnlyList<AddedParameter> AddedParameters => parameters;

    public MappingNode ResourcesNode => (MappingNode)Document.Root["Resources"]!;

    // ---- findings ----

    public static FindingRef Ref(ScanResult result) => new(result.Rule.Id, result.Rule.DisplayId, result.Resource);

    public IEnumerable<ScanResult> Failures(string ruleId) => failuresByRule.TryGetValue(ruleId, out var list) ? list : [];

    public ScanResult? Result(string ruleId, string resource) => resultIndex.GetValueOrDefault((ruleId, resource));

    public bool IsFailing(string ruleId, string resource) => Result(ruleId, resource)?.Status == ResultStatus.Fail;

    public ResourceDefinition Resource(string logicalId) => FindResource(logicalId) ?? throw new InvalidOperationException($"no resource {logicalId}");

    /// <summary>A resource of the input by logical ID (indexed).</summary>
    public ResourceDefinition? FindResource(string logicalId) => resourceById.GetValueOrDefault(logicalId);

    /// <summary>The resource's effective properties, evaluated (Globals merged for SAM resources).</summary>
    public MapValue? PropertiesOf(ResourceDefinition resource) => Facts.PropertiesOf(resource.LogicalId);

    // ---- names and new resources ----

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
                    || Template.Parameters.ContainsKey(candidate)
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

    /// <summary>The planned resource for a preferred ID and type: created once, reused by every later caller.</summary>
    public PlannedResource Resource(string preferred, string type, ResourceGroup group, params FindingRef[] fixes) => Resource(preferred, type, group, null, fixes);

    /// <summary>As <see cref="Resource(string, string, ResourceGroup, FindingRef[])"/>, reusing an existing resource only when <paramref name="accept"/> says it is the one meant.</summary>
    public PlannedResource Resource(string preferred, string type, ResourceGroup group, Func<ResourceDefinition, bool>? accept, params FindingRef[] fixes)
    {
        var id = LogicalId(preferred, type, accept);
        var planned = FindPlanned(id);
        if (planned is null)
        {
            var created = planned = new PlannedResource(id, type, group, FindResource(id));
            resources.Add(created);
            plannedById[id] = created;
            OnRollBack(() =>
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
            OnRollBack(() => owner.RemoveFixesFrom(before));
        }

        return planned;
    }

    public PlannedResource? FindPlanned(string id) => plannedById.GetValueOrDefault(id);

    // ---- edits of existing resources ----

    /// <summary>Runs the fix of one finding; a finding it cannot fix is left, with the reason, in the report.</summary>
    public void Fix(ScanResult finding, Action fix) => Fix([Ref(finding)], fix);

    /// <summary>Runs a fix that serves several findings; if it cannot be made, each is left with the reason.</summary>
    /// <remarks>
    /// Each fix is a transaction: when it declines halfway, its edits of the template and what it added
    /// to the plan (new resources, parameters, conditions, sections, the trace to its findings, log
    /// sources, endpoints, warnings) are undone, so nothing is left behind traced to a finding reported
    /// unfixed. A fix run inside another is a savepoint of the outer one. Edits are applied at once (so
    /// a conflict surfaces where it arises) and logged; undoing them replays the log up to the savepoint
    /// onto a fresh patch, which is rare (most declines come before the first edit). Not journaled:
    /// properties a fix sets directly on a resource planned before it began, and the sets of functions
    /// given a key, queue or VPC (fixes add to those only once they succeed).
    /// </remarks>
    public void Fix(IReadOnlyList<FindingRef> findings, Action fix)
    {
        if (Transaction(fix) is { } reason)
        {
            foreach (var finding in findings)
            {
                LeaveUnfixed(finding, reason);
            }
        }
    }

    /// <summary>Runs a step of the plan as a transaction (see <see cref="Fix(IReadOnlyList{FindingRef}, Action)"/>); null if it succeeded, else why it declined.</summary>
    public string? Transaction(Action step)
    {
        var savepoint = new Savepoint(applied.Count, undo.Count, LogSources.Count, Declined.Count, Endpoints.Count, ServicesThroughNat.Count, Warnings.Count);
        transactions++;
        try
        {
            step();
            return null;
        }
        catch (UnfixableException ex)
        {
            RollBack(savepoint);
            return ex.Message;
        }
        catch (EditConflictException ex)
        {
            RollBack(savepoint);
            return "could not be edited safely: " + ex.Message;
        }
        finally
        {
            if (--transactions == 0)
            {
                undo.Clear();
            }
        }
    }

    /// <summary>Undoes what a failed step added since <paramref name="savepoint"/>, newest first.</summary>
    private void RollBack(Savepoint savepoint)
    {
        if (applied.Count > savepoint.Edits)
        {
            applied.RemoveRange(savepoint.Edits, applied.Count - savepoint.Edits);
            Patch = new TemplatePatch(Document);
            foreach (var edit in applied)
            {
                edit();
            }
        }

        for (var i = undo.Count - 1; i >= savepoint.Undo; i--)
        {
            undo[i]();
        }

        undo.RemoveRange(savepoint.Undo, undo.Count - savepoint.Undo);
        LogSources.RemoveRange(savepoint.LogSources, LogSources.Count - savepoint.LogSources);
        Declined.RemoveRange(savepoint.Declined, Declined.Count - savepoint.Declined);
        Endpoints.RemoveRange(savepoint.Endpoints, Endpoints.Count - savepoint.Endpoints);
        ServicesThroughNat.RemoveRange(savepoint.ServicesThroughNat, ServicesThroughNat.Count - savepoint.ServicesThroughNat);
        Warnings.RemoveRange(savepoint.Warnings, Warnings.Count - savepoint.Warnings);
    }

    /// <summary>An edit of the template, applied now and logged so that a failed fix's edits can be undone.</summary>
    private void Edit(Action edit)
    {
        edit();
        applied.Add(edit);
    }

    /// <summary>How to undo a change to the plan's bookkeeping if the fix under way fails.</summary>
    private void OnRollBack(Action step)
    {
        if (transactions > 0)
        {
            undo.Add(step);
        }
    }

    public void SetProperty(ResourceDefinition resource, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, path);
        Guard(resource, path);
        Edit(() => Patch.Set(resource.Node, ["Properties", .. path], value, Placement.End));
        Trace(resource.LogicalId, resource.Type, "Properties." + string.Join('.', path), summary, fixes);
    }

    public void AppendProperty(ResourceDefinition resource, IReadOnlyList<string> path, NewNode item, string summary, params FindingRef[] fixes)
    {
        if (resource.IsServerless && path is ["Policies"] && item is NewMapping { Count: 1 } policy && policy["Statement"] is NewSequence statements
            && resource.Properties?["Policies"] is MappingNode document && document.Find("Statement") is not null
            && !Intrinsics.TryGetCall(document, out _, out _))
        {
            // SAM takes Policies as one policy document too ({Statement: [...]}): new statements go into its own list.
            foreach (var statement in statements.Items)
            {
                AppendProperty(resource, ["Policies", "Statement"], statement, summary, fixes);
            }

            return;
        }

        CheckCreateOnly(resource, path);
        Guard(resource, path);
        Edit(() => Patch.Append(resource.Node, ["Properties", .. path], item));
        Trace(resource.LogicalId, resource.Type, "Properties." + string.Join('.', path), summary, fixes);
    }

    /// <summary>Replaces an existing node below a resource's properties (<paramref name="path"/> names it for the trace and the create-only check).</summary>
    public void ReplaceProperty(ResourceDefinition resource, IReadOnlyList<string> path, TemplateNode node, NewNode value, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, path);
        Edit(() => Patch.Replace(node, value));
        Trace(resource.LogicalId, resource.Type, "Properties." + string.Join('.', path), summary, fixes);
    }

    /// <summary>Sets a value below an existing mapping inside a resource (a replica, an origin); <paramref name="tracePath"/> names that mapping.</summary>
    public void SetIn(ResourceDefinition resource, string tracePath, MappingNode node, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes)
    {
        var full = tracePath + "." + string.Join('.', path);
        CheckCreateOnly(resource, PropertyNames(full));
        Edit(() => Patch.Set(node, path, value));
        Trace(resource.LogicalId, resource.Type, full, summary, fixes);
    }

    /// <summary>Appends to an existing sequence inside a resource; <paramref name="tracePath"/> names it.</summary>
    public void AppendIn(ResourceDefinition resource, string tracePath, SequenceNode node, NewNode item, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, PropertyNames(tracePath));
        Edit(() => Patch.Append(node, item));
        Trace(resource.LogicalId, resource.Type, tracePath, summary, fixes);
    }

    /// <summary>Replaces an existing value inside a resource; <paramref name="tracePath"/> names it.</summary>
    public void ReplaceIn(ResourceDefinition resource, string tracePath, TemplateNode node, NewNode value, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, PropertyNames(tracePath));
        Edit(() => Patch.Replace(node, value));
        Trace(resource.LogicalId, resource.Type, tracePath, summary, fixes);
    }

    /// <summary>
    /// Changes a resource's type: only for the explicit conversion of a SimpleTable, which the caller
    /// warns about. The create-only check does not apply: the conversion is the replacement risk.
    /// </summary>
    public void ReplaceType(ResourceDefinition resource, string type, string summary, params FindingRef[] fixes)
    {
        Edit(() => Patch.Replace(resource.Node["Type"]!, Str(type)));
        Trace(resource.LogicalId, resource.Type, "Type", summary, fixes);
    }

    /// <summary>The property names of a trace path (<c>Properties.Replicas[0].SSESpecification</c> gives Replicas, SSESpecification).</summary>
    public static IReadOnlyList<string> PropertyNames(string tracePath) =>
        tracePath.Split('.').Select(p => p.Split('[')[0]).Where(p => p.Length > 0).Skip(tracePath.StartsWith("Properties", StringComparison.Ordinal) ? 1 : 0).ToList();

    /// <summary>Sets a resource attribute (<c>DeletionPolicy</c>, <c>Metadata</c>...), placed after <c>Type</c> when new.</summary>
    public void SetAttribute(ResourceDefinition resource, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes)
    {
        Edit(() => Patch.Set(resource.Node, path, value, Placement.AfterKey("Type")));
        Trace(resource.LogicalId, resource.Type, string.Join('.', path), summary, fixes);
    }

    /// <summary>Appends to a list-valued resource attribute (<c>DependsOn</c>), created after <c>Type</c> when absent; a single value becomes a list.</summary>
    public void AppendAttribute(ResourceDefinition resource, IReadOnlyList<string> path, NewNode item, string summary, params FindingRef[] fixes)
    {
        Edit(() => Patch.Append(resource.Node, path, item, Placement.AfterKey("Type")));
        Trace(resource.LogicalId, resource.Type, string.Join('.', path), summary, fixes);
    }

    /// <summary>Declines a fix: the finding is suppressed in the resource's Metadata with the reason.</summary>
    public void Decline(ResourceDefinition resource, FindingRef finding, string reason, string recommendation)
    {
        if (Declined.Any(d => d.Finding == finding))
        {
            return;
        }

        Edit(() => Patch.Append(resource.Node, ["Metadata", "ironclad", "suppress"], Map(("id", Str(finding.RuleId)), ("reason", Str(reason))), Placement.AfterKey("Type")));
        Trace(resource.LogicalId, resource.Type, "Metadata.ironclad.suppress", $"suppress {finding.DisplayId} ({finding.RuleId}): {reason}", [finding]);
        Declined.Add(new DeclinedFix(finding, reason, recommendation));
    }

    public void SetGlobal(string section, IReadOnlyList<string> path, NewNode value, string summary, IReadOnlyList<FindingRef> fixes)
    {
        CheckCreateOnly("AWS::Serverless::" + section, path);
        if (Document.Root.Find("Globals") is { Value: MappingNode })
        {
            Edit(() => Patch.Set(Document.Root, ["Globals", section, .. path], value));
        }
        else
        {
            NewSection("Globals").Merge(Nest([section, .. path], value));
        }

        Trace("Globals." + section, "Globals", string.Join('.', path), summary, [.. fixes]);
    }

    public void Warn(WarningKind kind, string message)
    {
        if (!Warnings.Any(w => w.Message == message))
        {
            Warnings.Add(new PlanWarning(kind, message));
        }
    }

    public void LeaveUnfixed(ScanResult finding, string reason) => LeaveUnfixed(Ref(finding), reason);

    public void LeaveUnfixed(FindingRef finding, string reason)
    {
        if (unfixedSet.Add(finding))
        {
            unfixed.Add(new UnfixedFinding(finding, reason));
        }
    }

    // ---- parameters and conditions ----

    /// <summary>
    /// The stage parameter's name: an existing Stage, Environment or Env parameter, else a new one
    /// (<c>Stage</c>, or <c>HardeningStage</c> when a resource or another entry holds that name).
    /// </summary>
    public string Stage(params FindingRef[] fixes)
    {
        if (stage is null)
        {
            OnRollBack(() => stage = null);
        }

        stage ??= StageNames.FirstOrDefault(Template.Parameters.ContainsKey) ?? ParameterName("Stage");
        Parameter(fixes, stage, "String", "dev", "Deployment stage, used in the names of the resources the hardening adds");
        return stage;
    }

    /// <summary>The stage parameter if the template has one or the plan added one; null otherwise (never adds it).</summary>
    public string? StageIfAny() => stage ?? StageNames.FirstOrDefault(Template.Parameters.ContainsKey) ?? (ParameterName("Stage") is var name && Template.Parameters.ContainsKey(name) ? name : null);

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
            if (Template.Parameters.ContainsKey(candidate) || parameters.Any(p => p.Name == candidate))
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
        if (Template.Parameters.ContainsKey(name))
        {
            return name;
        }

        if (parameters.Any(p => p.Name == name))
        {
            Trace("Parameters", "Parameters", name, type, fixes);
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
        OnRollBack(() => parameters.Remove(added));
        AddSectionEntry("Parameters", name, definition, type, fixes);
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
            var existing = Template.Conditions?[name];
            if (existing is not null ? SameExpression(NewNode.From(existing, Document.Text), expression) : conditions.ContainsKey(name) || !IsTakenByOther(name))
            {
                break;
            }

            name = "Hardening" + preferred + (n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Template.Conditions?.Find(name) is not null)
        {
            return name;
        }

        if (!conditions.ContainsKey(name))
        {
            conditions[name] = expression;
            OnRollBack(() => conditions.Remove(name));
            AddSectionEntry("Conditions", name, expression, "condition", fixes);
        }
        else
        {
            Trace("Conditions", "Conditions", name, "condition", fixes);
        }

        return name;
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

    /// <summary>A name held by a parameter, resource, mapping or output of the input or the plan (not by a condition).</summary>
    private bool IsTakenByOther(string name) =>
        Template.Parameters.ContainsKey(name) || parameters.Any(p => p.Name == name) || resourceKeys.Contains(name) || FindPlanned(name) is not null
        || Template.Mappings?.Find(name) is not null || (Document.Root["Outputs"] as MappingNode)?.Find(name) is not null;

    /// <summary>A name held by a condition, mapping or output of the input (the sections beside Parameters and Resources).</summary>
    private bool TakenOutsideResources(string name) =>
        Template.Conditions?.Find(name) is not null || Template.Mappings?.Find(name) is not null || (Document.Root["Outputs"] as MappingNode)?.Find(name) is not null;

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

    /// <summary>An <c>Fn::Or</c> of conditions, nested by tens (Fn::Or takes 2 to 10).</summary>
    private static NewCall AnyOf(IReadOnlyList<string> conditions) =>
        conditions.Count <= 10
            ? Or([.. conditions.Select(c => (NewNode)Build.Condition(c))])
            : Or([.. conditions.Chunk(10).Select(chunk => chunk.Length == 1 ? Build.Condition(chunk[0]) : AnyOf(chunk))]);

    /// <summary>CloudFront distributions this plan sends to the access-log bucket, with their resource conditions.</summary>
    public List<(string Distribution, string? Condition)> CloudFrontLogSources { get; } = [];

    // ---- finishing ----

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

    /// <summary>Writes the new sections (in CloudFormation's order) and the new resources into the patch.</summary>
    public void Commit()
    {
        foreach (var section in SectionOrder.Where(newSections.ContainsKey))
        {
            Patch.Set(Document.Root, [section], newSections[section], SectionPlacement(section));
        }

        foreach (var planned in NewResources())
        {
            Patch.Set(ResourcesNode, [planned.Id], planned.Definition());
            foreach (var (key, value) in planned.Definition().Entries)
            {
                Trace(planned.Id, planned.Type, key, key == "Type" ? "new resource" : Describe(value), [.. planned.Fixes]);
            }
        }
    }

    public IReadOnlyList<PlannedChange> Changes() =>
        changes.Select(c => new PlannedChange(c.Key.Target, c.Value.Type, c.Key.Path, c.Key.Summary, c.Value.Fixes, FindPlanned(c.Key.Target) is { IsNew: true })).ToList();

    /// <summary>Where a missing top-level section goes: after the sections that precede it, else before those that follow.</summary>
    public Placement SectionPlacement(string section)
    {
        var rank = Array.IndexOf(SectionOrder, section);
        var keys = Document.Root.Entries.Select(e => e.Key.Value).ToList();
        var before = keys.LastOrDefault(k => Array.IndexOf(SectionOrder, k) is var r && r >= 0 && r < rank);
        if (before is not null)
        {
            return Placement.AfterKey(before);
        }

        var after = keys.FirstOrDefault(k => Array.IndexOf(SectionOrder, k) > rank);
        return after is null ? Placement.End : Placement.BeforeKey(after);
    }

    public static string Describe(NewNode value) => value switch
    {
        NewScalar s => s.Value,
        NewCall { Function: "Ref", Argument: NewScalar s } => "!Ref " + s.Value,
        NewCall { Function: "Fn::GetAtt", Argument: NewScalar s } => "!GetAtt " + s.Value,
        NewCall { Function: "Fn::Sub", Argument: NewScalar s } => "!Sub " + s.Value,
        NewCall call => "!" + call.Function.Replace("Fn::", "", StringComparison.Ordinal) + " ...",
        NewSequence seq => $"a list of {seq.Items.Count}",
        NewMapping map => "{" + string.Join(", ", map.Entries.Select(e => e.Key)) + "}",
        _ => "",
    };

    private static NewMapping Nest(IReadOnlyList<string> path, NewNode value)
    {
        var result = value;
        for (var i = path.Count - 1; i >= 0; i--)
        {
            result = Map((path[i], result));
        }

        return (NewMapping)result;
    }

    /// <summary>A section the input lacks, about to be changed; a failed fix restores it as it was.</summary>
    private NewMapping NewSection(string section)
    {
        if (!newSections.TryGetValue(section, out var mapping))
        {
            newSections[section] = mapping = new NewMapping();
            OnRollBack(() => newSections.Remove(section));
        }
        else if (transactions > 0)
        {
            var saved = (NewMapping)mapping.Clone();
            OnRollBack(() => newSections[section] = saved);
        }

        return newSections[section];
    }

    private void AddSectionEntry(string section, string name, NewNode value, string summary, FindingRef[] fixes)
    {
        if (Document.Root.Find(section) is { Value: MappingNode })
        {
            Edit(() => Patch.Set(Document.Root, [section, name], value));
        }
        else
        {
            NewSection(section).Set(name, value);
        }

        Trace(section, section, name, summary, fixes);
    }

    private void Trace(string target, string type, string path, string summary, FindingRef[] fixes)
    {
        if (!changes.TryGetValue((target, path, summary), out var change))
        {
            change = (type, [], []);
            changes[(target, path, summary)] = change;
            OnRollBack(() => changes.Remove((target, path, summary)));
        }

        var before = change.Fixes.Count;
        foreach (var fix in fixes.Where(change.Seen.Add))
        {
            change.Fixes.Add(fix);
        }

        if (change.Fixes.Count > before)
        {
            var traced = change;
            OnRollBack(() =>
            {
                foreach (var fix in traced.Fixes.Skip(before))
                {
                    traced.Seen.Remove(fix);
                }

                traced.Fixes.RemoveRange(before, traced.Fixes.Count - before);
            });
        }
    }

    /// <summary>
    /// Refuses to write into or over a value chosen by an intrinsic (<c>!If</c>, <c>!Ref</c> of a
    /// parameter...): that is the user's decision per case, which one fixed value would override.
    /// </summary>
    private static void Guard(ResourceDefinition resource, IReadOnlyList<string> path)
    {
        TemplateNode? node = resource.Node["Properties"];
        if (node is not null && Intrinsics.TryGetCall(node, out var top, out _))
        {
            throw new UnfixableException($"the Properties of {resource.LogicalId} are written with {top}: fix them by hand for every case");
        }

        for (var i = 0; i < path.Count && node is MappingNode map; i++)
        {
            node = map[path[i]];
            if (node is not null && Intrinsics.TryGetCall(node, out var function, out _))
            {
                throw new UnfixableException($"{string.Join('.', path.Take(i + 1))} is written with {function}: the tool does not override a value chosen by an intrinsic; set it by hand for every case");
            }
        }
    }

    private static void CheckCreateOnly(ResourceDefinition resource, IReadOnlyList<string> path) => CheckCreateOnly(resource.Type, path, resource.LogicalId);

    private static void CheckCreateOnly(string type, IReadOnlyList<string> path, string? logicalId = null)
    {
        if (CreateOnlyProperties.Touches(type, path) && !CreateOnlyProperties.IsReplacedWithoutLoss(type))
        {
            throw new EditConflictException(
                $"refusing to change {string.Join('.', path)} of {logicalId ?? type}: it is create-only for {type}, so CloudFormation would replace the resource");
        }
    }

    private readonly record struct Savepoint(int Edits, int Undo, int LogSources, int Declined, int Endpoints, int ServicesThroughNat, int Warnings);
}
