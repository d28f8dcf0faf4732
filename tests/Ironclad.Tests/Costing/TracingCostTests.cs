using Ironclad.Core.Costing;

namespace Ironclad.Tests.Costing;

/// <summary>What tracing and stream encryption cost: X-Ray traces beyond the free tier, Kinesis's data-key requests.</summary>
public class TracingCostTests
{
    private static readonly Ironclad.Core.Templates.CfnTemplate Untraced = TestTemplates.Parse("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Orders:
            Type: AWS::Serverless::Function
            Properties: {Runtime: python3.12, Handler: a.h, CodeUri: src/}
          Worker:
            Type: AWS::Lambda::Function
            Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}}
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties: {RestApiId: api, StageName: prod, TracingEnabled: true}
          Clicks:
            Type: AWS::Kinesis::Stream
            Properties: {ShardCount: 1}
          Audit:
            Type: AWS::Kinesis::Stream
            Properties: {ShardCount: 1}
        """);

    private const string Traced = """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Tracing: Active
        Resources:
          Orders:
            Type: AWS::Serverless::Function
            Properties: {Runtime: python3.12, Handler: a.h, CodeUri: src/}
          Worker:
            Type: AWS::Lambda::Function
            Properties: {Runtime: python3.12, Handler: a.h, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}, TracingConfig: {Mode: Active}}
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties: {RestApiId: api, StageName: prod, TracingEnabled: true}
          Clicks:
            Type: AWS::Kinesis::Stream
            Properties: {ShardCount: 1, StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis}}
          Audit:
            Type: AWS::Kinesis::Stream
            Properties: {ShardCount: 1, StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis}}
        """;

    [Fact]
    public void Should_Bill_The_Traces_Recorded_Beyond_The_Free_100000_For_What_Is_Newly_Traced()
    {
        var report = CostTestData.Price(Traced, original: Untraced);

        var item = CostTestData.Item(report, "X-Ray traces");
        Assert.Equal(["Orders", "Worker"], item.LogicalIds);
        Assert.Equal(150_000m, item.Quantity);
        Assert.Equal(0.25m, item.Monthly);
        Assert.Equal("max(0, 150,000 − 100,000 free) / 1M × $5.00", item.Formula);
    }

    [Fact]
    public void Should_Price_Traces_At_The_Volume_Given()
    {
        var usage = UsageAssumptions.Defaults.With("xray_traces_per_month=2100000");

        var item = CostTestData.Item(CostTestData.Price(Traced, usage: usage, original: Untraced), "X-Ray traces");

        Assert.Equal(10m, item.Monthly);
    }

    [Fact]
    public void Should_Not_Price_Tracing_That_Was_Already_On()
    {
        var report = CostTestData.Price(Traced, original: TestTemplates.Parse(Traced));

        Assert.DoesNotContain(report.Items, i => i.Name == "X-Ray traces");
        Assert.DoesNotContain(report.Items, i => i.Name == "KMS requests of encrypted Kinesis streams");
    }

    [Fact]
    public void Should_Bill_The_Data_Key_Requests_Of_Each_Newly_Encrypted_Stream()
    {
        var usage = UsageAssumptions.Defaults.With("kinesis_kms_requests_per_month.Audit=100000");

        var item = CostTestData.Item(CostTestData.Price(Traced, usage: usage, original: Untraced), "KMS requests of encrypted Kinesis streams");

        Assert.Equal(["Clicks", "Audit"], item.LogicalIds);
        Assert.Equal(108_640m, item.Quantity);
        Assert.Equal(0.32592m, item.Monthly);
        Assert.Equal("(Clicks 8,640 + Audit 100,000) / 10,000 × $0.03", item.Formula);
    }
}
