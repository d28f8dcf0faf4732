using Ironclad.Core.Costing;

namespace Ironclad.Tests.Costing;

public class PriceTableTests
{
    public static TheoryData<string> Regions => new(PriceTable.EmbeddedRegions);

    [Fact]
    public void Should_Embed_The_Five_Regions()
    {
        Assert.Equal(["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"], PriceTable.EmbeddedRegions);
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Should_Date_And_Source_Every_Figure(string region)
    {
        var table = PriceTable.Embedded(region);

        Assert.Equal(region, table.Region);
        Assert.Equal("2026-11-27", table.Date);
        Assert.Equal(730m, table.HoursPerMonth);
        Assert.All(table.Prices, p => Assert.False(string.IsNullOrWhiteSpace(p.Source), p.Key));
        Assert.All(table.Prices.Where(p => p.Assumed), p => Assert.False(string.IsNullOrWhiteSpace(p.Note), p.Key));
        Assert.All(table.FreeTiers, f => Assert.True(f.Quantity > 0, f.Key));
    }

    [Fact]
    public void Should_Mark_Exactly_The_Figures_The_Reference_Lacks()
    {
        string[] Assumed(string region) => PriceTable.Embedded(region).Prices.Where(p => p.Assumed).Select(p => p.Key).ToArray();

        Assert.Empty(Assumed("us-east-1"));
        Assert.Equal([PriceKeys.NatGatewayGb, PriceKeys.S3StandardIaGbMonth, PriceKeys.InterRegionTransferGb], Assumed("us-west-2"));
        Assert.Equal([PriceKeys.DynamoDbPitrGbMonth, PriceKeys.S3StandardGbMonth, PriceKeys.S3StandardIaGbMonth, PriceKeys.InterRegionTransferGb], Assumed("eu-west-1"));
        Assert.Equal(
            [PriceKeys.NatGatewayGb, PriceKeys.DynamoDbPitrGbMonth, PriceKeys.S3StandardGbMonth, PriceKeys.S3StandardIaGbMonth, PriceKeys.InterRegionTransferGb, PriceKeys.CloudWatchAlarmMonth],
            Assumed("eu-central-1"));
        Assert.Equal(
            [PriceKeys.NatGatewayGb, PriceKeys.InterfaceEndpointHour, PriceKeys.DynamoDbPitrGbMonth, PriceKeys.S3StandardGbMonth, PriceKeys.S3StandardIaGbMonth, PriceKeys.InterRegionTransferGb, PriceKeys.CloudWatchAlarmMonth],
            Assumed("ap-southeast-2"));
    }

    [Fact]
    public void Should_Round_Trip_Through_Its_Json()
    {
        var table = PriceTable.Embedded("eu-west-1");

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(table.ToJson()));
        var again = PriceTable.Read(stream, "test");

        Assert.Equal(table.ToJson(), again.ToJson());
        Assert.Equal(0.048m, again[PriceKeys.NatGatewayHour].Usd);
    }

    [Fact]
    public void Should_Write_The_Embedded_Files_Byte_For_Byte()
    {
        foreach (var region in PriceTable.EmbeddedRegions)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Ironclad.Core", "Data", "prices", region + ".json");
            Assert.Equal(File.ReadAllText(path), PriceTable.Embedded(region).ToJson());
        }
    }

    [Fact]
    public void Should_Refuse_A_Table_Missing_A_Figure()
    {
        var json = PriceTable.Embedded("us-east-1").ToJson().Replace("\"nat_gateway_gb\"", "\"nat_gateway_gbx\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => PriceTable.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "mine.json"));
        Assert.Equal("mine.json: price table for us-east-1 lacks nat_gateway_gb", ex.Message);
    }

    [Fact]
    public void Should_Name_The_Embedded_Regions_For_An_Unknown_One()
    {
        var ex = Assert.Throws<ArgumentException>(() => PriceTable.Embedded("sa-east-1"));

        Assert.StartsWith("no embedded prices for region sa-east-1; embedded: ap-southeast-2, eu-central-1, eu-west-1, us-east-1, us-west-2", ex.Message, StringComparison.Ordinal);
    }
}
