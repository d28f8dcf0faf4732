using Ironclad.Core.Data;
using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>
/// The plan's guarded editor: every edit of the template goes through here, is checked (no write into a
/// value chosen by an intrinsic, no change of a create-only property), applied to the patch at once (so
/// a conflict surfaces where it arises), logged (so a failed fix's edits can be undone) and traced to
/// the findings it answers.
/// </summary>
internal sealed class PlanEditor
{
    private static readonly string[] SectionOrder =
        ["AWSTemplateFormatVersion", "Transform", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Globals", "Resources", "Outputs"];

    private readonly TemplateDocument document;
    private readonly PlanJournal journal;
    private readonly Dictionary<(string Target, string Path, string Summary), TracedChange> changes = [];

    /// <summary>Top-level sections the input lacks, written at the end in CloudFormation's order.</summary>
    private readonly Dictionary<string, NewMapping> newSections = new(StringComparer.Ordinal);

    /// <summary>Every edit applied to <see cref="Patch"/>, in order: replayed to undo the edits of a failed fix.</summary>
    private readonly List<AppliedEdit> applied = [];

    public PlanEditor(TemplateDocument document, PlanJournal journal)
    {
        this.document = document;
        this.journal = journal;
        Patch = new TemplatePatch(document);
    }

    public TemplatePatch Patch { get; private set; }

    /// <summary>How many edits have been applied: the savepoint of a fix.</summary>
    public int EditCount => applied.Count;

    /// <summary>Undoes the edits applied since <paramref name="count"/>: replays the others onto a fresh patch (rare: most declines come before the first edit).</summary>
    public void RollBackTo(int count)
    {
        if (applied.Count > count)
        {
            applied.RemoveRange(count, applied.Count - count);
            Patch = new TemplatePatch(document);
            foreach (var edit in applied)
            {
                edit.ApplyTo(Patch);
            }
        }
    }

    public void SetProperty(ResourceDefinition resource, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, path);
        Guard(resource, path);
        Edit(AppliedEdit.Set(resource.Node, ["Properties", .. path], value, Placement.End));
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
        Edit(AppliedEdit.Append(resource.Node, ["Properties", .. path], item, Placement.End));
        Trace(resource.LogicalId, resource.Type, "Properties." + string.Join('.', path), summary, fixes);
    }

    /// <summary>Sets a value below an existing mapping inside a resource (a replica, an origin); <paramref name="tracePath"/> names that mapping.</summary>
    public void SetIn(ResourceDefinition resource, string tracePath, MappingNode node, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes)
    {
        var full = tracePath + "." + string.Join('.', path);
        CheckCreateOnly(resource, PropertyNames(full));
        Edit(AppliedEdit.Set(node, path, value, Placement.End));
        Trace(resource.LogicalId, resource.Type, full, summary, fixes);
    }

    /// <summary>Appends to an existing sequence inside a resource; <paramref name="tracePath"/> names it.</summary>
    public void AppendIn(ResourceDefinition resource, string tracePath, SequenceNode node, NewNode item, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, PropertyNames(tracePath));
        Edit(AppliedEdit.AppendItem(node, item));
        Trace(resource.LogicalId, resource.Type, tracePath, summary, fixes);
    }

    /// <summary>Replaces an existing value inside a resource; <paramref name="tracePath"/> names it.</summary>
    public void ReplaceIn(ResourceDefinition resource, string tracePath, TemplateNode node, NewNode value, string summary, params FindingRef[] fixes)
    {
        CheckCreateOnly(resource, PropertyNames(tracePath));
        Edit(AppliedEdit.Replace(node, value));
        Trace(resource.LogicalId, resource.Type, tracePath, summary, fixes);
    }

    /// <summary>
    /// Changes a resource's type: only for the explicit conversion of a SimpleTable, which the caller
    /// warns about. The create-only check does not apply: the conversion is the replacement risk.
    /// </summary>
    public void ReplaceType(ResourceDefinition resource, string type, string summary, params FindingRef[] fixes)
    {
        Edit(AppliedEdit.Replace(resource.Node["Type"]!, Str(type)));
        Trace(resource.LogicalId, resource.Type, "Type", summary, fixes);
    }

    /// <summary>Sets a resource attribute (<c>DeletionPolicy</c>, <c>Metadata</c>...), placed after <c>Type</c> when new.</summary>
    public void SetAttribute(ResourceDefinition resource, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes)
    {
        Edit(AppliedEdit.Set(resource.Node, path, value, Placement.AfterKey("Type")));
        Trace(resource.LogicalId, resource.Type, string.Join('.', path), summary, fixes);
    }

    /// <summary>Appends to a list-valued resource attribute (<c>DependsOn</c>, <c>Metadata.ironclad.suppress</c>), created after <c>Type</c> when absent; a single value becomes a list.</summary>
    public void AppendAttribute(ResourceDefinition resource, IReadOnlyList<string> path, NewNode item, string summary, params FindingRef[] fixes)
    {
        Edit(AppliedEdit.Append(resource.Node, path, item, Placement.AfterKey("Type")));
        Trace(resource.LogicalId, resource.Type, string.Join('.', path), summary, fixes);
    }

    public void SetGlobal(string section, IReadOnlyList<string> path, NewNode value, string summary, IReadOnlyList<FindingRef> fixes)
    {
        CheckCreateOnly("AWS::Serverless::" + section, path);
        if (document.Root.Find("Globals") is { Value: MappingNode })
        {
            Edit(AppliedEdit.Set(document.Root, ["Globals", section, .. path], value, Placement.End));
        }
        else
        {
            NewSection("Globals").Merge(Nest([section, .. path], value));
        }

        Trace("Globals." + section, "Globals", string.Join('.', path), summary, fixes);
    }

    /// <summary>Adds an entry to a top-level section (<c>Parameters</c>, <c>Conditions</c>), creating the section when the input lacks it.</summary>
    public void AddSectionEntry(string section, string name, NewNode value, string summary, FindingRef[] fixes)
    {
        if (document.Root.Find(section) is { Value: MappingNode })
        {
            Edit(AppliedEdit.Set(document.Root, [section, name], value, Placement.End));
        }
        else
        {
            NewSection(section).Set(name, value);
        }

        Trace(section, section, name, summary, fixes);
    }

    /// <summary>Records that a change answers <paramref name="fixes"/>; the same change traced again adds the findings it did not have.</summary>
    public void Trace(string target, string type, string path, string summary, IReadOnlyList<FindingRef> fixes)
    {
        var (change, isNew) = TracedChangeFor(target, type, path, summary, fixes.Count);
        AddFixes(change, isNew, fixes);
    }

    private void AddFixes(TracedChange change, bool isNew, IReadOnlyList<FindingRef> fixes)
    {
        var before = change.Add(fixes);

        // A change made in the fix under way is forgotten whole if it fails: its findings need no undo of their own.
        if (change.Fixes.Count > before && journal.InTransaction && !isNew)
        {
            ForgetFixesOnRollBack(change, before);
        }
    }

    /// <summary>The change traced as (<paramref name="target"/>, <paramref name="path"/>, <paramref name="summary"/>), made if new (and then forgotten if the fix under way fails).</summary>
    private (TracedChange Change, bool IsNew) TracedChangeFor(string target, string type, string path, string summary, int capacity)
    {
        var key = (target, path, summary);
        if (changes.TryGetValue(key, out var change))
        {
            return (change, false);
        }

        change = new TracedChange(type, capacity);
        changes[key] = change;
        if (journal.InTransaction)
        {
            ForgetOnRollBack(key);
        }

        return (change, true);
    }

    // The undo steps of a trace live in methods of their own: a lambda in Trace would allocate its captures at every
    // call, and most traces (the commit's, thousands in a large plan) are made outside any fix and need no undo.
    private void ForgetOnRollBack((string Target, string Path, string Summary) key) => journal.OnRollBack(() => changes.Remove(key));

    private void ForgetFixesOnRollBack(TracedChange change, int from) => journal.OnRollBack(() => change.RemoveFrom(from));

    /// <summary>Writes the new sections (in CloudFormation's order) and the new resources into the patch.</summary>
    public void Commit(IReadOnlyList<PlannedResource> newResources)
    {
        foreach (var section in SectionOrder.Where(newSections.ContainsKey))
        {
            Patch.Set(document.Root, [section], newSections[section], SectionPlacement(section));
        }

        var resourcesNode = (MappingNode)document.Root["Resources"]!;
        var definitions = new NewMapping[newResources.Count];
        var traces = 0;
        for (var i = 0; i < definitions.Length; i++)
        {
            definitions[i] = newResources[i].Definition();
            traces += definitions[i].Count;
        }

        // Sized once for every key of every new resource: thousands of traces, which grew the table step by step.
        changes.EnsureCapacity(changes.Count + traces);
        for (var i = 0; i < definitions.Length; i++)
        {
            // The definition is built once and handed over: nothing changes a resource after the plan commits it.
            var planned = newResources[i];
            var definition = definitions[i];
            Patch.SetOwned(resourcesNode, planned.Id, definition);
            for (var e = 0; e < definition.Entries.Count; e++)
            {
                var (key, value) = definition.Entries[e];
                TraceCommitted(planned, key, key == "Type" ? "new resource" : Describe(value));
            }
        }
    }

    /// <summary>
    /// Traces a key of a committed new resource to the resource's findings. Nothing adds to a resource once it is
    /// committed, so each of its keys shares the resource's list (<see cref="FindingList.Adopt"/>) instead of a copy.
    /// </summary>
    private void TraceCommitted(PlannedResource planned, string key, string summary)
    {
        var (change, isNew) = TracedChangeFor(planned.Id, planned.Type, key, summary, planned.Fixes.Count);
        if (isNew)
        {
            change.Adopt(planned.Fixes);
        }
        else
        {
            AddFixes(change, isNew: false, planned.Fixes);
        }
    }

    /// <summary>Every change traced, in the order first made.</summary>
    /// <param name="isNewResource">Whether a target is a resource the plan adds.</param>
    public IReadOnlyList<PlannedChange> Changes(Func<string, bool> isNewResource) =>
        changes.Select(c => new PlannedChange(c.Key.Target, c.Value.Type, c.Key.Path, c.Key.Summary, c.Value.Fixes, isNewResource(c.Key.Target))).ToList();

    public static string Describe(NewNode value) => value switch
    {
        NewScalar s => s.Value,
        NewCall { Function: "Ref", Argument: NewScalar s } => "!Ref " + s.Value,
        NewCall { Function: "Fn::GetAtt", Argument: NewScalar s } => "!GetAtt " + s.Value,
        NewCall { Function: "Fn::Sub", Argument: NewScalar s } => "!Sub " + s.Value,
        NewCall call => "!" + call.Function.Replace("Fn::", "", StringComparison.Ordinal) + " ...",
        NewSequence seq => $"a list of {seq.Items.Count}",
        NewMapping map => Keys(map),
        _ => "",
    };

    /// <summary><c>{A, B}</c>: a mapping's keys, written straight into the string (the commit describes every key of thousands of new resources).</summary>
    private static string Keys(NewMapping map)
    {
        var length = 2;
        for (var i = 0; i < map.Count; i++)
        {
            length += map.Entries[i].Key.Length + (i > 0 ? 2 : 0);
        }

        return string.Create(length, map, static (span, map) =>
        {
            span[0] = '{';
            var at = 1;
            for (var i = 0; i < map.Count; i++)
            {
                if (i > 0)
                {
                    span[at++] = ',';
                    span[at++] = ' ';
                }

                var key = map.Entries[i].Key;
                key.CopyTo(span[at..]);
                at += key.Length;
            }

            span[at] = '}';
        });
    }

    /// <summary>The property names of a trace path (<c>Properties.Replicas[0].SSESpecification</c> gives Replicas, SSESpecification).</summary>
    private static List<string> PropertyNames(string tracePath) =>
        tracePath.Split('.').Select(p => p.Split('[')[0]).Where(p => p.Length > 0).Skip(tracePath.StartsWith("Properties", StringComparison.Ordinal) ? 1 : 0).ToList();

    /// <summary>Where a missing top-level section goes: after the sections that precede it, else before those that follow.</summary>
    private Placement SectionPlacement(string section)
    {
        var rank = Array.IndexOf(SectionOrder, section);
        var keys = document.Root.Entries.Select(e => e.Key.Value).ToList();
        var before = keys.LastOrDefault(k => Array.IndexOf(SectionOrder, k) is var r && r >= 0 && r < rank);
        if (before is not null)
        {
            return Placement.AfterKey(before);
        }

        var after = keys.FirstOrDefault(k => Array.IndexOf(SectionOrder, k) > rank);
        return after is null ? Placement.End : Placement.BeforeKey(after);
    }

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
            journal.OnRollBack(() => newSections.Remove(section));
        }
        else if (journal.InTransaction)
        {
            var saved = (NewMapping)mapping.Clone();
            journal.OnRollBack(() => newSections[section] = saved);
        }

        return newSections[section];
    }

    /// <summary>An edit of the template, applied now and logged so that a failed fix's edits can be undone.</summary>
    private void Edit(AppliedEdit edit)
    {
        edit.ApplyTo(Patch);
        applied.Add(edit);
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
}
