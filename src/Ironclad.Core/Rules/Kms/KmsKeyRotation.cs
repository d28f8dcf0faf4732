using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Kms;

// docs/design/rules.md, Queues, keys and logs, CKV_AWS_7. Pass: EnableKeyRotation is true. Fail: false or absent. Not applicable: keys AWS
// cannot rotate automatically (asymmetric and HMAC key specs, imported key material, custom key stores).
// Unknown: the flag, or whether the key can rotate, known only at deployment.
public sealed class KmsKeyRotation : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC4002",
        Name = nameof(KmsKeyRotation),
        Title = "KMS keys rotate their key material automatically",
        Severity = Severity.Medium,
        ResourceTypes = ["AWS::KMS::Key"],
        CheckovIds = ["CKV_AWS_7"],
        ConfigIdentifier = "CMK_BACKING_KEY_ROTATION_ENABLED",
        ConfigRuleName = "cmk-backing-key-rotation-enabled",
        CfnNagIds = ["F19"],
        SecurityHubIds = ["KMS.4"],
        Rationale = "Rotation limits how much data one version of the key material protects and how long a leaked copy stays useful; for symmetric keys KMS does it transparently, keeping old versions to decrypt old data.",
        Remediation = "Set EnableKeyRotation: true (optionally RotationPeriodInDays).",
        PassCondition = "`EnableKeyRotation` is true. Not applicable to keys that AWS cannot rotate automatically: a `KeySpec` other than `SYMMETRIC_DEFAULT` (asymmetric and HMAC keys), and an `Origin` of `EXTERNAL` (imported key material), `AWS_CLOUDHSM` or `EXTERNAL_KEY_STORE` (custom key stores).",
        Deviations = "HMAC keys, imported key material and custom key stores are not applicable; Checkov fails them, though AWS rejects rotation for them.",
        CountLabel = "KMS key without automatic rotation",
        Noun = "keys",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var spec = context.Get("KeySpec");
        if (spec is ScalarValue { IsEmpty: false, Text: not "SYMMETRIC_DEFAULT" } s)
        {
            return Verdict.NotApplicable($"a {s.Text} key cannot rotate automatically");
        }

        var origin = context.Get("Origin");
        if (origin is ScalarValue { Text: "EXTERNAL" or "AWS_CLOUDHSM" or "EXTERNAL_KEY_STORE" } o)
        {
            return Verdict.NotApplicable($"a key with Origin {o.Text} cannot rotate automatically");
        }

        var rotation = ValueChecks.RequireTrue(context.Properties, ["EnableKeyRotation"], ": the key material is never rotated");
        var (name, undecided) = spec is UnknownValue ? ("KeySpec", spec) : ("Origin", origin as UnknownValue);
        return rotation.Status == ResultStatus.Fail && undecided is not null
            ? Verdict.Unknown($"EnableKeyRotation is not true, and whether the key can rotate is unknown: {name} is {ValueChecks.Describe(undecided)}", undecided.Origin)
            : rotation;
    }
}
