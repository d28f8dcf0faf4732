using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ironclad.Aws.Tests.Support;

/// <summary>What a hostile or broken endpoint does with every request.</summary>
public enum Misbehaviour
{
    /// <summary>Accepts the connection, reads the request, never answers.</summary>
    Silent,

    /// <summary>Answers 200 with a body that is neither XML nor JSON.</summary>
    Garbage,

    /// <summary>Answers 200 with a chunked body that starts as XML and never ends.</summary>
    Endless,

    /// <summary>Answers 200 with a Content-Length of 1 MB and sends a byte a second.</summary>
    Trickle,
}

/// <summary>A raw TCP server on a free loopback port that misbehaves as told, for the clients' bounds.</summary>
public sealed class MisbehavingServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Misbehaviour behaviour;
    private readonly Task loop;

    public MisbehavingServer(Misbehaviour behaviour)
    {
        this.behaviour = behaviour;
        listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        loop = Task.Run(Accept);
    }

    public Uri Endpoint { get; }

    /// <summary>Bytes written to clients, to show that an endless body was cut off early.</summary>
    public long Sent => Interlocked.Read(ref sent);

    private long sent;

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by its listener being stopped.
        }

        stop.Dispose();
    }

    private async Task Accept()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequest(stream).ConfigureAwait(false);
                switch (behaviour)
                {
                    case Misbehaviour.Silent:
                        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                        break;
                    case Misbehaviour.Garbage:
                        await Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 21\r\n\r\n<<<< not xml {{{ !!!!").ConfigureAwait(false);
                        break;
                    case Misbehaviour.Endless:
                        // Well-formed so far, so that a parser keeps reading instead of failing on the first byte.
                        const string start = "<?xml version=\"1.0\"?><Response><Data>";
                        await Write(stream, $"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n{start.Length:x}\r\n{start}\r\n").ConfigureAwait(false);
                        var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('a', 0x10000) + "\r\n");
                        while (!stop.IsCancellationRequested)
                        {
                            await stream.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                            Interlocked.Add(ref sent, chunk.Length);
                        }

                        break;
                    case Misbehaviour.Trickle:
                        await Write(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000000\r\n\r\n<").ConfigureAwait(false);
                        while (!stop.IsCancellationRequested)
                        {
                            await Task.Delay(1000, stop.Token).ConfigureAwait(false);
                            await Write(stream, "a").ConfigureAwait(false);
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up, which is what the tests want.
            }
        }
    }

    private async Task Write(NetworkStream stream, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await stream.WriteAsync(bytes, stop.Token).ConfigureAwait(false);
        Interlocked.Add(ref sent, bytes.Length);
    }

    /// <summary>Reads the headers and a Content-Length body, so that the client sees its request taken.</summary>
    private async Task ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, stop.Token).ConfigureAwait(false) == 0)
            {
                return;
            }

            buffer.Add(one[0]);
        }

        var headers = Encoding.ASCII.GetString(buffer.ToArray());
        var length = headers.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read), stop.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            read += n;
        }
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}
