using System.Globalization;
using System.Text.RegularExpressions;

namespace Ironclad.Core.Costing;

/// <summary>The outcome of a refresh: the new table and which figures the offer files did not provide.</summary>
public sealed record PriceUpdate(PriceTable Table, IReadOnlyList<string> Refreshed, IReadOnlyList<string> CarriedOver);

/// <summary>
/// Rebuilds a region's price table from the AWS Price List bulk offer files. Usage types carry a region
/// prefix (<c>EUC1-NatGateway-Hours</c>; often none in us-east-1; the full region name for KMS), so
/// matchers test the suffix and filter on the region code. Figures the files lack (free tiers, the KMS
/// rotation surcharge, anything not found) are carried over from the embedded table and said to be.
/// </summary>
public static partial class PriceListUpdater
{
    private sealed record Matcher(string Key, string Offer, string? Family, Func<OfferProduct, string, bool> Matches, decimal Multiplier);

    private static readonly Matcher[] Matchers =
    [
        new(PriceKeys.NatGatewayHour, "AmazonEC2", "NAT Gateway", (p, r) => InRegion(p, r) && UsageType(p, "NatGateway-Hours"), 1m),
        new(PriceKeys.NatGatewayGb, "AmazonEC2", "NAT Gateway", (p, r) => InRegion(p, r) && UsageType(p, "NatGateway-Bytes"), 1m),
        new(PriceKeys.PublicIpv4Hour, "AmazonVPC", null, (p, r) => InRegion(p, r) && UsageType(p, "PublicIPv4:InUseAddress"), 1m),
        new(PriceKeys.InterfaceEndpointHour, "AmazonVPC", "VpcEndpoint", (p, r) => InRegion(p, r) && UsageType(p, "VpcEndpoint-Hours"), 1m),
        new(PriceKeys.InterfaceEndpointGb, "AmazonVPC", "VpcEndpoint", (p, r) => InRegion(p, r) && UsageType(p, "VpcEndpoint-Bytes"), 1m),
        new(PriceKeys.KmsKeyMonth, "awskms", null, (p, r) => InRegion(p, r) && p.Attribute("usagetype") == $"{r}-KMS-Keys", 1m),
        new(PriceKeys.KmsRequestsPer10K, "awskms", null, (p, r) => InRegion(p, r) && p.Attribute("usagetype") == $"{r}-KMS-Requests", 10_000m),
        new(PriceKeys.DynamoDbPitrGbMonth, "AmazonDynamoDB", "Database Storage", (p, r) => InRegion(p, r) && UsageType(p, "TimedPITRStorage-ByteHrs"), 1m),
        new(PriceKeys.S3StandardGbMonth, "AmazonS3", "Storage", (p, r) => InRegion(p, r) && UsageType(p, "TimedStorage-ByteHrs") && p.Attribute("volumeType") == "Standard", 1m),
        new(PriceKeys.S3StandardIaGbMonth, "AmazonS3", "Storage", (p, r) => InRegion(p, r) && UsageType(p, "TimedStorage-SIA-ByteHrs"), 1m),
        new(PriceKeys.InterRegionTransferGb, "AWSDataTransfer", "Data Transfer", (p, r) => p.Attribute("fromRegionCode") == r
            && p.Attribute("transferType") == "InterRegion Outbound" && p.Attribute("toLocationType") == "AWS Region", 1m),
        new(PriceKeys.SqsRequestsPerMillion, "AWSQueueService", "API Request", (p, r) => InRegion(p, r) && UsageType(p, "Requests-Tier1") && p.Attribute("queueType") == "Standard", 1_000_000m),
        new(PriceKeys.CloudWatchAlarmMonth, "AmazonCloudWatch", "Alarm", (p, r) => InRegion(p, r) && UsageType(p, "CW:AlarmMonitorUsage"), 1m),
        new(PriceKeys.LogsIngestGb, "AmazonCloudWatch", "Data Payload", (p, r) => InRegion(p, r) && UsageType(p, "DataProcessing-Bytes"), 1m),
        new(PriceKeys.LogsStorageGbMonth, "AmazonCloudWatch", "Storage Snapshot", (p, r) => InRegion(p, r) && UsageType(p, "TimedStorage-ByteHrs"), 1m),
    ];

    /// <summary>The offer codes a refresh reads, in order.</summary>
    public static IReadOnlyList<string> Offers { get; } = Matchers.Select(m => m.Offer).Distinct(StringComparer.Ordinal).ToList();

    public static async Task<PriceUpdate> UpdateAsync(IOfferFileSource source, string region, DateOnly date, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var baseline = PriceTable.EmbeddedRegions.Contains(region) ? PriceTable.Embedded(region) : null;
        var fallback = baseline ?? PriceTable.Embedded("us-east-1");
        var found = new Dictionary<string, Price>(StringComparer.Ordinal);
        var offers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var offer in Offers)
        {
            var matchers = Matchers.Where(m => m.Offer == offer).ToList();
            // A null family is one the sources do not name for sure; its (small) offer is then read whole.
            Func<string, bool> family = matchers.Any(m => m.Family is null) ? _ => true : matchers.Select(m => m.Family!).ToHashSet(StringComparer.Ordinal).Contains;
            progress?.Report($"reading {source.Location(offer, region)}");
            OfferFile file;
            var stream = await source.OpenAsync(offer, region, cancellationToken);
            await using (stream.ConfigureAwait(false))
            {
                file = await Task.Run(() => OfferFileReader.Read(stream, family, p => matchers.Any(m => Fits(m, p, region))), cancellationToken);
            }

            var location = source.Location(offer, region);
            var versioned = file.Version.Length > 0 ? location.Replace("/current/", $"/{file.Version}/", StringComparison.Ordinal) : location;
            offers[offer] = versioned;
            foreach (var matcher in matchers)
            {
                if (Select(file, matcher, region) is { } rate)
                {
                    var product = file.Products[rate.Sku];
                    found[matcher.Key] = new Price(
                        matcher.Key,
                        rate.Usd * matcher.Multiplier,
                        fallback[matcher.Key].Unit,
                        "A",
                        $"AWS Price List {offer} {file.Version} ({versioned}): SKU {rate.Sku}, usage type {product.Attribute("usagetype")}, rate code {rate.RateCode} ({rate.Description.Trim()})");
                }
            }
        }

        var carried = PriceKeys.Prices.Where(k => !found.ContainsKey(k)).ToList();
        var prices = PriceKeys.Prices.Select(k => found.TryGetValue(k, out var p) ? p : CarryOver(fallback[k], baseline is not null, region));
        var table = new PriceTable(
            region,
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            $"AWS Price List bulk offer files read on {date:yyyy-MM-dd} (public, no credentials); figures not in them carried over from Ironclad's embedded table of {fallback.Date} as each says.",
            prices,
            fallback.FreeTiers,
            offers,
            fallback.HoursPerMonth);
        return new PriceUpdate(table, PriceKeys.Prices.Where(found.ContainsKey).ToList(), carried);
    }

    private static Price CarryOver(Price price, bool sameRegion, string region) => sameRegion
        ? price with { Note = (price.Note is null ? "" : price.Note + "; ") + "not found in the offer files: kept from the embedded table" }
        : price with
        {
            Assumed = true,
            Note = $"not found in the offer files for {region}: us-east-1 figure carried over",
        };

    /// <summary>
    /// The first paid tier of each matching product (free tiers are $0 rows); when several products match
    /// (inter-region transfer has one per destination) the most common rate, the highest on a tie.
    /// </summary>
    private static OfferRate? Select(OfferFile file, Matcher matcher, string region) =>
        file.Products.Values.Where(p => Fits(matcher, p, region))
            .Select(p => file.Rates.Where(r => r.Sku == p.Sku && r.Usd > 0).MinBy(r => r.BeginRange))
            .OfType<OfferRate>()
            .GroupBy(r => r.Usd)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Key)
            .Select(g => g.OrderBy(r => r.Sku, StringComparer.Ordinal).First())
            .FirstOrDefault();

    private static bool Fits(Matcher matcher, OfferProduct product, string region) =>
        (matcher.Family is null || matcher.Family == product.ProductFamily) && matcher.Matches(product, region);

    private static bool InRegion(OfferProduct product, string region) => product.Attribute("regionCode") == region;

    /// <summary>The usage type is <paramref name="suffix"/> with at most a region prefix: <c>NatGateway-Hours</c>, <c>EUC1-NatGateway-Hours</c>, never <c>RegionalNatGateway-Hours</c>.</summary>
    private static bool UsageType(OfferProduct product, string suffix)
    {
        var usage = product.Attribute("usagetype");
        return usage == suffix || (usage.EndsWith("-" + suffix, StringComparison.Ordinal) && RegionPrefix().IsMatch(usage[..^(suffix.Length + 1)]));
    }

    [GeneratedRegex("^[A-Z]{2,4}[0-9]?$")]
    private static partial Regex RegionPrefix();
}
