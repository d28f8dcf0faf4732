using System.Text.Json;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>Lambda over its REST-JSON API (AWSSDK.Lambda is not served here): GETs only.</summary>
internal sealed class LambdaHttpClient : ILambdaReader
{
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public LambdaHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    public async Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetFunctionConfiguration", $"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/configuration", false, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body!);
        var root = json.RootElement;
        var vpc = Property(root, "VpcConfig");
        var variables = Property(Property(root, "Environment"), "Variables");
        return new FunctionConfiguration(
            Text(root, "FunctionName") ?? functionName,
            Text(root, "FunctionArn"),
            Text(root, "Role"),
            Strings(vpc, "SubnetIds"),
            Strings(vpc, "SecurityGroupIds"),
            Text(Property(root, "DeadLetterConfig"), "TargetArn"),
            Text(root, "KMSKeyArn"),
            variables is { ValueKind: JsonValueKind.Object } v
                ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.GetRawText(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal),
            Text(root, "Runtime"),
            Text(Property(root, "TracingConfig"), "Mode"),
            Text(root, "PackageType"));
    }

    public async Task<string?> GetPolicyAsync(string functionName, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetPolicy", $"/2015-03-31/functions/{Uri.EscapeDataString(functionName)}/policy", true, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(body);
        return Text(json.RootElement, "Policy");
    }

    public async Task<string?> GetFunctionUrlAuthTypeAsync(string functionName, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetFunctionUrlConfig", $"/2021-10-31/functions/{Uri.EscapeDataString(functionName)}/url", true, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(body);
        return Text(json.RootElement, "AuthType");
    }

    public async Task<int?> GetFunctionConcurrencyAsync(string functionName, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetFunctionConcurrency", $"/2019-09-30/functions/{Uri.EscapeDataString(functionName)}/concurrency", false, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        return Property(json.RootElement, "ReservedConcurrentExecutions") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;
    }

    public async Task<string?> GetOnFailureDestinationAsync(string functionName, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetFunctionEventInvokeConfig", $"/2019-09-25/functions/{Uri.EscapeDataString(functionName)}/event-invoke-config", true, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(body);
        return Text(Property(Property(json.RootElement, "DestinationConfig"), "OnFailure"), "Destination");
    }

    public async Task<LambdaAccountSettings> GetAccountSettingsAsync(CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetAccountSettings", "/2016-08-19/account-settings/", false, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body!);
        var limit = Property(json.RootElement, "AccountLimit");
        return new LambdaAccountSettings(Int(limit, "ConcurrentExecutions"), Int(limit, "UnreservedConcurrentExecutions"));
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    private static int Int(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : 0;

    private static List<string> Strings(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).Where(s => s.Length > 0).ToList()
            : [];
}
