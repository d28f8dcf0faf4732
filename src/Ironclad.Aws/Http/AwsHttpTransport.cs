using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>Where one service is reached and how its requests are signed.</summary>
internal sealed record ServiceEndpoint(Uri BaseUri, string SigningRegion, string SigningService);

/// <summary>How often and how long to retry throttling and server errors.</summary>
public sealed record BackoffPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>
    /// Five attempts; before retry n (0-based) a random wait between 0 and min(20 s, 1 s × 2^n), the
    /// SDK's standard mode with full jitter: about 7.5 s of waiting expected, 15 s at most, so that
    /// throttling that lasts a few seconds is ridden out and concurrent clients do not retry in step.
    /// </summary>
    public static BackoffPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));

    public TimeSpan Delay(int attempt)
    {
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
#pragma warning disable CA5394 // Jitter spreads retries of concurrent clients; it is not security-relevant.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
#pragma warning restore CA5394
    }
}

/// <summary>
/// Sends signed requests for the HTTP-backed clients: signs each attempt afresh, retries throttling,
/// 5xx and network failures with bounded backoff, and turns error responses into
/// <see cref="AwsCallException"/> with the service's error code.
/// </summary>
internal sealed class AwsHttpTransport
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> DeniedCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "UnauthorizedAccess", "AuthorizationErrorException",
    };

    private readonly HttpClient http;
    private readonly Func<CancellationToken, Task<SigningCredentials>> credentials;
    private readonly BackoffPolicy retry;

    public AwsHttpTransport(HttpClient http, Func<CancellationToken, Task<SigningCredentials>> credentials, BackoffPolicy retry)
    {
        this.http = http;
        this.credentials = credentials;
        this.retry = retry;
    }

    /// <summary>A GET of a REST path (Lambda); returns the body, or null on 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<string?> GetAsync(ServiceEndpoint endpoint, string operation, string pathAndQuery, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint.BaseUri, pathAndQuery);
        try
        {
            var text = await SendAsync(endpoint, operation, HttpMethod.Get, uri, null, null, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    using var json = JsonDocument.Parse(text);
                }
                catch (JsonException ex)
                {
                    throw new AwsCallException(operation, AwsErrorKind.Failed, "InvalidResponse", "the answer is not JSON: " + ex.Message, ex);
                }
            }

            return text;
        }
        catch (AwsCallException ex) when (notFoundIsNull && ex.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>A query-protocol call (CloudFormation, CloudWatch, IAM): form-encoded POST, XML answer.</summary>
    public async Task<XElement> QueryAsync(ServiceEndpoint endpoint, string action, string version, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new[] { new KeyValuePair<string, string>("Action", action), new("Version", version) }
            .Concat(parameters)
            .Select(p => SigV4.Encode(p.Key) + "=" + SigV4.Encode(p.Value));
        var body = Encoding.UTF8.GetBytes(string.Join('&', form));
        var text = await SendAsync(endpoint, action, HttpMethod.Post, endpoint.BaseUri, body, "application/x-www-form-urlencoded; charset=utf-8", cancellationToken).ConfigureAwait(false);
        try
        {
            return XDocument.Parse(text).Root ?? throw new AwsCallException(action, AwsErrorKind.Failed, "InvalidResponse", "empty XML response");
        }
        catch (System.Xml.XmlException ex)
        {
            throw new AwsCallException(action, AwsErrorKind.Failed, "InvalidResponse", "the answer is not XML: " + ex.Message, ex);
        }
    }

    /// <summary>A JSON-protocol call (Organizations, Kinesis, Secrets Manager: 1.1; Step Functions: 1.0): POST with X-Amz-Target, JSON answer.</summary>
    public async Task<JsonDocument> JsonAsync(ServiceEndpoint endpoint, string targetPrefix, string operation, string json, CancellationToken cancellationToken, string protocolVersion = "1.1")
    {
        var text = await SendAsync(endpoint, operation, HttpMethod.Post, endpoint.BaseUri, Encoding.UTF8.GetBytes(json), "application/x-amz-json-" + protocolVersion, cancellationToken, targetPrefix + "." + operation).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        }
        catch (JsonException ex)
        {
            throw new AwsCallException(operation, AwsErrorKind.Failed, "InvalidResponse", "the answer is not JSON: " + ex.Message, ex);
        }
    }

    private async Task<string> SendAsync(ServiceEndpoint endpoint, string operation, HttpMethod method, Uri uri, byte[]? body, string? contentType, CancellationToken cancellationToken, string? target = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var last = attempt + 1 >= retry.MaxAttempts;
            try
            {
                using var request = await BuildAsync(endpoint, method, uri, body, contentType, cancellationToken).ConfigureAwait(false);
                if (target is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return text;
                }

                var (code, message) = ParseError(response, text);
                var status = (int)response.StatusCode;
                if (status == 429 || status >= 500 || ThrottlingCodes.Contains(code))
                {
                    if (last)
                    {
                        throw new AwsCallException(operation, AwsErrorKind.Unavailable, code, message);
                    }
                }
                else
                {
                    throw new AwsCallException(operation, Classify(response.StatusCode, code), code, message);
                }
            }
            catch (Exception ex) when (BoundedStream.Cause<ResponseTooLargeException>(ex) is { } tooLarge)
            {
                // Not retried: the same endpoint would send the same flood again.
                throw new AwsCallException(operation, AwsErrorKind.Failed, "ResponseTooLarge", tooLarge.Message, ex);
            }
            catch (Exception ex) when (BoundedStream.Cause<TimeoutException>(ex) is not null && !cancellationToken.IsCancellationRequested)
            {
                if (last || attempt >= 1)
                {
                    throw new AwsCallException(operation, AwsErrorKind.Unavailable, "Timeout", "no complete answer within the call timeout", ex);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                if (last)
                {
                    throw new AwsCallException(operation, AwsErrorKind.Unavailable, "NetworkError", ex.Message, ex);
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // An endpoint that does not answer in time is retried once, not MaxAttempts times:
                // each attempt costs a whole call timeout.
                if (last || attempt >= 1)
                {
                    throw new AwsCallException(operation, AwsErrorKind.Unavailable, "Timeout", "no complete answer within the call timeout", ex);
                }
            }

            await Task.Delay(retry.Delay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> BuildAsync(ServiceEndpoint endpoint, HttpMethod method, Uri uri, byte[]? body, string? contentType, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        try
        {
            var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
            var signing = await credentials(cancellationToken).ConfigureAwait(false);
            var added = SigV4.Sign(method.Method, uri, [new("Host", host)], body ?? [], signing, endpoint.SigningRegion, endpoint.SigningService, DateTime.UtcNow);
            foreach (var (name, value) in added)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static AwsErrorKind Classify(HttpStatusCode status, string code)
    {
        if (DeniedCodes.Contains(code) || (status == HttpStatusCode.Forbidden && !code.Contains("Token", StringComparison.OrdinalIgnoreCase) && !code.Contains("Signature", StringComparison.OrdinalIgnoreCase)))
        {
            return AwsErrorKind.AccessDenied;
        }

        // Only the service's own "not found" codes: a bare 404 is an unknown path (an emulator lacking the API), not a missing resource.
        return Sdk.SdkCall.IsNotFound(code)
            ? AwsErrorKind.NotFound
            : AwsErrorKind.Failed;
    }

    /// <summary>The error code and message of a JSON (x-amzn-ErrorType, __type) or XML (Error/Code) error response.</summary>
    internal static (string Code, string Message) ParseError(HttpResponseMessage response, string text)
    {
        string? code = null;
        string? message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types) && types.FirstOrDefault() is { Length: > 0 } type)
        {
            code = type.Split(':')[0];
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                var root = json.RootElement;
                code ??= Text(root, "__type") ?? Text(root, "code") ?? Text(root, "Code");
                message = Text(root, "message") ?? Text(root, "Message");
            }
            catch (JsonException)
            {
                // Not JSON after all: fall back to the status line below.
            }
        }
        else if (trimmed.StartsWith('<'))
        {
            try
            {
                var root = XDocument.Parse(trimmed).Root;
                var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
                code ??= error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            }
            catch (System.Xml.XmlException)
            {
                // An HTML error page (moto's own crashes): the status code says enough.
            }
        }

        code = code?.Contains('#', StringComparison.Ordinal) == true ? code[(code.LastIndexOf('#') + 1)..] : code;
        return (code ?? "HTTP" + (int)response.StatusCode, message ?? response.ReasonPhrase ?? "error");
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
