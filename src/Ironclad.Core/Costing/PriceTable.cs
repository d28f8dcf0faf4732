using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ironclad.Core.Costing;

/// <summary>The names of the figures a price table holds; the estimator asks for these and nothing else.</summary>
public static class PriceKeys
{
    public const string NatGatewayHour = "nat_gateway_hour";
    public const string NatGatewayGb = "nat_gateway_gb";
    public const string PublicIpv4Hour = "public_ipv4_hour";
    public const string InterfaceEndpointHour = "interface_endpoint_hour";
    public const string InterfaceEndpointGb = "interface_endpoint_gb";
    public const string KmsKeyMonth = "kms_key_month";
    public const string KmsRotationMonth = "kms_rotation_month";
    public const string KmsRequestsPer10K = "kms_requests_per_10k";
    public const string DynamoDbPitrGbMonth = "dynamodb_pitr_gb_month";
    public const string S3StandardGbMonth = "s3_standard_gb_month";
    public const string S3StandardIaGbMonth = "s3_standard_ia_gb_month";
    public const string InterRegionTransferGb = "data_transfer_inter_region_gb";
    public const string SqsRequestsPerMillion = "sqs_requests_per_million";
    public const string CloudWatchAlarmMonth = "cloudwatch_alarm_month";
    public const string XRayTracesPerMillion = "xray_traces_recorded_per_million";
    public const string LogsIngestGb = "cloudwatch_logs_ingest_gb";
    public const string LogsStorageGbMonth = "cloudwatch_logs_storage_gb_month";

    public const string FreeKmsRequests = "kms_requests";
    public const string FreeSqsRequests = "sqs_requests";
    public const string FreeCloudWatchAlarms = "cloudwatch_alarms";
    public const string FreeXRayTraces = "xray_traces_recorded";

    public static IReadOnlyList<string> Prices { get; } =
    [
        NatGatewayHour, NatGatewayGb, PublicIpv4Hour, InterfaceEndpointHour, InterfaceEndpointGb, KmsKeyMonth,
        KmsRotationMonth, KmsRequestsPer10K, DynamoDbPitrGbMonth, S3StandardGbMonth, S3StandardIaGbMonth,
        InterRegionTransferGb, SqsRequestsPerMillion, CloudWatchAlarmMonth, XRayTracesPerMillion, LogsIngestGb,
        LogsStorageGbMonth,
    ];

    public static IReadOnlyList<string> FreeTiers { get; } = [FreeKmsRequests, FreeSqsRequests, FreeCloudWatchAlarms, FreeXRayTraces];
}

/// <summary>
/// One figure of a price table with its provenance. <see cref="Assumed"/> marks a figure the sources
/// did not give for this region, filled in as the note says; reports list those so nobody quotes them.
/// </summary>
public sealed record Price(string Key, decimal Usd, string Unit, string Evidence, string Source, bool Assumed = false, string? Note = null);

/// <summary>A free tier: a quantity per month that costs nothing, usually per account rather than per stack.</summary>
public sealed record FreeTier(string Key, decimal Quantity, string Unit, string Source);

/// <summary>A dated set of on-demand list prices for one region, in the JSON shape of <c>Data/prices/*.json</c>.</summary>
public sealed class PriceTable
{
    public const string Format = "ironclad-prices/1";

    private static readonly string ResourcePrefix = "Ironclad.Core.Data.prices.";

    private readonly Dictionary<string, Price> prices;
    private readonly Dictionary<string, FreeTier> freeTiers;

    public PriceTable(
        string region,
        string date,
        string source,
        IEnumerable<Price> prices,
        IEnumerable<FreeTier> freeTiers,
        IReadOnlyDictionary<string, string>? offers = null,
        decimal hoursPerMonth = 730m)
    {
        Region = region;
        Date = date;
        Source = source;
        HoursPerMonth = hoursPerMonth;
        Offers = offers ?? new Dictionary<string, string>();
        this.prices = prices.ToDictionary(p => p.Key, StringComparer.Ordinal);
        this.freeTiers = freeTiers.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var missing = PriceKeys.Prices.Where(k => !this.prices.ContainsKey(k))
            .Concat(PriceKeys.FreeTiers.Where(k => !this.freeTiers.ContainsKey(k)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"price table for {region} lacks {string.Join(", ", missing)}");
        }
    }

    public string Region { get; }

    /// <summary>The day the figures were compiled or read from the Price List (yyyy-MM-dd).</summary>
    public string Date { get; }

    public string Source { get; }

    public const string Currency = "USD";

    /// <summary>AWS calculator convention: 365 × 24 / 12.</summary>
    public decimal HoursPerMonth { get; }

    /// <summary>For a table built from offer files: each offer's versioned URL, the provenance of its figures.</summary>
    public IReadOnlyDictionary<string, string> Offers { get; }

    public IEnumerable<Price> Prices => PriceKeys.Prices.Select(k => prices[k]);

    public IEnumerable<FreeTier> FreeTiers => PriceKeys.FreeTiers.Select(k => freeTiers[k]);

    public Price this[string key] => prices.TryGetValue(key, out var p) ? p : throw new KeyNotFoundException($"no price {key}");

    public FreeTier Free(string key) => freeTiers.TryGetValue(key, out var f) ? f : throw new KeyNotFoundException($"no free tier {key}");

    /// <summary>The regions with an embedded table.</summary>
    public static IReadOnlyList<string> EmbeddedRegions { get; } = typeof(PriceTable).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static PriceTable Embedded(string region)
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourcePrefix + region + ".json")
            ?? throw new ArgumentException(
                $"no embedded prices for region {region}; embedded: {string.Join(", ", EmbeddedRegions)} (build a table with `ironclad prices update --region {region}` and pass it with --prices)",
                nameof(region));
        return Read(stream, $"embedded prices for {region}");
    }

    public static PriceTable Load(string path)
    {
        using var stream = new MemoryStream(Inputs.BoundedFile.ReadAllBytes(path));
        return Read(stream, path);
    }

    public static PriceTable Read(Stream stream, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return FromJson(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{origin}: not a price table ({ex.Message})", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{origin}: {ex.Message}", ex);
        }
    }

    private static PriceTable FromJson(JsonElement root)
    {
        var format = root.GetProperty("format").GetString();
        if (format != Format)
        {
            throw new InvalidDataException($"format is {format}, expected {Format}");
        }

        var currency = root.GetProperty("currency").GetString();
        if (currency != "USD")
        {
            throw new InvalidDataException($"currency is {currency}; only USD tables are supported");
        }

        var prices = root.GetProperty("prices").EnumerateObject().Select(p => new Price(
            p.Name,
            Bounded(p.Value.GetProperty("usd").GetDecimal(), MaxPrice, $"price {p.Name}"),
            p.Value.GetProperty("unit").GetString() ?? "",
            p.Value.GetProperty("evidence").GetString() ?? "",
            p.Value.GetProperty("source").GetString() ?? "",
            p.Value.TryGetProperty("assumed", out var assumed) && assumed.GetBoolean(),
            p.Value.TryGetProperty("note", out var note) ? note.GetString() : null));
        var free = root.GetProperty("free_tiers").EnumerateObject().Select(f => new FreeTier(
            f.Name,
            Bounded(f.Value.GetProperty("quantity").GetDecimal(), UsageAssumptions.MaxQuantity, $"free tier {f.Name}"),
            f.Value.GetProperty("unit").GetString() ?? "",
            f.Value.GetProperty("source").GetString() ?? ""));
        var offers = root.TryGetProperty("offers", out var o)
            ? o.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString() ?? "", StringComparer.Ordinal)
            : null;
        var date = root.GetProperty("date").GetString() ?? "";
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new InvalidDataException($"date {date} is not yyyy-MM-dd");
        }

        return new PriceTable(
            root.GetProperty("region").GetString() ?? "",
            date,
            root.GetProperty("source").GetString() ?? "",
            prices,
            free,
            offers,
            root.TryGetProperty("hours_per_month", out var h) ? Bounded(h.GetDecimal(), 744m, "hours_per_month") : 730m);
    }

    /// <summary>
    /// The largest unit price accepted, in USD: no AWS unit costs near this, and with usage figures
    /// bounded by <see cref="UsageAssumptions.MaxQuantity"/> every product stays inside <see cref="decimal"/>.
    /// </summary>
    public const decimal MaxPrice = 1_000_000_000m;

    private static decimal Bounded(decimal value, decimal max, string what) =>
        value >= 0 && value <= max ? value : throw new InvalidDataException($"{what} is {value}; it must be between 0 and {max:N0}");

    /// <summary>Writes the table in the shape <see cref="Read"/> accepts, one figure per line block, for readable diffs.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("region", Region);
            writer.WriteString("currency", Currency);
            writer.WriteString("date", Date);
            writer.WriteNumber("hours_per_month", HoursPerMonth);
            writer.WriteString("source", Source);
            if (Offers.Count > 0)
            {
                writer.WriteStartObject("offers");
                foreach (var (offer, url) in Offers.OrderBy(o => o.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(offer, url);
                }

                writer.WriteEndObject();
            }

            writer.WriteStartObject("prices");
            foreach (var price in Prices)
            {
                writer.WriteStartObject(price.Key);
                writer.WriteNumber("usd", price.Usd);
                writer.WriteString("unit", price.Unit);
                writer.WriteString("evidence", price.Evidence);
                writer.WriteString("source", price.Source);
                if (price.Assumed)
                {
                    writer.WriteBoolean("assumed", true);
                }

                if (price.Note is not null)
                {
                    writer.WriteString("note", price.Note);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("free_tiers");
            foreach (var free in FreeTiers)
            {
                writer.WriteStartObject(free.Key);
                writer.WriteNumber("quantity", free.Quantity);
                writer.WriteString("unit", free.Unit);
                writer.WriteString("source", free.Source);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
