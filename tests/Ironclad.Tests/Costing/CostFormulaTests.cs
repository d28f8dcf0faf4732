using Ironclad.Core.Costing;

namespace Ironclad.Tests.Costing;

/// <summary>The check figures of docs/design/cost.md, and the same items in every region of the embedded table.</summary>
public class CostFormulaTests
{
    private const string OneNat = """
        Resources:
          Placeholder:
            Type: AWS::SNS::Topic
          NatGateway1EIP:
            Type: AWS::EC2::EIP
            Properties:
              Domain: vpc
          NatGateway1:
            Type: AWS::EC2::NatGateway
            Properties:
              AllocationId: !GetAtt NatGateway1EIP.AllocationId
              SubnetId: subnet-1
        """;

    private const string OneEndpointTwoAzs = """
        Resources:
          Placeholder:
            Type: AWS::SNS::Topic
          SqsEndpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcId: vpc-1
              VpcEndpointType: Interface
              ServiceName: !Sub com.amazonaws.${AWS::Region}.sqs
              SubnetIds: [subnet-1, subnet-2]
        """;

    private const string TwoKeys = """
        Resources:
          Placeholder:
            Type: AWS::SNS::Topic
          LambdaKMSKey:
            Type: AWS::KMS::Key
            Properties:
              EnableKeyRotation: true
          DynamoDBKMSKey:
            Type: AWS::KMS::Key
        """;

    private const string TableBefore = """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
        """;

    private const string TableAfter = """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: true
        """;

    [Theory]
    [InlineData("us-east-1", "36.50")]
    [InlineData("us-west-2", "36.50")]
    [InlineData("eu-west-1", "38.69")]
    [InlineData("eu-central-1", "41.61")]
    [InlineData("ap-southeast-2", "46.72")]
    public void Should_Price_One_Nat_Gateway_With_Its_Address(string region, string expected)
    {
        var item = CostTestData.Item(CostTestData.Price(OneNat, region), "NAT gateway with its public IPv4 address");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), item.Monthly);
        Assert.Equal(["NatGateway1", "NatGateway1EIP"], item.LogicalIds);
    }

    [Fact]
    public void Should_Show_The_Nat_Formula_With_Its_Figures()
    {
        var item = CostTestData.Item(CostTestData.Price(OneNat), "NAT gateway with its public IPv4 address");

        Assert.Equal("1 × ($0.045/h × 730 h + $0.005/h IPv4 × 730 h)", item.Formula);
        Assert.Equal(36.50m, item.UnitPrice);
    }

    [Theory]
    [InlineData("us-east-1", "14.60")]
    [InlineData("us-west-2", "14.60")]
    [InlineData("eu-west-1", "16.06")]
    [InlineData("eu-central-1", "17.52")]
    [InlineData("ap-southeast-2", "14.60")]
    public void Should_Price_An_Interface_Endpoint_Per_Az(string region, string expected)
    {
        var report = CostTestData.Price(OneEndpointTwoAzs, region);
        var item = CostTestData.Item(report, "Interface endpoint: sqs");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), item.Monthly);
        Assert.Equal(2m, item.Quantity);
        Assert.Equal(region == "ap-southeast-2", report.AssumedPrices.Any(p => p.Key == PriceKeys.InterfaceEndpointHour));
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("us-west-2")]
    [InlineData("eu-west-1")]
    [InlineData("eu-central-1")]
    [InlineData("ap-southeast-2")]
    public void Should_Price_Two_Keys_At_One_Dollar_Each(string region)
    {
        var item = CostTestData.Item(CostTestData.Price(TwoKeys, region), "KMS customer-managed keys");

        Assert.Equal(2.00m, item.Monthly);
        Assert.Contains("1 with automatic rotation", item.Note, StringComparison.Ordinal);
        Assert.Contains("$3.00 from its 3rd", item.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("us-west-2")]
    [InlineData("eu-west-1")]
    [InlineData("eu-central-1")]
    [InlineData("ap-southeast-2")]
    public void Should_Price_Ten_Gb_Under_Pitr_At_Two_Dollars(string region)
    {
        var usage = UsageAssumptions.Defaults.With("dynamodb_table_gb.Table=10");
        var report = CostEstimator.Estimate(TestTemplates.Parse(TableBefore), TestTemplates.Parse(TableAfter), usage, PriceTable.Embedded(region));

        var item = CostTestData.Item(report, "DynamoDB point-in-time recovery");
        Assert.Equal(2.00m, item.Monthly);
        Assert.Equal("10 GB × $0.20", item.Formula);
        Assert.Equal(["Table"], item.LogicalIds);
    }

    [Fact]
    public void Should_Not_Price_Pitr_That_Was_Already_On()
    {
        var report = CostEstimator.Estimate(TestTemplates.Parse(TableAfter), TestTemplates.Parse(TableAfter), UsageAssumptions.Defaults, PriceTable.Embedded("us-east-1"));

        Assert.Empty(report.Items);
        Assert.Equal(0m, report.Total);
    }

    [Fact]
    public void Should_Subtract_The_Kms_Free_Tier_And_Never_Go_Below_Zero()
    {
        var busy = CostTestData.Item(CostTestData.Price(TwoKeys, usage: UsageAssumptions.Defaults.With("kms_requests_per_month=120000")), "KMS requests");
        var quiet = CostTestData.Item(CostTestData.Price(TwoKeys, usage: UsageAssumptions.Defaults.With("kms_requests_per_month=5000")), "KMS requests");

        Assert.Equal(0.30m, busy.Monthly);
        Assert.Equal("max(0, 120,000 − 20,000 free) / 10,000 × $0.03", busy.Formula);
        Assert.Equal(0m, quiet.Monthly);
    }

    [Fact]
    public void Should_Charge_Every_Alarm_And_Say_The_First_Ten_Are_Free()
    {
        var report = CostTestData.Price("""
            Resources:
              Placeholder:
                Type: AWS::SNS::Topic
              A:
                Type: AWS::CloudWatch::Alarm
              B:
                Type: AWS::CloudWatch::Alarm
            """);

        var item = CostTestData.Item(report, "CloudWatch alarms");
        Assert.Equal(0.20m, item.Monthly);
        Assert.Contains("first 10 alarms in an account are free", item.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-east-1", "1.50", "0.7496")]
    [InlineData("eu-central-1", "1.89", "0.8096")]
    public void Should_Price_Log_Groups_By_What_They_Take_In_And_Hold_Over_Their_Retention(string region, string ingestion, string storage)
    {
        const string Groups = """
            Resources:
              Placeholder:
                Type: AWS::SNS::Topic
              StageAccessLogs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 365
              MachineLogGroup:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 30
            """;
        var report = CostTestData.Price(Groups, region, UsageAssumptions.Defaults.With("log_gb_per_month.StageAccessLogs=2"));

        var ingest = CostTestData.Item(report, "CloudWatch Logs ingestion");
        var held = CostTestData.Item(report, "CloudWatch Logs storage");
        Assert.Equal(decimal.Parse(ingestion, System.Globalization.CultureInfo.InvariantCulture), ingest.Monthly);
        Assert.Equal(["StageAccessLogs", "MachineLogGroup"], ingest.LogicalIds);
        Assert.Equal(3m, ingest.Quantity);

        // 2 GB a month kept 12 months, 1 GB kept 30 days (30 / (365 / 12) months).
        Assert.Equal(decimal.Parse(storage, System.Globalization.CultureInfo.InvariantCulture), Math.Round(held.Monthly, 4));
    }

    [Fact]
    public void Should_Bill_Sqs_Requests_Only_Beyond_The_Free_Million()
    {
        const string Dlq = """
            Resources:
              Placeholder:
                Type: AWS::SNS::Topic
              LambdaDeadLetterQueue:
                Type: AWS::SQS::Queue
            """;
        var quiet = CostTestData.Item(CostTestData.Price(Dlq), "SQS queue LambdaDeadLetterQueue");
        var busy = CostTestData.Item(CostTestData.Price(Dlq, usage: UsageAssumptions.Defaults.With("sqs_messages_per_month=1000000")), "SQS queue LambdaDeadLetterQueue");

        Assert.Equal(0m, quiet.Monthly);
        Assert.Equal(0.80m, busy.Monthly);
    }

    [Fact]
    public void Should_Assume_Two_Azs_When_The_Subnets_Are_Unknown()
    {
        var report = CostTestData.Price("""
            Parameters:
              Subnets:
                Type: List<AWS::EC2::Subnet::Id>
            Resources:
              Placeholder:
                Type: AWS::SNS::Topic
              KmsEndpoint:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  VpcEndpointType: Interface
                  ServiceName: com.amazonaws.us-east-1.kms
                  SubnetIds: !Ref Subnets
            """);

        var item = CostTestData.Item(report, "Interface endpoint: kms");
        Assert.Equal(14.60m, item.Monthly);
        Assert.Equal("its subnets are not known before deployment; two AZs assumed", item.Note);
    }

    [Fact]
    public void Should_Price_Gateway_Endpoints_At_Zero()
    {
        var report = CostTestData.Price("""
            Resources:
              Placeholder:
                Type: AWS::SNS::Topic
              S3GatewayEndpoint:
                Type: AWS::EC2::VPCEndpoint
                Properties:
                  ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
            """);

        var item = CostTestData.Item(report, "Gateway endpoints (s3)");
        Assert.Equal(0m, item.Monthly);
        Assert.Empty(report.Unpriced);
    }

    [Fact]
    public void Should_Name_Added_Resources_It_Cannot_Price()
    {
        var report = CostTestData.Price("""
            Resources:
              Placeholder:
                Type: AWS::SNS::Topic
              Cache:
                Type: AWS::ElastiCache::CacheCluster
            """);

        Assert.Equal([new UnpricedResource("Cache", "AWS::ElastiCache::CacheCluster")], report.Unpriced);
    }
}
