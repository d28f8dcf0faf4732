using Ironclad.Core.Costing;

namespace Ironclad.Cli;

/// <summary>The AWS Price List bulk API: public files, no credentials.</summary>
public sealed class HttpOfferFileSource : IOfferFileSource
{
    public const string BaseUrl = "https://pricing.us-east-1.amazonaws.com";

    private readonly HttpClient http;

    public HttpOfferFileSource(HttpClient http) => this.http = http;

    public string Location(string offerCode, string region) => $"{BaseUrl}/offers/v1.0/aws/{offerCode}/current/{region}/index.json";

    public async Task<Stream> OpenAsync(string offerCode, string region, CancellationToken cancellationToken)
    {
        // Headers only: the body is streamed by the caller, never buffered (the EC2 file is hundreds of MB).
        var response = await http.GetAsync(new Uri(Location(offerCode, region)), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            response.EnsureSuccessStatusCode();
            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Keeps the response alive as long as its body is read, and releases both together.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream body) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => body.ReadAsync(buffer, cancellationToken);

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
                body.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
