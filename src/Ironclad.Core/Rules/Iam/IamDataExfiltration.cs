using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_108. Fail: s3:GetObject, ssm:GetParameter(s/ByPath) or secretsmanager:GetSecretValue is allowed on every resource.
public sealed class IamDataExfiltration : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7004",
        Name = nameof(IamDataExfiltration),
        Title = "IAM policies do not allow data exfiltration actions without constraints",
        Severity = Severity.Medium,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_108"],
        Rationale = "Reading every object, parameter or secret of the account is how data leaves it: a compromised function with these actions on '*' can read far more than its own data.",
        Remediation = "Name the buckets (arn:aws:s3:::bucket/*), parameters or secrets the principal reads in Resource.",
        ManualFix = "limit the read actions named in the finding to the ARNs of the data the principal reads",
        PassCondition = "None of `s3:GetObject`, `ssm:GetParameter`, `ssm:GetParameters`, `ssm:GetParametersByPath`, `secretsmanager:GetSecretValue` is allowed on every resource. A statement counts when it has `Effect: Allow`, `Resource: *` and no `Condition`, and no `Deny` statement of the same document names the action (cloudsplaining's \"without resource constraints\", which Checkov uses).",
        Deviations = "None.",
        CountLabel = "IAM policy allowing data exfiltration without constraints",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no data-exfiltration action is allowed on every resource";

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        var found = IamPolicies.AllowedUnconstrained(statements, IamActionLists.DataExfiltration);
        return found.Count == 0
            ? null
            : ($"{string.Join(", ", found.Select(f => f.Action))} can read data and are allowed on every resource", found[0].Statement.ActionAt(a => IamPolicies.Covers(a, found[0].Action)));
    }
}
