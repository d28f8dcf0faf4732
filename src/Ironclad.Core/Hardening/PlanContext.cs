using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// The state of one planning run, and the one surface the fixes write through. It composes the parts
/// of the plan: the scan's findings (<see cref="FindingIndex"/>), the names and new resources,
/// parameters and conditions (<see cref="ResourceRegistry"/>), the guarded editor with the trace from
/// every change to the findings it fixes (<see cref="PlanEditor"/>), and what the report says besides
/// the changes (<see cref="PlanOutcome"/>); and it runs each fix as a transaction over all of them.
/// </summary>
internal sealed class PlanContext
{
    private readonly PlanJournal journal = new();
    private readonly FindingIndex findings;
    private readonly ResourceRegistry registry;
    private readonly PlanEditor editor;
    private readonly PlanOutcome outcome;

    /// <param name="facts">The scan's facts, with the properties it evaluated (of this template, with the options' parameters).</param>
    public PlanContext(CfnTemplate template, HardeningOptions options, IReadOnlyList<ScanResult> results, TemplateFacts facts)
    {
        Template = template;
        Options = options;
        Evaluator = facts.Evaluator;
        Facts = facts;
        editor = new PlanEditor(template.Document, journal);
        registry = new ResourceRegistry(template, editor, journal);
        outcome = new PlanOutcome(editor);
        findings = new FindingIndex(results, registry.FindResource);
        foreach (var (finding, reason) in findings.Unfixable)
        {
            outcome.LeaveUnfixed(finding, reason);
        }
    }

    public CfnTemplate Template { get; }

    public TemplateDocument Document => Template.Document;

    public HardeningOptions Options { get; }

    public IReadOnlyList<ScanResult> Results => findings.Results;

    public TemplatePatch Patch => editor.Patch;

    public Evaluator Evaluator { get; }

    public TemplateFacts Facts { get; }

    public string Prefix => Options.Prefix ?? "${AWS::StackName}";

    public List<DeclinedFix> Declined => outcome.Declined;

    public IReadOnlyList<UnfixedFinding> Unfixed => outcome.Unfixed;

    public List<PlanWarning> Warnings => outcome.Warnings;

    public List<EndpointChoice> Endpoints => outcome.Endpoints;

    public List<string> ServicesThroughNat => outcome.ServicesThroughNat;

    public IReadOnlyList<AddedParameter> AddedParameters => registry.AddedParameters;

    // ---- findings (FindingIndex) ----

    public static FindingRef Ref(ScanResult result) => FindingIndex.Ref(result);

    /// <inheritdoc cref="FindingIndex.RefOf"/>
    public FindingRef RefOf(ScanResult result) => findings.RefOf(result);

    public IEnumerable<ScanResult> Failures(string ruleId) => findings.Failures(ruleId);

    public ScanResult? Result(string ruleId, string resource) => findings.Result(ruleId, resource);

    /// <summary>The resource's effective properties, evaluated (Globals merged for SAM resources).</summary>
    public MapValue? PropertiesOf(ResourceDefinition resource) => Facts.PropertiesOf(resource.LogicalId);

    // ---- names, new resources, parameters and conditions (ResourceRegistry) ----

    public ResourceDefinition Resource(string logicalId) => registry.Resource(logicalId);

    /// <inheritdoc cref="ResourceRegistry.FindResource"/>
    public ResourceDefinition? FindResource(string logicalId) => registry.FindResource(logicalId);

    /// <inheritdoc cref="ResourceRegistry.LogicalId"/>
    public string LogicalId(string preferred, string type, Func<ResourceDefinition, bool>? accept = null) => registry.LogicalId(preferred, type, accept);

    /// <inheritdoc cref="ResourceRegistry.Seen"/>
    public HashSet<string> Seen(string scope) => registry.Seen(scope);

    /// <summary>The planned resource for a preferred ID and type: created once, reused by every later caller.</summary>
    public PlannedResource Resource(string preferred, string type, ResourceGroup group, params FindingRef[] fixes) => registry.Resource(preferred, type, group, null, fixes);

    /// <inheritdoc cref="ResourceRegistry.Resource(string, string, ResourceGroup, Func{ResourceDefinition, bool}?, FindingRef[])"/>
    public PlannedResource Resource(string preferred, string type, ResourceGroup group, Func<ResourceDefinition, bool>? accept, params FindingRef[] fixes) => registry.Resource(preferred, type, group, accept, fixes);

    public PlannedResource? FindPlanned(string id) => registry.FindPlanned(id);

    /// <inheritdoc cref="ResourceRegistry.NewResources"/>
    public IReadOnlyList<PlannedResource> NewResources() => registry.NewResources();

    /// <inheritdoc cref="ResourceRegistry.Stage"/>
    public string Stage(params FindingRef[] fixes) => registry.Stage(fixes);

    /// <inheritdoc cref="ResourceRegistry.StageIfAny"/>
    public string? StageIfAny() => registry.StageIfAny();

    /// <inheritdoc cref="ResourceRegistry.ParameterName"/>
    public string ParameterName(string preferred) => registry.ParameterName(preferred);

    /// <inheritdoc cref="ResourceRegistry.Parameter"/>
    public string Parameter(FindingRef[] fixes, string preferred, string type, string? defaultValue, string description, Action<NewMapping>? extra = null) =>
        registry.Parameter(fixes, preferred, type, defaultValue, description, extra);

    /// <inheritdoc cref="ResourceRegistry.Condition"/>
    public string Condition(FindingRef[] fixes, string preferred, NewNode expression) => registry.Condition(fixes, preferred, expression);

    /// <inheritdoc cref="ResourceRegistry.ConditionServing"/>
    public string? ConditionServing(string name, IEnumerable<string?> served, params FindingRef[] fixes) => registry.ConditionServing(name, served, fixes);

    // ---- transactions ----

    /// <summary>Runs the fix of one finding; a finding it cannot fix is left, with the reason, in the report.</summary>
    public void Fix(ScanResult finding, Action fix) => Fix([RefOf(finding)], fix);

    /// <summary>Runs a fix that serves several findings; if it cannot be made, each is left with the reason.</summary>
    /// <remarks>
    /// Each fix is a transaction: when it declines halfway, its edits of the template and what it added
    /// to the plan (new resources, parameters, conditions, sections, the trace to its findings,
    /// endpoints, warnings) are undone, so nothing is left behind traced to a finding reported
    /// unfixed. A fix run inside another is a savepoint of the outer one. Edits are applied at once (so
    /// a conflict surfaces where it arises) and logged; undoing them replays the log up to the savepoint
    /// onto a fresh patch, which is rare (most declines come before the first edit). Not journaled:
    /// properties a fix sets directly on a resource planned before it began, and what a step hands on
    /// to later steps (Fixes/StepResults.cs: a fix adds to those only once it has succeeded).
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
        var savepoint = new Savepoint(editor.EditCount, outcome.Save());
        var undo = journal.Begin();
        try
        {
            step();
            return null;
        }
        catch (UnfixableException ex)
        {
            RollBack(savepoint, undo);
            return ex.Message;
        }
        catch (EditConflictException ex)
        {
            RollBack(savepoint, undo);
            return "could not be edited safely: " + ex.Message;
        }
        finally
        {
            journal.End();
        }
    }

    /// <summary>Undoes what a failed step added since <paramref name="savepoint"/>, newest first.</summary>
    private void RollBack(Savepoint savepoint, int undo)
    {
        editor.RollBackTo(savepoint.Edits);
        journal.RollBack(undo);
        outcome.RollBack(savepoint.Outcome);
    }

    // ---- edits (PlanEditor) ----

    public void SetProperty(ResourceDefinition resource, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes) =>
        editor.SetProperty(resource, path, value, summary, fixes);

    public void AppendProperty(ResourceDefinition resource, IReadOnlyList<string> path, NewNode item, string summary, params FindingRef[] fixes) =>
        editor.AppendProperty(resource, path, item, summary, fixes);

    /// <inheritdoc cref="PlanEditor.SetIn"/>
    public void SetIn(ResourceDefinition resource, string tracePath, MappingNode node, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes) =>
        editor.SetIn(resource, tracePath, node, path, value, summary, fixes);

    /// <inheritdoc cref="PlanEditor.AppendIn"/>
    public void AppendIn(ResourceDefinition resource, string tracePath, SequenceNode node, NewNode item, string summary, params FindingRef[] fixes) =>
        editor.AppendIn(resource, tracePath, node, item, summary, fixes);

    /// <inheritdoc cref="PlanEditor.ReplaceIn"/>
    public void ReplaceIn(ResourceDefinition resource, string tracePath, TemplateNode node, NewNode value, string summary, params FindingRef[] fixes) =>
        editor.ReplaceIn(resource, tracePath, node, value, summary, fixes);

    /// <inheritdoc cref="PlanEditor.ReplaceType"/>
    public void ReplaceType(ResourceDefinition resource, string type, string summary, params FindingRef[] fixes) => editor.ReplaceType(resource, type, summary, fixes);

    /// <inheritdoc cref="PlanEditor.SetAttribute"/>
    public void SetAttribute(ResourceDefinition resource, IReadOnlyList<string> path, NewNode value, string summary, params FindingRef[] fixes) =>
        editor.SetAttribute(resource, path, value, summary, fixes);

    /// <inheritdoc cref="PlanEditor.AppendAttribute"/>
    public void AppendAttribute(ResourceDefinition resource, IReadOnlyList<string> path, NewNode item, string summary, params FindingRef[] fixes) =>
        editor.AppendAttribute(resource, path, item, summary, fixes);

    public void SetGlobal(string section, IReadOnlyList<string> path, NewNode value, string summary, IReadOnlyList<FindingRef> fixes) =>
        editor.SetGlobal(section, path, value, summary, fixes);

    public static string Describe(NewNode value) => PlanEditor.Describe(value);

    // ---- outcome (PlanOutcome) ----

    /// <inheritdoc cref="PlanOutcome.Decline"/>
    public void Decline(ResourceDefinition resource, FindingRef finding, string reason, string recommendation) => outcome.Decline(resource, finding, reason, recommendation);

    public void Warn(WarningKind kind, string message) => outcome.Warn(kind, message);

    public void LeaveUnfixed(ScanResult finding, string reason) => outcome.LeaveUnfixed(finding, reason);

    public void LeaveUnfixed(FindingRef finding, string reason) => outcome.LeaveUnfixed(finding, reason);

    // ---- finishing ----

    /// <summary>Writes the new sections (in CloudFormation's order) and the new resources into the patch.</summary>
    public void Commit() => editor.Commit(registry.NewResources());

    public IReadOnlyList<PlannedChange> Changes() => editor.Changes(target => FindPlanned(target) is { IsNew: true });

    private readonly record struct Savepoint(int Edits, PlanOutcome.Mark Outcome);
}
