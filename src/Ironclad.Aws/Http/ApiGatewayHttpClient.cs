using System.Text.Json;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>API Gateway v1 and v2 over their REST APIs (no SDK package is served here): GETs of stages, resources with their methods, APIs and routes.</summary>
internal sealed class ApiGatewayHttpClient : IApiGatewayReader
{
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public ApiGatewayHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    public async Task<IReadOnlyList<ApiStage>> GetRestApiStagesAsync(string restApiId, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetStages", $"/restapis/{Uri.EscapeDataString(restApiId)}/stages", false, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        return Items(json.RootElement, "item").Select(s => new ApiStage(
            Text(s, "stageName") ?? string.Empty,
            Text(Property(s, "accessLogSettings"), "destinationArn"),
            Property(s, "tracingEnabled") is { ValueKind: JsonValueKind.True },
            Text(Property(Property(s, "methodSettings"), "*/*"), "loggingLevel") is { } level && level != "OFF" ? level : null)).ToList();
    }

    public async Task<IReadOnlyList<ApiStage>> GetApiStagesAsync(string apiId, CancellationToken cancellationToken)
    {
        var stages = new List<ApiStage>();
        string? next = null;
        do
        {
            var query = next is null ? string.Empty : "?nextToken=" + Uri.EscapeDataString(next);
            var body = await transport.GetAsync(endpoint, "GetStages", $"/v2/apis/{Uri.EscapeDataString(apiId)}/stages{query}", false, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            stages.AddRange(Items(json.RootElement, "items").Select(s => new ApiStage(
                Text(s, "stageName") ?? string.Empty,
                Text(Property(s, "accessLogSettings"), "destinationArn"),
                false,
                null)));
            next = Text(json.RootElement, "nextToken");
        }
        while (next is not null);
        return stages;
    }

    public async Task<IReadOnlyList<ApiMethod>> GetRestApiMethodsAsync(string restApiId, CancellationToken cancellationToken)
    {
        var methods = new List<ApiMethod>();
        string? position = null;
        do
        {
            var query = "?embed=methods&limit=500" + (position is null ? string.Empty : "&position=" + Uri.EscapeDataString(position));
            var body = await transport.GetAsync(endpoint, "GetResources", $"/restapis/{Uri.EscapeDataString(restApiId)}/resources{query}", false, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            foreach (var resource in Items(json.RootElement, "item"))
            {
                var path = Text(resource, "path") ?? "/";
                if (Property(resource, "resourceMethods") is { ValueKind: JsonValueKind.Object } embedded)
                {
                    methods.AddRange(embedded.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object).Select(m => new ApiMethod(
                        $"{Text(m.Value, "httpMethod") ?? m.Name} {path}",
                        Text(m.Value, "authorizationType") ?? "NONE",
                        Property(m.Value, "apiKeyRequired") is { ValueKind: JsonValueKind.True })));
                }
            }

            position = Text(json.RootElement, "position");
        }
        while (position is not null);
        return methods;
    }

    public async Task<string> GetApiProtocolTypeAsync(string apiId, CancellationToken cancellationToken)
    {
        var body = await transport.GetAsync(endpoint, "GetApi", $"/v2/apis/{Uri.EscapeDataString(apiId)}", false, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        return Text(json.RootElement, "protocolType") ?? "HTTP";
    }

    public async Task<IReadOnlyList<ApiMethod>> GetApiRoutesAsync(string apiId, CancellationToken cancellationToken)
    {
        var routes = new List<ApiMethod>();
        string? next = null;
        do
        {
            var query = next is null ? string.Empty : "?nextToken=" + Uri.EscapeDataString(next);
            var body = await transport.GetAsync(endpoint, "GetRoutes", $"/v2/apis/{Uri.EscapeDataString(apiId)}/routes{query}", false, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            routes.AddRange(Items(json.RootElement, "items").Select(r => new ApiMethod(
                Text(r, "routeKey") ?? string.Empty,
                Text(r, "authorizationType") ?? "NONE",
                Property(r, "apiKeyRequired") is { ValueKind: JsonValueKind.True })));
            next = Text(json.RootElement, "nextToken");
        }
        while (next is not null);
        return routes;
    }

    private static List<JsonElement> Items(JsonElement root, string name) =>
        Property(root, name) is { ValueKind: JsonValueKind.Array } items ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).ToList() : [];

    // The v2 API answers in camelCase; an emulator may answer in the SDK's PascalCase: either is read.
    private static JsonElement? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
