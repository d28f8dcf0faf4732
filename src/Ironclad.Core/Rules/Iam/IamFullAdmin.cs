using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_62, Security Hub IAM.1. Fail: a statement allows Action '*' on Resource '*' (full administrator).
public sealed class IamFullAdmin : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7001",
        Name = nameof(IamFullAdmin),
        Title = "IAM policies do not grant full administrator access",
        Severity = Severity.High,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_62"],
        SecurityHubIds = ["IAM.1"],
        CfnNagIds = ["F4"],
        Rationale = "A statement that allows every action on every resource makes its holder an administrator of the account: one leaked credential or one injected request is the whole account.",
        Remediation = "Replace the statement by the actions the principal calls, on the resources it calls them on (the ARNs of the template's tables, buckets, queues...).",
        ManualFix = "replace Action '*' on Resource '*' by the actions the principal calls, on the resources it uses",
        PassCondition = "No statement of the resource's own policy documents (after intrinsics) has `Effect: Allow`, an `Action` of `*` and a `Resource` of `*`. Roles, users and groups (`Policies`), `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, and SAM functions and state machines (inline `Statement` documents in `Policies`) are read.",
        Deviations = "`AWS::IAM::ManagedPolicy` and the inline statements of SAM functions and state machines are covered too; Checkov reads only policies, roles, users and groups.",
        CountLabel = "IAM policy with full administrator access",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no statement allows '*' on '*'";

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        // By index: a foreach through the interface would allocate an enumerator per document and rule.
        for (var s = 0; s < statements.Count; s++)
        {
            var statement = statements[s];
            if (statement.Allow && statement.ResourceWildcard && statement.Lists("*"))
            {
                return ("a statement allows Action '*' on Resource '*': full administrator access", statement.ActionAt(a => a == "*"));
            }
        }

        return null;
    }
}
