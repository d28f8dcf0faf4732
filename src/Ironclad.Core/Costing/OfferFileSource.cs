namespace Ironclad.Core.Costing;

/// <summary>
/// Where offer files come from: files on disk (tests, offline refreshes), or the public Price List over HTTPS, whose
/// source lives in the command line (the core library does no network I/O).
/// </summary>
public interface IOfferFileSource
{
    /// <summary>The address of an offer's file for a region, recorded as the provenance of its figures.</summary>
    string Location(string offerCode, string region);

    Task<Stream> OpenAsync(string offerCode, string region, CancellationToken cancellationToken);
}

/// <summary>Offer files saved as <c>DIR/OFFER-REGION.json</c>, e.g. <c>AmazonEC2-eu-west-1.json</c>.</summary>
public sealed class DirectoryOfferFileSource : IOfferFileSource
{
    private readonly string directory;

    public DirectoryOfferFileSource(string directory) => this.directory = directory;

    public string Location(string offerCode, string region) => Path.Combine(directory, $"{offerCode}-{region}.json");

    public Task<Stream> OpenAsync(string offerCode, string region, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(File.OpenRead(Location(offerCode, region)));
}
