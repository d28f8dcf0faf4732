using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>
/// IAM over the query protocol, for the two diagnoses that must read a role's permissions (KMS
/// access denied, replication role) and the live IAM checks of the stack's roles and managed
/// policies. AWSSDK.IdentityManagement is not served here either.
/// </summary>
internal sealed class IamHttpClient : IIamReader
{
    private const string Version = "2010-05-08";
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public IamHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    public async Task<IReadOnlyList<string>> GetRolePolicyDocumentsAsync(string roleName, CancellationToken cancellationToken)
    {
        var documents = (await GetRoleInlinePoliciesAsync(roleName, cancellationToken).ConfigureAwait(false)).Select(p => p.Document).ToList();
        var attached = await Paged("ListAttachedRolePolicies", roleName, r => r.Child("AttachedPolicies").Members().Select(m => m.ChildText("PolicyArn") ?? string.Empty), cancellationToken).ConfigureAwait(false);
        foreach (var arn in attached.Where(a => a.Length > 0))
        {
            documents.Add(await GetManagedPolicyDocumentAsync(arn, cancellationToken).ConfigureAwait(false));
        }

        return documents;
    }

    public async Task<IReadOnlyList<NamedPolicy>> GetRoleInlinePoliciesAsync(string roleName, CancellationToken cancellationToken)
    {
        var policies = new List<NamedPolicy>();
        foreach (var name in await Paged("ListRolePolicies", roleName, r => r.Child("PolicyNames").Members().Select(m => m.Value), cancellationToken).ConfigureAwait(false))
        {
            var root = await Query("GetRolePolicy", [new("RoleName", roleName), new("PolicyName", name)], cancellationToken).ConfigureAwait(false);
            policies.Add(new NamedPolicy(name, Decode(root.Find("GetRolePolicyResult").ChildText("PolicyDocument"))));
        }

        return policies;
    }

    public async Task<string> GetManagedPolicyDocumentAsync(string policyArn, CancellationToken cancellationToken)
    {
        var policy = await Query("GetPolicy", [new("PolicyArn", policyArn)], cancellationToken).ConfigureAwait(false);
        var version = policy.Find("Policy").ChildText("DefaultVersionId") ?? "v1";
        var root = await Query("GetPolicyVersion", [new("PolicyArn", policyArn), new("VersionId", version)], cancellationToken).ConfigureAwait(false);
        return Decode(root.Find("PolicyVersion").ChildText("Document"));
    }

    /// <summary>IAM returns policy documents URL-encoded (RFC 3986).</summary>
    private static string Decode(string? document) => Uri.UnescapeDataString(document ?? "{}");

    private async Task<List<string>> Paged(string action, string roleName, Func<System.Xml.Linq.XElement?, IEnumerable<string>> items, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        string? marker = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("RoleName", roleName) };
            if (marker is not null)
            {
                parameters.Add(new("Marker", marker));
            }

            var result = (await Query(action, parameters, cancellationToken).ConfigureAwait(false)).Find(action + "Result");
            all.AddRange(items(result));
            marker = string.Equals(result.ChildText("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase) ? result.ChildText("Marker") : null;
        }
        while (marker is not null);
        return all;
    }

    private Task<System.Xml.Linq.XElement> Query(string action, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        transport.QueryAsync(endpoint, action, Version, parameters, cancellationToken);
}
