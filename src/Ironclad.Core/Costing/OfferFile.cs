using System.Globalization;
using System.Text.Json;

namespace Ironclad.Core.Costing;

/// <summary>A product of an AWS Price List offer file: its SKU, family and attributes (usagetype, regionCode, …).</summary>
public sealed record OfferProduct(string Sku, string ProductFamily, IReadOnlyDictionary<string, string> Attributes)
{
    public string Attribute(string name) => Attributes.TryGetValue(name, out var v) ? v : "";
}

/// <summary>One on-demand price dimension: a rate for a range of usage (free tiers are $0 ranges).</summary>
public sealed record OfferRate(string Sku, string RateCode, string Unit, decimal BeginRange, decimal? EndRange, decimal Usd, string Description);

/// <summary>What was kept of one offer file: its version and the wanted products with their on-demand rates.</summary>
public sealed record OfferFile(string OfferCode, string Version, string PublicationDate, IReadOnlyDictionary<string, OfferProduct> Products, IReadOnlyList<OfferRate> Rates);

/// <summary>
/// Reads a Price List bulk offer file (<c>products</c>, then <c>terms.OnDemand.SKU.TERM.priceDimensions.RATE</c>)
/// in one streaming pass, keeping only the products the caller wants and their on-demand rates.
/// </summary>
public static class OfferFileReader
{
    /// <param name="family">Whether a product family is worth reading attributes for; other products are skipped unread, which is what makes the EC2 file affordable.</param>
    /// <param name="wanted">Whether to keep a product of a wanted family.</param>
    public static OfferFile Read(Stream stream, Func<string, bool> family, Func<OfferProduct, bool> wanted)
    {
        var reader = new JsonStreamReader(stream);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("an offer file is a JSON object");
            }

            string offerCode = "", version = "", publication = "";
            Dictionary<string, OfferProduct>? products = null;
            var rates = new List<OfferRate>();
            foreach (var name in reader.Properties())
            {
                switch (name)
                {
                    case "offerCode":
                        offerCode = reader.ReadString() ?? "";
                        break;
                    case "version":
                        version = reader.ReadString() ?? "";
                        break;
                    case "publicationDate":
                        publication = reader.ReadString() ?? "";
                        break;
                    case "products":
                        reader.Read();
                        products = ReadProducts(reader, family, wanted);
                        break;
                    case "terms":
                        if (products is null)
                        {
                            // Real offer files put products first; reading terms first would mean holding every SKU's rates.
                            throw new InvalidDataException("terms come before products; this reader needs products first, as AWS writes them");
                        }

                        reader.Read();
                        ReadTerms(reader, products, rates);
                        break;
                    default:
                        reader.Read();
                        reader.Skip();
                        break;
                }
            }

            return new OfferFile(offerCode, version, publication, products ?? [], rates);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not a valid offer file near byte {reader.BytesRead}: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"not a valid offer file: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, OfferProduct> ReadProducts(JsonStreamReader reader, Func<string, bool> familyWanted, Func<OfferProduct, bool> wanted)
    {
        var products = new Dictionary<string, OfferProduct>(StringComparer.Ordinal);
        foreach (var sku in reader.Properties())
        {
            reader.Read();
            string? family = null;
            string? productSku = null;
            Dictionary<string, string>? attributes = null;
            foreach (var field in reader.Properties())
            {
                switch (field)
                {
                    case "sku":
                        productSku = reader.ReadString();
                        break;
                    case "productFamily":
                        family = reader.ReadString();
                        break;
                    case "attributes" when family is null || familyWanted(family):
                        reader.Read();
                        attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (var attribute in reader.Properties())
                        {
                            if (reader.ReadString() is { } text)
                            {
                                attributes[attribute] = text;
                            }
                        }

                        break;
                    default:
                        reader.Read();
                        reader.Skip();
                        break;
                }
            }

            if (family is not null && attributes is not null && familyWanted(family))
            {
                var product = new OfferProduct(productSku ?? sku, family, attributes);
                if (wanted(product))
                {
                    products[product.Sku] = product;
                }
            }
        }

        return products;
    }

    private static void ReadTerms(JsonStreamReader reader, Dictionary<string, OfferProduct> products, List<OfferRate> rates)
    {
        foreach (var termType in reader.Properties())
        {
            reader.Read();
            if (termType != "OnDemand")
            {
                reader.Skip();
                continue;
            }

            foreach (var sku in reader.Properties())
            {
                reader.Read();
                if (!products.ContainsKey(sku))
                {
                    reader.Skip();
                    continue;
                }

                foreach (var _ in reader.Properties())
                {
                    reader.Read();
                    foreach (var field in reader.Properties())
                    {
                        reader.Read();
                        if (field != "priceDimensions")
                        {
                            reader.Skip();
                            continue;
                        }

                        foreach (var rateCode in reader.Properties())
                        {
                            reader.Read();
                            rates.Add(ReadRate(reader, sku, rateCode));
                        }
                    }
                }
            }
        }
    }

    private static OfferRate ReadRate(JsonStreamReader reader, string sku, string rateCode)
    {
        string unit = "", description = "", begin = "0", end = "Inf";
        string? usd = null;
        foreach (var field in reader.Properties())
        {
            switch (field)
            {
                case "unit":
                    unit = reader.ReadString() ?? "";
                    break;
                case "description":
                    description = reader.ReadString() ?? "";
                    break;
                case "beginRange":
                    begin = reader.ReadString() ?? "0";
                    break;
                case "endRange":
                    end = reader.ReadString() ?? "Inf";
                    break;
                case "pricePerUnit":
                    reader.Read();
                    foreach (var currency in reader.Properties())
                    {
                        var amount = reader.ReadString();
                        if (currency == "USD")
                        {
                            usd = amount;
                        }
                    }

                    break;
                default:
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }

        if (usd is null)
        {
            throw new InvalidDataException($"rate {rateCode} has no USD price");
        }

        return new OfferRate(
            sku,
            rateCode,
            unit,
            Figure(begin, rateCode, "beginRange", MaxRange),
            end == "Inf" ? null : Figure(end, rateCode, "endRange", MaxRange),
            Figure(usd, rateCode, "USD price", PriceTable.MaxPrice),
            description);
    }

    /// <summary>Tier bounds beyond this are "no limit" in all but name; larger ones would only overflow the arithmetic.</summary>
    private const decimal MaxRange = 1_000_000_000_000_000_000m;

    /// <summary>A figure of an offer file, refused (not overflowed) when it is not a number or out of range (1e400).</summary>
    private static decimal Figure(string text, string rateCode, string what, decimal max) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max
            ? value
            : throw new InvalidDataException($"rate {rateCode}: {what} '{text}' is not a number between 0 and {max:N0}");
}
