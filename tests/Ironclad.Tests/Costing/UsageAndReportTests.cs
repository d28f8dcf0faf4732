using Ironclad.Core.Templates;
using Ironclad.Core.Costing;
using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Costing;

public class UsageAndReportTests
{
    [Fact]
    public void Should_Read_An_Infracost_Style_Usage_File()
    {
        var usage = UsageAssumptions.Defaults.WithFile("usage.yml", """
            version: 0.1
            usage:
              nat_gateway_gb_per_month: 250
              kms_requests_per_month: 1_000_000
            resource_usage:
              MessagesTable:
                dynamodb_table_gb: 42.5
            """);

        Assert.Equal(250m, usage[UsageAssumptions.NatGatewayGbPerMonth]);
        Assert.Equal(1_000_000m, usage[UsageAssumptions.KmsRequestsPerMonth]);
        Assert.Equal(42.5m, usage.For(UsageAssumptions.DynamoDbTableGb, "MessagesTable"));
        Assert.Equal(5m, usage.For(UsageAssumptions.DynamoDbTableGb, "SessionsTable"));
        Assert.Equal(["kms_requests_per_month", "nat_gateway_gb_per_month"], usage.Given.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("version: 0.2\n", "1:10: version must be 0.1")]
    [InlineData("usage:\n  nat_gb: 1\n", "2:3: unknown usage setting 'nat_gb'; known: nat_gateway_gb_per_month, interface_endpoint_gb_per_month, dynamodb_table_gb, access_log_gb_per_month, replicated_gb_per_month, replica_gb_stored, noncurrent_version_gb, kms_requests_per_month, sqs_messages_per_month, xray_traces_per_month, kinesis_kms_requests_per_month, log_gb_per_month")]
    [InlineData("usage:\n  kms_requests_per_month: lots\n", "2:27: kms_requests_per_month: 'lots' is not a non-negative number")]
    [InlineData("resource_usage:\n  Nat:\n    nat_gateway_gb_per_month: 3\n", "3:5: nat_gateway_gb_per_month is stack-wide; it cannot be set for one resource (nat_gateway_gb_per_month.Nat)")]
    [InlineData("resources: {}\n", "1:1: unknown section resources; a usage file has version, usage and resource_usage")]
    public void Should_Say_What_Is_Wrong_In_A_Usage_File_And_Where(string text, string message)
    {
        var ex = Assert.Throws<TemplateLoadException>(() => UsageAssumptions.Defaults.WithFile("usage.yml", text));

        Assert.Equal(message, $"{ex.Position}: {ex.Message}");
    }

    [Fact]
    public void Should_Refuse_A_Set_Without_A_Value()
    {
        var ex = Assert.Throws<FormatException>(() => UsageAssumptions.Defaults.With("kms_requests_per_month"));

        Assert.StartsWith("'kms_requests_per_month' is not key=value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Print_The_Total_And_Each_Line_In_Markdown()
    {
        var (exit, output, error) = CliRunner.Run("cost", CostTestData.Fixture("original.yaml"), "--hardened", CostTestData.Fixture("hardened.yaml"), "--format", "markdown");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.Split('\n');

        // The first line is the marker a CI job finds its earlier comment by, to update it in place.
        Assert.Equal("<!-- ironclad-cost -->", lines[0]);
        Assert.StartsWith("### Monthly cost of hardening `", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("original.yaml`: **$137.10**", lines[1], StringComparison.Ordinal);
        Assert.Contains("Region us-east-1, prices of 2026-11-27", lines[3], StringComparison.Ordinal);
        Assert.Contains("| NAT gateway with its public IPv4 address | 2 gateways | $36.50/gateway-month | $73.00 | 2 × ($0.045/h × 730 h + $0.005/h IPv4 × 730 h) |", lines);
        Assert.Contains("| **Total** | | | **$137.10** | |", lines);
        Assert.Contains("| Log retention 30 days | $136.87 | $0.23 | LogRetentionDays=30 instead of 90 |", lines);
    }

    [Fact]
    public void Should_Write_Json_With_The_Items_Resources_And_Date()
    {
        var (exit, output, _) = CliRunner.Run("cost", CostTestData.Fixture("original.yaml"), "--hardened", CostTestData.Fixture("hardened.yaml"), "--format", "json", "--region", "eu-west-1", "--set", "nat_gateway_gb_per_month=100");

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("eu-west-1", root.GetProperty("region").GetString());
        Assert.Equal("2026-11-27", root.GetProperty("priceDate").GetString());
        var nat = root.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("item").GetString() == "NAT gateway data processing");
        Assert.Equal(4.8m, nat.GetProperty("monthly").GetDecimal());
        Assert.Equal(["NatGateway1", "NatGateway2"], nat.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(100m, root.GetProperty("usage").EnumerateArray().Single(u => u.GetProperty("key").GetString() == "nat_gateway_gb_per_month").GetProperty("value").GetDecimal());
        Assert.Contains(root.GetProperty("assumedPrices").EnumerateArray(), p => p.GetProperty("price").GetString() == PriceKeys.DynamoDbPitrGbMonth);
    }

    [Fact]
    public void Should_Take_The_Region_From_Samconfig_Beside_The_Template()
    {
        using var dir = new TempDir();
        var original = dir.Write("template.yaml", File.ReadAllText(CostTestData.Fixture("original.yaml")));
        dir.Write("samconfig.toml", "version = 0.1\n[default.deploy.parameters]\nregion = \"eu-central-1\"\n");

        var (exit, output, _) = CliRunner.Run("cost", original, "--hardened", CostTestData.Fixture("hardened.yaml"));

        Assert.Equal(0, exit);
        Assert.Contains("Region eu-central-1, prices of 2026-11-27", output, StringComparison.Ordinal);
        Assert.Contains("2 × ($0.052/h × 730 h + $0.005/h IPv4 × 730 h)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--region", "sa-east-1", "ironclad: no embedded prices for region sa-east-1")]
    [InlineData("--set", "nat=1", "ironclad: --set unknown usage setting 'nat'")]
    [InlineData("--prices", "/nonexistent/prices.json", "/nonexistent/prices.json:1:1: price file: no such file")]
    public void Should_Exit_2_On_Bad_Options(string option, string value, string message)
    {
        var (exit, _, error) = CliRunner.Run("cost", CostTestData.Fixture("original.yaml"), "--hardened", CostTestData.Fixture("hardened.yaml"), option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_End_Fix_Reports_With_One_Total_Line()
    {
        var report = CostEstimator.Estimate(CostTestData.Load("original.yaml"), CostTestData.Load("hardened.yaml"), UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"));

        Assert.Equal(
            "Monthly cost of this change: $137.10 (us-east-1, prices of 2026-11-27, default usage unless given; `ironclad cost` shows each item and the savings options).",
            CostSummary.TotalLine(report));
    }
}

public class PricesCommandTests
{
    [Fact]
    public void Should_Write_A_Table_That_Cost_Then_Uses()
    {
        using var dir = new TempDir();
        var table = Path.Combine(dir.Path, "eu-central-1.json");

        var (exit, _, error) = CliRunner.Run("prices", "update", "--region", "eu-central-1", "--offers-dir", CostTestData.Fixture("offers"), "--output", table);

        Assert.Equal(0, exit);
        Assert.EndsWith("ironclad: 15 figures read from the offer files; carried over from the embedded table: kms_rotation_month, xray_traces_recorded_per_million.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var (costExit, output, _) = CliRunner.Run("cost", CostTestData.Fixture("original.yaml"), "--hardened", CostTestData.Fixture("hardened.yaml"), "--prices", table, "--format", "json");
        Assert.Equal(0, costExit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("eu-central-1", json.RootElement.GetProperty("region").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("assumedPrices").GetArrayLength());
    }

    [Fact]
    public void Should_Exit_2_When_An_Offer_File_Is_Missing()
    {
        using var dir = new TempDir();

        var (exit, _, error) = CliRunner.Run("prices", "update", "--region", "eu-west-1", "--offers-dir", dir.Path);

        Assert.Equal(2, exit);
        Assert.Contains("AmazonEC2-eu-west-1.json", error, StringComparison.Ordinal);
    }
}
