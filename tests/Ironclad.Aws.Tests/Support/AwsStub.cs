using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ironclad.Aws.Tests.Support;

/// <summary>A request as verify sent it, with what the stub could tell about its service and operation.</summary>
public sealed record StubRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The service of the SigV4 credential scope (<c>.../us-east-1/lambda/aws4_request</c>).</summary>
    public string Service
    {
        get
        {
            var auth = Headers.GetValueOrDefault("Authorization") ?? string.Empty;
            var parts = auth.Split('/');
            return parts.Length > 3 ? parts[3] : string.Empty;
        }
    }

    /// <summary>The API operation: X-Amz-Target for JSON protocols, Action for query protocols, else null (REST).</summary>
    public string? Operation
    {
        get
        {
            if (Headers.GetValueOrDefault("X-Amz-Target") is { } target)
            {
                return target[(target.LastIndexOf('.') + 1)..];
            }

            var query = PathAndQuery.Contains('?', StringComparison.Ordinal) ? PathAndQuery[(PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
            foreach (var pair in (Body + "&" + query).Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                if (pair.StartsWith("Action=", StringComparison.Ordinal))
                {
                    return Uri.UnescapeDataString(pair[7..]);
                }
            }

            return null;
        }
    }
}

public sealed record StubResponse(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A loopback HTTP server in front of moto: it records every request, answers what moto cannot
/// (through <see cref="Handler"/>), and forwards the rest unchanged.
/// </summary>
public sealed class AwsStub : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Content-Length", "Transfer-Encoding", "Expect", "Keep-Alive" };
    private readonly HttpListener listener = new();
    private readonly HttpClient upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly Uri target;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly List<StubRequest> requests = [];

    public AwsStub(Uri target)
    {
        this.target = target;
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(Loop);
    }

    public Uri Endpoint { get; }

    /// <summary>Answers a request itself, or calls the given forwarder to get moto's answer (and may change it).</summary>
    public Func<StubRequest, Func<Task<StubResponse>>, Task<StubResponse>>? Handler { get; set; }

    public IReadOnlyList<StubRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return requests.ToList();
            }
        }
    }

    public void ClearRequests()
    {
        lock (requests)
        {
            requests.Clear();
        }
    }

    public static StubResponse Json(string body, int status = 200, string? errorType = null) =>
        new(status, "application/json", body, errorType is null ? null : new Dictionary<string, string> { ["x-amzn-ErrorType"] = errorType });

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's pending accept fails when it is closed.
        }

        upstream.Dispose();
        stop.Dispose();
    }

    private async Task Loop()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Serve(context));
        }
    }

    private async Task Serve(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            var request = new StubRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "/", headers, body);
            lock (requests)
            {
                requests.Add(request);
            }

            var response = Handler is { } handler ? await handler(request, () => Forward(request)).ConfigureAwait(false) : await Forward(request).ConfigureAwait(false);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or HttpRequestException)
        {
            context.Response.StatusCode = 502;
        }
        finally
        {
            context.Response.Close();
        }
    }

    private async Task<StubResponse> Forward(StubRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.PathAndQuery));
        if (request.Body.Length > 0 || request.Method is "POST" or "PUT")
        {
            message.Content = new StringContent(request.Body);
            message.Content.Headers.Remove("Content-Type");
        }

        foreach (var (name, value) in request.Headers.Where(h => !HopHeaders.Contains(h.Key)))
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await upstream.SendAsync(message).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var headers = response.Headers.Where(h => h.Key.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
        return new StubResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/xml", text, headers);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
