using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening.Fixes;

/// <summary>
/// docs/design/hardening.md, Lambda permissions (rule IC1009): a permission for an AWS service principal
/// without <c>SourceArn</c> or <c>SourceAccount</c> gets <c>SourceAccount: !Ref AWS::AccountId</c>, for the
/// services that put the account of the resource that invokes (the bucket's, the topic's, the rule's) in
/// the request, so that the condition holds for this account's resources and no other's. Other services
/// (API Gateway, load balancers...) are matched by <c>SourceArn</c> only, which names a resource the tool
/// cannot guess; a public <c>Principal: '*'</c> is a decision about who calls. Both are left with the change
/// to make by hand. <c>SourceAccount</c> is create-only: CloudFormation replaces the permission, which holds
/// no state, creating the new statement before it deletes the old.
/// </summary>
internal static class SourceAccountFix
{
    /// <summary>The service principals known to pass the invoking resource's account (aws:SourceAccount) when they call Lambda.</summary>
    private static readonly HashSet<string> PassSourceAccount = new(StringComparer.Ordinal)
    {
        "s3", "sns", "events", "logs", "ses", "cognito-idp", "iot", "secretsmanager", "config", "lambda.alarms.cloudwatch",
    };

    public static void Apply(PlanContext context)
    {
        var added = new List<string>();
        foreach (var finding in context.Failures(LambdaPermissionScoped.Info.Id))
        {
            var permission = context.Resource(finding.Resource);
            var principal = (ValuePath.Get(context.PropertiesOf(permission), "Principal") as ScalarValue)?.Text ?? "";
            if (principal == "*")
            {
                context.LeaveUnfixed(finding, "Principal '*' lets anyone invoke the function: replace it by the account or service that calls it, or add SourceArn, SourceAccount or PrincipalOrgID; if the function is public by design, suppress IC1009 on it with the reason");
                continue;
            }

            var service = Service(principal);
            if (!PassSourceAccount.Contains(service))
            {
                context.LeaveUnfixed(finding, $"{principal} is scoped by SourceArn, the ARN of the resource that invokes the function (for API Gateway: arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:<api-id>/*); add it by hand");
                continue;
            }

            var reference = PlanContext.Ref(finding);
            context.Fix(finding, () =>
            {
                context.SetProperty(permission, ["SourceAccount"], Ref("AWS::AccountId"), "SourceAccount: !Ref AWS::AccountId", reference);
                added.Add(permission.LogicalId);
            });
        }

        if (added.Count > 0)
        {
            context.Warn(
                WarningKind.DeployTime,
                $"SourceAccount: !Ref AWS::AccountId on {string.Join(", ", added)}: only this account's resources may invoke through them; if the bucket, topic or rule that invokes is in another account, set SourceAccount to that account. SourceAccount is create-only: CloudFormation replaces these permissions (no state, no downtime: the new statement exists before the old is deleted).");
        }
    }

    /// <summary>The service part of a principal: <c>s3</c> of <c>s3.amazonaws.com</c>, <c>lambda.alarms.cloudwatch</c> of <c>lambda.alarms.cloudwatch.amazonaws.com</c>.</summary>
    private static string Service(string principal)
    {
        foreach (var suffix in new[] { ".amazonaws.com.cn", ".amazonaws.com" })
        {
            if (principal.EndsWith(suffix, StringComparison.Ordinal))
            {
                return principal[..^suffix.Length];
            }
        }

        return principal;
    }
}
