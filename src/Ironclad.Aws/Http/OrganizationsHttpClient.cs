using System.Text.Json;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>One account of the organization.</summary>
public sealed record OrganizationAccount(string Id, string Name, string Status);

/// <summary>AWS Organizations over its JSON protocol (AWSSDK.Organizations is not served here): ListAccounts only.</summary>
internal sealed class OrganizationsHttpClient
{
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public OrganizationsHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    /// <summary>ListAccounts, every page.</summary>
    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        var accounts = new List<OrganizationAccount>();
        string? next = null;
        do
        {
            // Written by hand: the serializer's reflection path is not available to the Native AOT binary.
            var request = next is null ? "{}" : $"{{\"NextToken\":\"{JsonEncodedText.Encode(next)}\"}}";
            using var json = await transport.JsonAsync(endpoint, "AWSOrganizationsV20161128", "ListAccounts", request, cancellationToken).ConfigureAwait(false);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Accounts", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                accounts.AddRange(list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => new OrganizationAccount(
                    Text(a, "Id") ?? throw new AwsCallException("ListAccounts", AwsErrorKind.Failed, "InvalidResponse", "an account without an Id"),
                    Text(a, "Name") ?? string.Empty,
                    Text(a, "Status") ?? "ACTIVE")));
            }

            next = root.ValueKind == JsonValueKind.Object ? Text(root, "NextToken") : null;
        }
        while (next is not null);
        return accounts;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
