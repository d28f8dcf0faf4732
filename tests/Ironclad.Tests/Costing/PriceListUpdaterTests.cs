using System.Text;
using Ironclad.Core.Costing;

namespace Ironclad.Tests.Costing;

/// <summary>Refreshing prices from offer-file slices in Fixtures/Cost/offers (no network).</summary>
public class PriceListUpdaterTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static string Offers => CostTestData.Fixture("offers");

    [Fact]
    public async Task Should_Read_Every_Figure_From_Region_Prefixed_Usage_Types()
    {
        var update = await PriceListUpdater.UpdateAsync(new DirectoryOfferFileSource(Offers), "eu-central-1", Today);

        var table = update.Table;
        var expected = new Dictionary<string, decimal>
        {
            [PriceKeys.NatGatewayHour] = 0.052m,
            [PriceKeys.NatGatewayGb] = 0.052m,
            [PriceKeys.PublicIpv4Hour] = 0.005m,
            [PriceKeys.InterfaceEndpointHour] = 0.012m,
            [PriceKeys.InterfaceEndpointGb] = 0.01m,
            [PriceKeys.KmsKeyMonth] = 1m,
            [PriceKeys.KmsRotationMonth] = 1m,
            [PriceKeys.KmsRequestsPer10K] = 0.03m,
            [PriceKeys.DynamoDbPitrGbMonth] = 0.2448m,
            [PriceKeys.S3StandardGbMonth] = 0.0245m,
            [PriceKeys.S3StandardIaGbMonth] = 0.0135m,
            [PriceKeys.InterRegionTransferGb] = 0.02m,
            [PriceKeys.SqsRequestsPerMillion] = 0.40m,
            [PriceKeys.CloudWatchAlarmMonth] = 0.10m,
            [PriceKeys.LogsIngestGb] = 0.63m,
            [PriceKeys.LogsStorageGbMonth] = 0.0324m,
            [PriceKeys.XRayTracesPerMillion] = 5m,
        };
        Assert.Equal(expected, table.Prices.ToDictionary(p => p.Key, p => p.Usd));
        Assert.Equal([PriceKeys.KmsRotationMonth, PriceKeys.XRayTracesPerMillion], update.CarriedOver);
        Assert.Equal("2026-12-01", table.Date);
        Assert.DoesNotContain(table.Prices, p => p.Assumed);
    }

    [Fact]
    public async Task Should_Cite_The_Versioned_Offer_And_The_Sku()
    {
        var update = await PriceListUpdater.UpdateAsync(new DirectoryOfferFileSource(Offers), "eu-central-1", Today);

        var nat = update.Table[PriceKeys.NatGatewayHour];
        Assert.Equal("A", nat.Evidence);
        Assert.Contains("AWS Price List AmazonEC2 20261101000000", nat.Source, StringComparison.Ordinal);
        Assert.Contains("SKU EUC1NATHOURS00001, usage type EUC1-NatGateway-Hours, rate code EUC1NATHOURS00001.JRTCKXETXF.6YS6EN2CT7", nat.Source, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(Offers, "AmazonEC2-eu-central-1.json"), update.Table.Offers["AmazonEC2"]);
        Assert.Equal(PriceListUpdater.Offers.Order(StringComparer.Ordinal), update.Table.Offers.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("kept from the embedded table", update.Table[PriceKeys.KmsRotationMonth].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Price_With_The_Refreshed_Table()
    {
        var update = await PriceListUpdater.UpdateAsync(new DirectoryOfferFileSource(Offers), "eu-central-1", Today);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(update.Table.ToJson()));
        var table = PriceTable.Read(stream, "refreshed");

        var report = CostEstimator.Estimate(CostTestData.Load("original.yaml"), CostTestData.Load("hardened.yaml"), UsageAssumptions.Defaults, table);

        Assert.Equal(2.448m, CostTestData.Item(report, "DynamoDB point-in-time recovery").Monthly);
        Assert.Equal(2 * (0.052m + 0.005m) * 730m, CostTestData.Item(report, "NAT gateway with its public IPv4 address").Monthly);
        Assert.Empty(report.AssumedPrices);
    }

    [Fact]
    public async Task Should_Take_Unprefixed_Us_East_1_Usage_Types_And_Skip_Regional_Nat()
    {
        var source = new SliceOrEmptySource(Offers, "AmazonEC2");

        var update = await PriceListUpdater.UpdateAsync(source, "us-east-1", Today);

        Assert.Equal(0.045m, update.Table[PriceKeys.NatGatewayHour].Usd);
        Assert.Contains("SKU M2YSHUBETB3JX4M4", update.Table[PriceKeys.NatGatewayHour].Source, StringComparison.Ordinal);
        Assert.Contains("usage type USE1-NatGateway-Bytes", update.Table[PriceKeys.NatGatewayGb].Source, StringComparison.Ordinal);
        Assert.Equal([PriceKeys.NatGatewayHour, PriceKeys.NatGatewayGb], update.Refreshed);
        Assert.Equal(PriceTable.Embedded("us-east-1")[PriceKeys.S3StandardGbMonth].Usd, update.Table[PriceKeys.S3StandardGbMonth].Usd);
        Assert.Contains("not found in the offer files", update.Table[PriceKeys.S3StandardGbMonth].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Carry_Us_East_1_Figures_As_Assumed_For_A_Region_Without_A_Table()
    {
        var update = await PriceListUpdater.UpdateAsync(new SliceOrEmptySource(Offers, "none"), "sa-east-1", Today);

        Assert.Empty(update.Refreshed);
        Assert.All(update.Table.Prices, p => Assert.True(p.Assumed, p.Key));
        Assert.Equal("not found in the offer files for sa-east-1: us-east-1 figure carried over", update.Table[PriceKeys.NatGatewayHour].Note);
    }

    [Fact]
    public void Should_Read_A_File_Delivered_A_Few_Bytes_At_A_Time()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Offers, "AmazonVPC-eu-central-1.json"));

        var whole = OfferFileReader.Read(new MemoryStream(bytes), _ => true, _ => true);
        var trickled = OfferFileReader.Read(new TrickleStream(bytes, 7), _ => true, _ => true);

        Assert.Equal(5, whole.Products.Count);
        Assert.Equal(whole.Products.Keys, trickled.Products.Keys);
        Assert.Equal(whole.Rates, trickled.Rates);
        Assert.Equal("20261101000001", trickled.Version);
    }

    [Fact]
    public void Should_Stream_An_Offer_Far_Larger_Than_Its_Buffer()
    {
        // 120,000 compute products (~56 MB) that are never held in memory: produced as they are read.
        using var stream = new GeneratedOfferStream(120_000);

        var file = OfferFileReader.Read(stream, f => f == "NAT Gateway", p => p.Attribute("usagetype") == "NatGateway-Hours");

        Assert.True(stream.Produced > 50_000_000, $"{stream.Produced} bytes");
        var product = Assert.Single(file.Products.Values);
        Assert.Equal("NATSKU", product.Sku);
        Assert.Equal(0.045m, Assert.Single(file.Rates).Usd);
    }

    [Fact]
    public void Should_Refuse_Terms_Before_Products()
    {
        var json = """{"offerCode":"AmazonEC2","terms":{"OnDemand":{}},"products":{}}""";

        var ex = Assert.Throws<InvalidDataException>(() => OfferFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), _ => true, _ => true));

        Assert.Equal("terms come before products; this reader needs products first, as AWS writes them", ex.Message);
    }

    [Fact]
    public void Should_Report_Truncated_Json()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Offers, "AmazonEC2-us-east-1.json"))[..1500];

        var ex = Assert.Throws<InvalidDataException>(() => OfferFileReader.Read(new MemoryStream(bytes), _ => true, _ => true));

        Assert.StartsWith("not a valid offer file near byte 1500", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Serves one offer's slice from the fixtures and an empty offer file for the others.</summary>
    private sealed class SliceOrEmptySource(string directory, string offer) : IOfferFileSource
    {
        public string Location(string offerCode, string region) => $"test://{offerCode}/{region}";

        public Task<Stream> OpenAsync(string offerCode, string region, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(offerCode == offer
                ? File.OpenRead(Path.Combine(directory, $"{offerCode}-{region}.json"))
                : new MemoryStream(Encoding.UTF8.GetBytes("{\"offerCode\":\"" + offerCode + "\",\"version\":\"1\",\"products\":{},\"terms\":{\"OnDemand\":{}}}")));
    }

    /// <summary>A stream that returns at most a few bytes per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    /// <summary>An offer file written on demand: many compute products, one NAT gateway product at the end, then its terms.</summary>
    private sealed class GeneratedOfferStream(int products) : Stream
    {
        private readonly IEnumerator<byte[]> parts = Parts(products).GetEnumerator();
        private byte[] current = [];
        private int position;

        public long Produced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (position == current.Length)
            {
                if (!parts.MoveNext())
                {
                    return 0;
                }

                current = parts.Current;
                position = 0;
            }

            var n = Math.Min(count, current.Length - position);
            Array.Copy(current, position, buffer, offset, n);
            position += n;
            Produced += n;
            return n;
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
                parts.Dispose();
            }

            base.Dispose(disposing);
        }

        private static IEnumerable<byte[]> Parts(int count)
        {
            yield return "{\"offerCode\":\"AmazonEC2\",\"version\":\"1\",\"products\":{"u8.ToArray();
            for (var i = 0; i < count; i++)
            {
                yield return Encoding.UTF8.GetBytes($"\"SKU{i:D8}\":{{\"sku\":\"SKU{i:D8}\",\"productFamily\":\"Compute Instance\",\"attributes\":{{\"instanceType\":\"m5.large\",\"usagetype\":\"BoxUsage:m5.large\",\"operatingSystem\":\"Linux\",\"regionCode\":\"us-east-1\",\"tenancy\":\"Shared\",\"preInstalledSw\":\"NA\",\"licenseModel\":\"No License required\",\"capacitystatus\":\"Used\",\"memory\":\"8 GiB\",\"vcpu\":\"2\"}}}},");
            }

            yield return "\"NATSKU\":{\"sku\":\"NATSKU\",\"productFamily\":\"NAT Gateway\",\"attributes\":{\"usagetype\":\"NatGateway-Hours\",\"regionCode\":\"us-east-1\"}}},\"terms\":{\"OnDemand\":{"u8.ToArray();
            for (var i = 0; i < count; i++)
            {
                yield return Encoding.UTF8.GetBytes($"\"SKU{i:D8}\":{{\"SKU{i:D8}.JRTCKXETXF\":{{\"priceDimensions\":{{\"SKU{i:D8}.JRTCKXETXF.6YS6EN2CT7\":{{\"unit\":\"Hrs\",\"pricePerUnit\":{{\"USD\":\"0.096\"}}}}}}}}}},");
            }

            yield return "\"NATSKU\":{\"NATSKU.JRTCKXETXF\":{\"priceDimensions\":{\"NATSKU.JRTCKXETXF.6YS6EN2CT7\":{\"unit\":\"Hrs\",\"beginRange\":\"0\",\"endRange\":\"Inf\",\"pricePerUnit\":{\"USD\":\"0.0450000000\"}}}}}}}}"u8.ToArray();
        }
    }
}
