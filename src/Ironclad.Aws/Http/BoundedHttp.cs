using System.Net;
using Amazon.Runtime;

namespace Ironclad.Aws.Http;

/// <summary>How long one attempt of a call may take and how large an answer may be, for every client.</summary>
public sealed record CallLimits(TimeSpan Timeout, long MaxResponseBytes)
{
    /// <summary>
    /// 20 s per attempt, connection, headers and body together (a trickled body counts too); 16 MiB per
    /// answer, far above any page of the reads verify makes (the largest, a bucket policy or a
    /// template, is capped by AWS at 1 MiB).
    /// </summary>
    public static CallLimits Default { get; } = new(TimeSpan.FromSeconds(20), 16 * 1024 * 1024);
}

/// <summary>An answer larger than <see cref="CallLimits.MaxResponseBytes"/>: the endpoint is not behaving like AWS.</summary>
public sealed class ResponseTooLargeException : IOException
{
    public ResponseTooLargeException(long limit)
        : base($"the answer is larger than {limit / (1024 * 1024)} MiB")
    {
    }

    public ResponseTooLargeException()
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Bounds every response: the body is read through a stream that stops at the size limit and at
/// the attempt's deadline, so neither an endless nor a trickled body can hold memory or time.
/// </summary>
internal sealed class BoundedHandler : DelegatingHandler
{
    private readonly CallLimits limits;

    public BoundedHandler(CallLimits limits)
        : base(new SocketsHttpHandler { ConnectTimeout = limits.Timeout, AutomaticDecompression = DecompressionMethods.None, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) =>
        this.limits = limits;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limits.Timeout;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var original = response.Content;
        if (original.Headers.ContentLength is { } length && length > limits.MaxResponseBytes)
        {
            response.Dispose();
            throw new ResponseTooLargeException(limits.MaxResponseBytes);
        }

        var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var bounded = new StreamContent(new BoundedStream(stream, limits.MaxResponseBytes, deadline));
        foreach (var header in original.Headers)
        {
            bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = bounded;
        return response;
    }
}

/// <summary>A read-only stream that fails past a byte count or a deadline.</summary>
internal sealed class BoundedStream : Stream
{
    private readonly Stream inner;
    private readonly long limit;
    private readonly DateTime deadline;
    private long read;

    public BoundedStream(Stream inner, long limit, DateTime deadline)
    {
        this.inner = inner;
        this.limit = limit;
        this.deadline = deadline;
    }

    public override bool CanRead => true;

    /// <summary>The first exception of type <typeparamref name="T"/> in the chain of inner exceptions: HttpClient and the SDK wrap what the stream throws.</summary>
    public static T? Cause<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T match)
            {
                return match;
            }
        }

        return null;
    }

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = deadline - DateTime.UtcNow;
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException("the answer did not arrive within the call timeout");
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(remaining);
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("the answer did not arrive within the call timeout", ex);
        }

        read += n;
        return read > limit ? throw new ResponseTooLargeException(limit) : n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Gives the SDK clients the same bounded HTTP stack as our own clients.</summary>
internal sealed class BoundedHttpClientFactory : HttpClientFactory
{
    private readonly CallLimits limits;

    public BoundedHttpClientFactory(CallLimits limits) => this.limits = limits;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new BoundedHandler(limits)) { Timeout = limits.Timeout };

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
