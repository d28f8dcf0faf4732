using System.CommandLine;
using Ironclad.Core.Costing;
using Ironclad.Core.Inputs;

namespace Ironclad.Cli.Commands;

/// <summary><c>ironclad prices update</c>: rebuild a region's price table from the public AWS Price List.</summary>
public static class PricesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var region = new Option<string>("--region") { Description = "The region to price, e.g. eu-west-1.", Required = true };
        var outputFile = SharedOptions.Output();
        var offersDir = new Option<string?>("--offers-dir")
        {
            Description = "Read offer files saved as DIR/OFFER-REGION.json (e.g. AmazonEC2-eu-west-1.json) instead of downloading them.",
        };
        var update = new Command(
            "update",
            "Rebuild the price table of a region from the AWS Price List bulk offer files (" + HttpOfferFileSource.BaseUrl + "/offers/v1.0/aws/OFFER/current/REGION/index.json; public, no credentials). " +
            "The EC2 file is hundreds of MB and is streamed, never held whole. Figures the files lack are carried over from the embedded table and marked. " +
            "Use the result with 'ironclad cost --prices FILE'.\n\nExit codes: 0 written, 2 usage, network or offer-file errors.")
        {
            region, outputFile, offersDir,
        };
        update.SetAction(async (parse, cancellationToken) =>
        {
            var regionValue = parse.GetValue(region)!;
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            IOfferFileSource source = parse.GetValue(offersDir) is { } dir ? new DirectoryOfferFileSource(dir) : new HttpOfferFileSource(http);
            try
            {
                var result = await PriceListUpdater.UpdateAsync(
                    source,
                    regionValue,
                    DateOnly.FromDateTime(DateTime.UtcNow),
                    new ImmediateProgress<string>(message => error.WriteLine($"ironclad: {message}")),
                    cancellationToken);
                CommandOutput.Emit(parse.GetValue(outputFile), output, writer => writer.Write(result.Table.ToJson()));
                error.WriteLine($"ironclad: {result.Refreshed.Count} figures read from the offer files" +
                    (result.CarriedOver.Count == 0 ? "." : $"; carried over from the embedded table: {string.Join(", ", result.CarriedOver)}."));
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or UnauthorizedAccessException or TaskCanceledException)
            {
                // The offer files are input too: a network failure or a broken file is one line and exit 2.
                throw new InputException(InputKind.OfferFile, null, null, ex.Message, ex);
            }
        });

        return new Command("prices", "Manage the price tables that 'ironclad cost' uses.") { update };
    }
}
