using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_63. Fail: a statement allows Action '*' (every action of every service), whatever its resources.
public sealed class IamWildcardAction : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7002",
        Name = nameof(IamWildcardAction),
        Title = "IAM policies do not allow every action",
        Severity = Severity.High,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_63"],
        Rationale = "Action '*' allows every present and future action of every service on the statement's resources, including deleting them and changing who may use them.",
        Remediation = "List the actions the principal calls (for example dynamodb:GetItem, dynamodb:PutItem for a table it reads and writes).",
        ManualFix = "replace Action '*' by the actions the principal calls on the statement's resources",
        PassCondition = "No statement of the resource's own policy documents has `Effect: Allow` and an `Action` of `*` (read as in IC7001).",
        Deviations = "Every statement is checked; Checkov stops at the first statement of each document. Managed policies and SAM inline statements are covered too.",
        CountLabel = "IAM policy that allows every action",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no statement allows Action '*'";

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        // By index: a foreach through the interface would allocate an enumerator per document and rule.
        for (var s = 0; s < statements.Count; s++)
        {
            var statement = statements[s];
            if (statement.Allow && statement.Lists("*"))
            {
                return ("a statement allows Action '*': every action of every service", statement.ActionAt(a => a == "*"));
            }
        }

        return null;
    }
}
