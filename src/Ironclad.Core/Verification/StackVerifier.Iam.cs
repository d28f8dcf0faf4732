using System.Text;
using System.Text.Json;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Iam;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Verification;

// The live counterparts of the IAM rules (IC7001-IC7007): the inline policies of the roles a stack owns and the
// default version of the managed policies it created, judged by the scan rules themselves. The documents are read
// live and handed to each rule as the policies of a role, so the statement analysis, the action lists and the
// messages are the scan's; docs/design/verify.md says what is read and what is not.
public sealed partial class StackVerifier
{
    private static readonly IReadOnlyList<Rule> IamRules = [.. RuleCatalog.All.Where(r => r is IamRule)];

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> RoleChecks(LiveState live, StackResource resource) =>
        [.. IamRules.Select(rule => (rule.Descriptor, (Func<Task<LiveVerdict?>>)(async () =>
            JudgePolicies(rule, await live.RoleInlinePolicies(resource.PhysicalId!).ConfigureAwait(false)))))];

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> ManagedPolicyChecks(LiveState live, StackResource resource) =>
        [.. IamRules.Select(rule => (rule.Descriptor, (Func<Task<LiveVerdict?>>)(async () =>
            JudgePolicies(rule, [new NamedPolicy(PolicyName(resource.PhysicalId!), await live.ManagedPolicy(resource.PhysicalId!).ConfigureAwait(false))]))))];

    /// <summary>
    /// One IAM rule's verdict on live policy documents: they become the <c>Policies</c> of a role in a template of
    /// their own, which the rule scans as it scans the user's. Null when there is nothing to judge.
    /// </summary>
    internal static LiveVerdict? JudgePolicies(Rule rule, IReadOnlyList<NamedPolicy> policies)
    {
        if (policies.Count == 0)
        {
            return null;
        }

        var template = CfnTemplate.From(TemplateDocument.Parse("live-policies.json", AsRoleTemplate(policies)));
        var (results, _) = new Scanner([rule], new ScanOptions()).Scan(template, "live-policies.json");
        return results.FirstOrDefault(r => r.Rule.Id == rule.Descriptor.Id) is { Status: ResultStatus.Pass or ResultStatus.Fail or ResultStatus.Unknown } result
            ? new LiveVerdict(result.Status, result.Message)
            : null;
    }

    /// <summary>
    /// <c>{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [...]}}}}</c> with the documents
    /// as IAM returned them; each is parsed first, so that one that is not JSON is reported as such (see <see cref="Run"/>).
    /// </summary>
    private static string AsRoleTemplate(IReadOnlyList<NamedPolicy> policies)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Resources");
            writer.WriteStartObject("Role");
            writer.WriteString("Type", "AWS::IAM::Role");
            writer.WriteStartObject("Properties");
            writer.WriteStartArray("Policies");
            foreach (var policy in policies)
            {
                using var document = JsonDocument.Parse(policy.Document);
                writer.WriteStartObject();
                writer.WriteString("PolicyName", policy.Name);
                writer.WritePropertyName("PolicyDocument");
                document.RootElement.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The name of a managed policy from its ARN (the part after the last slash, since policies can have paths).</summary>
    private static string PolicyName(string policyArn) => policyArn[(policyArn.LastIndexOf('/') + 1)..];
}
