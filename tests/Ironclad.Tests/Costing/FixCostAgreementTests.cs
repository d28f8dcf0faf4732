using Ironclad.Core.Costing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Costing;

/// <summary>cost prices exactly the plan fix makes: for every combination of plan options, the resources it prices are the ones the planner says it adds.</summary>
public class FixCostAgreementTests
{
    public enum Replication
    {
        InStack,
        External,
        Off,
    }

    public static TheoryData<NetworkMode, bool, EndpointMode, AlarmMode, Replication> Combinations()
    {
        var data = new TheoryData<NetworkMode, bool, EndpointMode, AlarmMode, Replication>();
        foreach (var network in Enum.GetValues<NetworkMode>())
        {
            foreach (var singleNat in new[] { false, true })
            {
                foreach (var endpoints in new[] { EndpointMode.Auto, EndpointMode.None })
                {
                    foreach (var alarms in Enum.GetValues<AlarmMode>())
                    {
                        foreach (var replication in Enum.GetValues<Replication>())
                        {
                            data.Add(network, singleNat, endpoints, alarms, replication);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Should_Price_Exactly_What_The_Plan_Adds(NetworkMode network, bool singleNat, EndpointMode endpoints, AlarmMode alarms, Replication replication)
    {
        var original = CostTestData.Load("original.yaml");
        var options = new HardeningOptions
        {
            Network = network,
            SingleNat = singleNat,
            Endpoints = endpoints,
            Alarms = alarms,
            Skip = replication == Replication.Off ? [HardeningCost.ReplicationRule] : [],
            Parameters = replication == Replication.External
                ? new Dictionary<string, string> { ["ReplicationDestinationBucketArn"] = "arn:aws:s3:::dr-bucket-in-eu-west-1" }
                : new Dictionary<string, string>(),
        };
        var plan = Hardener.Plan(original, options);

        var report = CostEstimator.Estimate(original, HardeningCost.Hardened(original, plan), UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"), options.Parameters);

        Assert.Empty(report.Unpriced);
        Assert.Equal(plan.AddedResources.Select(r => r.LogicalId).Order(StringComparer.Ordinal), report.AddedResources.Order(StringComparer.Ordinal));
        Assert.All(report.NotCreated, n => Assert.Equal(n.Condition, plan.AddedResources.Single(r => r.LogicalId == n.LogicalId).Condition));
        var created = report.AddedResources.Except(report.NotCreated.Select(n => n.LogicalId)).Order(StringComparer.Ordinal);
        Assert.Equal(created, report.PricedResources.Where(report.AddedResources.Contains).Order(StringComparer.Ordinal));

        var nats = network == NetworkMode.New ? (singleNat ? 1 : 2) : 0;
        Assert.Equal(nats, report.Items.Where(i => i.Name == "NAT gateway with its public IPv4 address").Sum(i => i.Quantity));
        var interfaceEndpoints = report.Items.Count(i => i.Name.StartsWith("Interface endpoint: ", StringComparison.Ordinal));
        Assert.Equal(endpoints == EndpointMode.Auto ? plan.Endpoints.Count : 0, interfaceEndpoints);
        Assert.Equal(plan.AddedResources.Count(r => r.Type == "AWS::CloudWatch::Alarm"), report.Items.Where(i => i.Name == "CloudWatch alarms").Sum(i => i.Quantity));
        Assert.Equal(replication == Replication.InStack, report.Items.Any(i => i.Name.StartsWith("Failover bucket storage", StringComparison.Ordinal)));
        Assert.Equal(replication == Replication.External, report.Items.Any(i => i.Name == "S3 cross-region replication transfer"));
        Assert.Equal(replication == Replication.Off, !report.Items.Any(i => i.Name.StartsWith("S3 replication", StringComparison.Ordinal) || i.Name.StartsWith("S3 cross-region", StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_Price_The_Prechat_Plan_As_Fix_Makes_It()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "prechat", "template.yaml");
        var original = CfnTemplate.From(TemplateDocument.Load(path));
        var options = new HardeningOptions();
        var plan = Hardener.Plan(original, options);

        var report = HardeningCost.ForPlan(original, plan, options, UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"));

        Assert.Empty(report.Unpriced);
        Assert.Equal(plan.AddedResources.Select(r => r.LogicalId).Order(StringComparer.Ordinal), report.AddedResources.Order(StringComparer.Ordinal));
        Assert.Equal(73.00m, CostTestData.Item(report, "NAT gateway with its public IPv4 address").Monthly);
        Assert.Equal(plan.Endpoints.Select(e => $"Interface endpoint: {e.Service}").Order(StringComparer.Ordinal), report.Items.Where(i => i.Name.StartsWith("Interface endpoint: ", StringComparison.Ordinal)).Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2.00m, CostTestData.Item(report, "KMS customer-managed keys").Monthly);
        Assert.Equal(["SessionsTable", "MessagesTable"], CostTestData.Item(report, "DynamoDB point-in-time recovery").LogicalIds);
        var oneNat = Assert.Single(report.Savings, s => s.Option == "One NAT gateway");
        Assert.Equal(36.50m, oneNat.Saving);
        var noEndpoints = Assert.Single(report.Savings, s => s.Option == "No interface endpoints");
        Assert.Equal((plan.Endpoints.Count * 14.60m) + 0.05m - (5m * 0.045m), noEndpoints.Saving, 10);
        Assert.Contains(report.Savings, s => s.Option == "Replication only in production" && s.Saving > 0);
        Assert.Contains(report.Savings, s => s.Option == "Log retention 30 days" && s.Saving > 0);
    }

    /// <summary>
    /// The options priced from the plan already made (its template less the second NAT gateway, less endpoints) cost
    /// exactly what the planner writes when it is given the option: the plan made again is the independent answer.
    /// </summary>
    [Theory]
    [InlineData("original.yaml", AlarmMode.Region)]
    [InlineData("original.yaml", AlarmMode.PerFunction)]
    [InlineData("prechat", AlarmMode.Region)]
    public void Should_Price_Each_Option_Left_Out_Of_The_Plan_As_The_Plan_Made_With_It(string template, AlarmMode alarms)
    {
        var original = template == "prechat"
            ? CfnTemplate.From(TemplateDocument.Load(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "prechat", "template.yaml")))
            : CostTestData.Load(template);
        var options = new HardeningOptions { Alarms = alarms };
        var plan = Hardener.Plan(original, options);
        var prices = PriceTable.Embedded("us-east-1");

        var report = HardeningCost.ForPlan(original, plan, options, UsageAssumptions.Defaults, prices);

        decimal Replanned(HardeningOptions changed) =>
            CostEstimator.Estimate(original, HardeningCost.Hardened(original, Hardener.Plan(original, changed)), UsageAssumptions.Defaults, prices, changed.Parameters).Total;
        var services = plan.Endpoints.Select(e => e.Service).ToList();
        var expected = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["No interface endpoints"] = Replanned(options with { Endpoints = EndpointMode.None }),
            ["One NAT gateway"] = Replanned(options with { SingleNat = true }),
        };

        foreach (var service in services)
        {
            expected[$"Without the {service} endpoint"] = Replanned(options with { Endpoints = EndpointMode.List, EndpointServices = services.Where(s => s != service).ToList() });
        }

        Assert.True(services.Count > 1, $"the case must have several endpoints to test one left out ({services.Count})");
        var priced = report.Savings.Where(s => expected.ContainsKey(s.Option)).ToDictionary(s => s.Option, s => s.NewTotal, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), priced.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Should_Offer_Replication_Only_In_Production_When_The_Replication_Role_Had_To_Be_Renamed()
    {
        // A queue already holds the name S3ReplicationRole, so the planner names the role S3ReplicationRole2.
        var original = TestTemplates.Parse("""
            Resources:
              S3ReplicationRole:
                Type: AWS::SQS::Queue
                Properties:
                  SqsManagedSseEnabled: true
              Uploads:
                Type: AWS::S3::Bucket
            """);
        var options = new HardeningOptions();
        var plan = Hardener.Plan(original, options);

        var report = HardeningCost.ForPlan(original, plan, options, UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"));

        Assert.Contains(plan.AddedResources, r => r.LogicalId == "S3ReplicationRole2" && r.Type == "AWS::IAM::Role");
        Assert.DoesNotContain(plan.AddedResources, r => r.LogicalId == "S3ReplicationRole");
        var saving = Assert.Single(report.Savings, s => s.Option == "Replication only in production");
        Assert.True(saving.Saving > 0, $"saving {saving.Saving}");
    }

    [Fact]
    public void Should_Plan_With_Fix_Options_On_The_Command_Line()
    {
        var original = CostTestData.Fixture("original.yaml");

        var (exit, output, error) = CliRunner.Run("cost", original, "--single-nat", "--alarms", "none", "--endpoints", "sqs", "--format", "json");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("item").GetString()!, i => i.GetProperty("quantity").GetDecimal());
        Assert.Equal(1m, items["NAT gateway with its public IPv4 address"]);
        Assert.Equal(["Interface endpoint: sqs"], items.Keys.Where(k => k.StartsWith("Interface endpoint: ", StringComparison.Ordinal)));
        Assert.Contains(json.RootElement.GetProperty("savings").EnumerateArray(), s => s.GetProperty("option").GetString() == "No interface endpoints");
        Assert.DoesNotContain(json.RootElement.GetProperty("savings").EnumerateArray(), s => s.GetProperty("option").GetString() == "One NAT gateway");
    }

    [Theory]
    [InlineData("")]
    [InlineData("--single-nat --endpoints none --alarms per-function")]
    [InlineData("--vpc existing --endpoints sqs,kms --skip IC3004")]
    public void Should_Agree_With_The_File_Fix_Writes(string optionText)
    {
        var options = optionText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var dir = new TempDir();
        var original = CostTestData.Fixture("original.yaml");
        var hardened = Path.Combine(dir.Path, "hardened.yaml");
        var (fixExit, _, fixError) = CliRunner.Run([.. new[] { "fix", original, "-o", hardened }, .. options]);
        Assert.True(fixExit == 0, fixError);

        var (planned, plannedOut, _) = CliRunner.Run([.. new[] { "cost", original, "--format", "json" }, .. options]);
        var (written, writtenOut, _) = CliRunner.Run("cost", original, "--hardened", hardened, "--format", "json");

        Assert.Equal(0, planned);
        Assert.Equal(0, written);
        using var fromPlan = System.Text.Json.JsonDocument.Parse(plannedOut);
        using var fromFile = System.Text.Json.JsonDocument.Parse(writtenOut);
        Assert.Equal(fromFile.RootElement.GetProperty("monthlyTotal").GetDecimal(), fromPlan.RootElement.GetProperty("monthlyTotal").GetDecimal());
        Assert.Equal(fromFile.RootElement.GetProperty("items").GetRawText(), fromPlan.RootElement.GetProperty("items").GetRawText());
    }

    [Fact]
    public void Should_Price_The_Committed_Hardened_Prechat_As_The_Planner_Does()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "prechat");

        var (_, planned, _) = CliRunner.Run("cost", Path.Combine(example, "template.yaml"), "--format", "json");
        var (_, written, _) = CliRunner.Run("cost", Path.Combine(example, "template.yaml"), "--hardened", Path.Combine(example, "template.hardened.yaml"), "--format", "json");

        using var fromPlan = System.Text.Json.JsonDocument.Parse(planned);
        using var fromFile = System.Text.Json.JsonDocument.Parse(written);
        Assert.Equal(fromFile.RootElement.GetProperty("items").GetRawText(), fromPlan.RootElement.GetProperty("items").GetRawText());
    }

    [Fact]
    public void Should_Give_Fix_The_Total_Of_Its_Own_Plan_In_The_Template_Region()
    {
        using var dir = new TempDir();
        var path = dir.Write("template.yaml", File.ReadAllText(CostTestData.Fixture("original.yaml")));
        dir.Write("samconfig.toml", "version = 0.1\n[default.deploy.parameters]\nregion = \"eu-west-1\"\n");
        var options = new HardeningOptions { SingleNat = true };
        var result = Hardener.Fix(CfnTemplate.From(TemplateDocument.Load(path)), Hardener.ForFile(options, path));

        var line = HardeningCost.TotalLine(result, options, SamConfig.Beside(path)!.Region("default")!);

        var original = CfnTemplate.From(TemplateDocument.Load(path));
        var report = CostEstimator.Estimate(original, HardeningCost.Hardened(original, Hardener.Plan(path, options)), UsageAssumptions.Defaults, PriceTable.Embedded("eu-west-1"));
        Assert.Equal(CostSummary.TotalLine(report), line);
        Assert.StartsWith($"Monthly cost of this change: {CostFormat.Usd(report.Total)} (eu-west-1, prices of 2026-11-27", line, StringComparison.Ordinal);
    }
}
