using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_110. Fail: the actions of a known privilege-escalation method (Rhino Security Labs' list, as cloudsplaining has it) are all allowed on every resource.
public sealed class IamPrivilegeEscalation : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7006",
        Name = nameof(IamPrivilegeEscalation),
        Title = "IAM policies do not allow privilege escalation",
        Severity = Severity.High,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_110"],
        Rationale = "These combinations let a principal grant itself more than it was given (attach a policy to itself, pass an administrator role to new compute, rewrite a function that runs as another role).",
        Remediation = "Remove the actions of the method named in the finding, or limit them to the ARNs they are meant for (iam:PassRole to the one role, with iam:PassedToService).",
        ManualFix = "remove or scope (Resource, Condition) the actions of the escalation method named in the finding",
        PassCondition = "No privilege-escalation method of Checkov's (cloudsplaining's) list has all of its actions allowed on every resource in one document. A statement counts when it has `Effect: Allow`, `Resource: *` and no `Condition`, and no `Deny` statement of the same document names the action (cloudsplaining's \"without resource constraints\", which Checkov uses).",
        Deviations = "None.",
        CountLabel = "IAM policy allowing privilege escalation",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no privilege-escalation method is allowed";

    /// <summary>The actions of every method, each once (in the order the methods name them): the list is fixed, so it is built once.</summary>
    private static readonly string[] EscalationActions =
        [.. IamActionLists.PrivilegeEscalation.SelectMany(m => m.Actions).Distinct(StringComparer.OrdinalIgnoreCase)];

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        // Every method has an action, so none is allowed when no action is.
        var found = IamPolicies.AllowedUnconstrained(statements, EscalationActions);
        if (found.Count == 0)
        {
            return null;
        }

        var allowed = found.Select(a => a.Action).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var methods = IamActionLists.PrivilegeEscalation.Where(m => m.Actions.All(allowed.Contains)).ToList();
        if (methods.Count == 0)
        {
            return null;
        }

        var first = methods[0].Actions[0];
        var at = statements.First(s => s.Names(first)).ActionAt(a => IamPolicies.Covers(a, first));
        return ($"allows privilege escalation by {string.Join(", ", methods.Select(m => $"{m.Method} ({string.Join(" + ", m.Actions)})"))}", at);
    }
}
