using Ironclad.Core.Costing;

namespace Ironclad.Tests.Costing;

/// <summary>The hand-hardened prechat-like pair in Fixtures/Cost, priced with the default usage in us-east-1.</summary>
public class HardenedFixtureTests
{
    private static CostReport Price(IReadOnlyDictionary<string, string>? parameters = null) => CostEstimator.Estimate(
        CostTestData.Load("original.yaml"), CostTestData.Load("hardened.yaml"), UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"), parameters);

    [Fact]
    public void Should_Price_Every_Added_Resource_And_Nothing_Else()
    {
        var report = Price();

        Assert.Empty(report.Unpriced);
        Assert.Equal([new NotCreatedResource("AlarmEmailSubscription", "AWS::SNS::Subscription", "HasAlarmEmail")], report.NotCreated);
        var addedAndPriced = report.PricedResources.Where(report.AddedResources.Contains).Order(StringComparer.Ordinal);
        Assert.Equal(report.AddedResources.Where(id => id != "AlarmEmailSubscription").Order(StringComparer.Ordinal), addedAndPriced);
    }

    [Fact]
    public void Should_Price_Each_Item_As_Cost_Md_Says()
    {
        var report = Price();

        var lines = report.Items.Select(i => (i.Name, i.Monthly)).ToList();
        Assert.Equal(
            [
                ("NAT gateway with its public IPv4 address", 73.00m),
                ("NAT gateway data processing", 0.45m),
                ("Interface endpoint: bedrock-runtime", 14.60m),
                ("Interface endpoint: cognito-idp", 14.60m),
                ("Interface endpoint: sqs", 14.60m),
                ("Interface endpoint: kms", 14.60m),
                ("Interface endpoint data processing", 0.05m),
                ("Gateway endpoints (s3, dynamodb)", 0m),
                ("KMS customer-managed keys", 2.00m),
                ("KMS requests", 0.24m),
                ("DynamoDB point-in-time recovery", 2.00m),
                ("Access-log bucket storage", 5m * 120m / (730m / 24m) * 0.023m),
                ("Failover bucket storage (Standard-IA)", 0.125m),
                ("S3 replication transfer (same region)", 0m),
                ("S3 versioning overhead: WebsiteBucket", 0.08m),
                ("SQS queue LambdaDeadLetterQueue", 0m),
                ("CloudWatch alarms", 0.30m),
                ("VPC, subnets, routes, internet gateway, security groups", 0m),
                ("IAM roles and policies", 0m),
                ("KMS aliases", 0m),
                ("Bucket, queue and topic policies", 0m),
                ("SNS alarm topic and subscriptions", 0m),
            ],
            lines);
        Assert.Equal("$137.10", CostFormat.Usd(report.Total));
    }

    [Fact]
    public void Should_Record_What_Each_Network_Line_Prices()
    {
        var report = Price();

        Assert.Equal(["NatGateway1", "NatGateway2", "NatGateway1EIP", "NatGateway2EIP"], CostTestData.Item(report, "NAT gateway with its public IPv4 address").LogicalIds);
        Assert.Equal(["S3GatewayEndpoint", "DynamoDBGatewayEndpoint"], CostTestData.Item(report, "Gateway endpoints (s3, dynamodb)").LogicalIds);
        Assert.Equal(["SessionsTable", "MessagesTable"], CostTestData.Item(report, "DynamoDB point-in-time recovery").LogicalIds);
        Assert.Equal("(SessionsTable 5 GB + MessagesTable 5 GB) × $0.20", CostTestData.Item(report, "DynamoDB point-in-time recovery").Formula);
    }

    [Fact]
    public void Should_Keep_Logs_For_The_Retention_The_Template_Sets()
    {
        var standard = CostTestData.Item(Price(), "Access-log bucket storage");
        var shorter = CostTestData.Item(Price(new Dictionary<string, string> { ["LogRetentionDays"] = "30" }), "Access-log bucket storage");

        Assert.Equal("5 GB/month × (90 d + 30 d as old versions) / 30.42 d × $0.023", standard.Formula);
        Assert.Equal(["AccessLoggingBucket"], standard.LogicalIds);
        Assert.Equal("logs of WebsiteBucket, FailoverBucket, WebsiteDistribution; log delivery itself is free", standard.Note);
        Assert.Equal(standard.Monthly / 2, shorter.Monthly);
    }

    [Fact]
    public void Should_Drop_The_Failover_Bucket_And_Price_Transfer_When_The_Destination_Is_Another_Region()
    {
        var report = Price(new Dictionary<string, string> { ["ReplicationDestinationBucketArn"] = "arn:aws:s3:::dr-bucket-eu" });

        Assert.Equal(["AlarmEmailSubscription", "FailoverBucket"], report.NotCreated.Select(n => n.LogicalId));
        Assert.DoesNotContain(report.Items, i => i.Name.StartsWith("Failover", StringComparison.Ordinal));
        var transfer = CostTestData.Item(report, "S3 cross-region replication transfer");
        Assert.Equal(0.10m, transfer.Monthly);
        Assert.Equal("5 GB × $0.02", transfer.Formula);
        Assert.Equal(["WebsiteBucket"], transfer.LogicalIds);
        Assert.Equal(
            report.AddedResources.Where(id => id is not ("FailoverBucket" or "AlarmEmailSubscription")).Order(StringComparer.Ordinal),
            report.PricedResources.Where(report.AddedResources.Contains).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_Use_Per_Resource_Usage_Before_The_Default()
    {
        var usage = UsageAssumptions.Defaults.With("dynamodb_table_gb.MessagesTable=40").With("dynamodb_table_gb=2");

        var report = CostEstimator.Estimate(CostTestData.Load("original.yaml"), CostTestData.Load("hardened.yaml"), usage, PriceTable.Embedded("us-east-1"));

        var pitr = CostTestData.Item(report, "DynamoDB point-in-time recovery");
        Assert.Equal(8.40m, pitr.Monthly);
        Assert.Equal("(SessionsTable 2 GB + MessagesTable 40 GB) × $0.20", pitr.Formula);
    }

    [Fact]
    public void Should_Price_Nothing_When_The_Template_Is_Already_Hardened()
    {
        var hardened = CostTestData.Load("hardened.yaml");

        var report = CostEstimator.Estimate(hardened, hardened, UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"));

        Assert.Empty(report.Items);
        Assert.Empty(report.AddedResources);
    }
}
