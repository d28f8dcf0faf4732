using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// CKV_AWS_364, Security Hub Lambda.1. Fail: Principal '*' without SourceArn, SourceAccount or PrincipalOrgID (public),
// or an AWS service principal without SourceArn or SourceAccount (confused deputy: another account's resource of that
// service could invoke the function). Pass: otherwise. Not applicable: an account or role principal.
public sealed class LambdaPermissionScoped : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1009",
        Name = nameof(LambdaPermissionScoped),
        Title = "Lambda permissions are not public and bind service principals to a source",
        Severity = Severity.High,
        ResourceTypes = ["AWS::Lambda::Permission"],
        CheckovIds = ["CKV_AWS_364"],
        SecurityHubIds = ["Lambda.1"],
        Rationale = "A permission for a service principal such as s3.amazonaws.com without SourceArn or SourceAccount lets that service invoke the function on behalf of any account's resource (the confused deputy); Principal '*' without a condition lets anyone invoke it.",
        Remediation = "Add SourceArn, the ARN of the one resource that invokes the function (topic, rule, user pool, API), to service-principal permissions, or SourceAccount: !Ref AWS::AccountId for the services documented to pass the source account (S3, SES, CloudWatch Logs, Config, IoT, alarm actions); replace Principal '*' by the account or service that needs it.",
        ManualFix = "add SourceArn of the invoking resource (or SourceAccount for S3, SES, CloudWatch Logs, Config, IoT and alarm actions); replace Principal '*' by the caller that needs it",
        PassCondition = "`Principal` is an AWS service (`*.amazonaws.com`) and `SourceArn` or `SourceAccount` is set; or `Principal` is `*` and `SourceArn`, `SourceAccount` or `PrincipalOrgID` is set. An account, ARN or other principal is not applicable.",
        Deviations = "Public permissions (`Principal: '*'`) are judged too, as Security Hub Lambda.1 does; Checkov's check covers service principals only. `*.amazonaws.com.cn` service principals count as services.",
        CountLabel = "Lambda permission without a source condition",
        Noun = "permissions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var principal = context.Get("Principal");
        if (principal is UnknownValue)
        {
            return Verdict.Unknown($"Principal is {ValueChecks.Describe(principal)}", principal.Origin);
        }

        if (principal is not ScalarValue { IsEmpty: false } text)
        {
            return Verdict.NotApplicable("the permission names no principal");
        }

        // Either condition scopes the permission: the best of the two decides.
        var scopes = new[] { Scope(context, "SourceArn"), Scope(context, "SourceAccount") };
        var scoped = scopes.FirstOrDefault(v => v.Status == ResultStatus.Pass, scopes.FirstOrDefault(v => v.Status == ResultStatus.Unknown, scopes[0]));
        if (text.Text == "*")
        {
            var org = ValueChecks.PresenceOf(context.Get("PrincipalOrgID"));
            return scoped.Status == ResultStatus.Pass || org == Presence.Present
                ? Verdict.Pass("Principal '*' is limited by a source or organization condition")
                : Verdict.Fail("Principal is '*' with no SourceArn, SourceAccount or PrincipalOrgID: anyone can invoke the function", principal.Origin);
        }

        if (!IsService(text.Text))
        {
            return Verdict.NotApplicable($"{text.Text} is not a service principal");
        }

        return scoped.Status switch
        {
            ResultStatus.Pass => Verdict.Pass($"the {text.Text} permission is limited by {scoped.Message}"),
            ResultStatus.Unknown => scoped,
            _ => Verdict.Fail($"the {text.Text} permission has no SourceArn or SourceAccount: any account's {text.Text.Split('.')[0]} resource can invoke the function", principal.Origin),
        };
    }

    private static Verdict Scope(ResourceContext context, string property)
    {
        var value = context.Get(property);
        return ValueChecks.PresenceOf(value) switch
        {
            Presence.Present => Verdict.Pass(property),
            Presence.Unknown => Verdict.Unknown($"{property} is {ValueChecks.Describe(value)}", value?.Origin),
            _ => Verdict.Fail($"{property} is not set"),
        };
    }

    private static bool IsService(string principal) =>
        principal.EndsWith(".amazonaws.com", StringComparison.Ordinal) || principal.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal);
}
