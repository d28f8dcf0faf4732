using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// docs/design/hardening.md, Deploy-time risks: deploy-time failures the linters do not see, each held by a test of the output
/// or of a report line; and the guide's errata (section 9) done right. On the prechat example, which
/// exercises all of them.
/// </summary>
public class DeployRiskTests
{
    private static readonly FixOutcome Example = FixSuite.Instance["example/prechat"];

    private static readonly CfnTemplate Hardened = CfnTemplate.From(TemplateDocument.Parse("hardened.yaml", Example.Output));

    [Theory]
    [InlineData("LambdaKMSKey")]
    [InlineData("DynamoDBKMSKey")]
    [InlineData("LambdaDeadLetterQueue")]
    [InlineData("AccessLoggingBucket")]
    [InlineData("FailoverBucket")]
    public void Should_Retain_New_Stateful_Resources_On_Deletion_And_Replacement(string id)
    {
        var resource = Hardened.FindResource(id)!;

        Assert.Equal("Retain", Scalar(resource.Node, "DeletionPolicy"));
        Assert.Equal("Retain", Scalar(resource.Node, "UpdateReplacePolicy"));
    }

    [Fact]
    public void Should_Say_That_Replication_Copies_New_Objects_Only_And_Needs_A_Versioned_Destination()
    {
        Assert.Contains(Example.Plan!.Warnings, w => w.Kind == WarningKind.Replication
            && w.Message.Contains("not the existing ones", StringComparison.Ordinal)
            && w.Message.Contains("must be versioned", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Keep_The_Origin_Access_Identity_Statement_Beside_The_New_One()
    {
        var statements = (SequenceNode)Node(Hardened.FindResource("WebsiteBucketPolicy")!.Node, "Properties", "PolicyDocument", "Statement");
        var sids = statements.Items.Select(s => Scalar(s, "Sid")).ToList();

        Assert.Equal(["AllowCloudFrontRead", "DenyInsecureTransport", "AllowCloudFrontWebsiteDistribution"], sids);
        var origin = (MappingNode)((SequenceNode)Node(Hardened.FindResource("WebsiteDistribution")!.Node, "Properties", "DistributionConfig", "Origins")).Items[0];
        Assert.Equal("", Scalar(origin, "S3OriginConfig", "OriginAccessIdentity"));
        Assert.NotNull(origin["OriginAccessControlId"]);
    }

    [Fact]
    public void Should_Name_The_Interface_Endpoints_To_Check_Against_The_Region()
    {
        var warning = Assert.Single(Example.Plan!.Warnings, w => w.Message.StartsWith("Interface endpoints added:", StringComparison.Ordinal));

        Assert.Contains("bedrock-runtime, cognito-idp, events, sqs", warning.Message, StringComparison.Ordinal);
        Assert.Contains("!GetAZs may pick a zone", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Warn_That_Deleting_The_Stack_Waits_For_The_Network_Interfaces()
    {
        Assert.Contains(Example.Plan!.Warnings, w => w.Message.Contains("about 20 minutes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NatGateway1EIP")]
    [InlineData("NatGateway2EIP")]
    [InlineData("PublicDefaultRoute")]
    public void Should_Make_Addresses_And_The_Public_Route_Wait_For_The_Gateway_Attachment(string id)
    {
        Assert.Equal("InternetGatewayAttachment", Scalar(Hardened.FindResource(id)!.Node, "DependsOn"));
    }

    [Fact]
    public void Should_Let_CloudFront_Write_Its_Logs_With_Acls()
    {
        var rules = (SequenceNode)Node(Hardened.FindResource("AccessLoggingBucket")!.Node, "Properties", "OwnershipControls", "Rules");

        Assert.Equal("BucketOwnerPreferred", Scalar(rules.Items[0], "ObjectOwnership"));
    }

    [Fact]
    public void Should_Let_CloudWatch_Use_The_Key_Of_The_Alarm_Topic()
    {
        Assert.Equal("LambdaKMSKey", ((ScalarNode)((MappingNode)Node(Hardened.FindResource("AlarmTopic")!.Node, "Properties", "KmsMasterKeyId")).Entries[0].Value).Value);
        var statements = (SequenceNode)Node(Hardened.FindResource("LambdaKMSKey")!.Node, "Properties", "KeyPolicy", "Statement");
        var cloudWatch = statements.Items.Single(s => Scalar(s, "Sid") == "AllowCloudWatchAlarmsToPublish");

        Assert.Equal("cloudwatch.amazonaws.com", Scalar(cloudWatch, "Principal", "Service"));
        Assert.Equal(["kms:Decrypt", "kms:GenerateDataKey*"], ((SequenceNode)Node(cloudWatch, "Action")).Items.Select(i => ((ScalarNode)i).Value));
    }

    [Fact]
    public void Should_Warn_About_The_Reserved_Concurrency_Total()
    {
        var warning = Assert.Single(Example.Plan!.Warnings, w => w.Kind == WarningKind.ReservedConcurrency && w.Message.StartsWith("Reserved concurrency:", StringComparison.Ordinal));

        Assert.Contains("38 functions x LambdaConcurrencyLimit (default 10) = 380 reserved", warning.Message, StringComparison.Ordinal);
        Assert.Contains("at least 480", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Name_The_Functions_That_Answer_Users_Synchronously_And_Get_The_Limit()
    {
        var warning = Assert.Single(Example.Plan!.Warnings, w => w.Kind == WarningKind.ReservedConcurrency && w.Message.Contains("answer users synchronously", StringComparison.Ordinal));

        Assert.Contains("(default 10)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("CreateSessionFunction (API)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("PreSignUpFunction (Cognito trigger)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MessageStreamFunction", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Alarm_On_The_Dead_Letter_Metric_That_Exists()
    {
        var alarm = Hardened.FindResource("LambdaDLQAlarm")!.Node;

        Assert.Equal("ApproximateNumberOfMessagesVisible", Scalar(alarm, "Properties", "MetricName"));
        Assert.DoesNotContain(Hardened.Resources, r => r.Type == "AWS::CloudWatch::Alarm" && r.Properties?["MetricName"] is ScalarNode { Value: "NumberOfObjects" });
    }

    [Fact]
    public void Should_Keep_Port_80_By_Default_And_Say_How_To_Drop_It()
    {
        var egress = (SequenceNode)Node(Hardened.FindResource("LambdaSecurityGroup")!.Node, "Properties", "SecurityGroupEgress");

        Assert.Equal(["443", "80"], egress.Items.Select(e => Scalar(e, "FromPort")));
        Assert.Contains("--no-port-80", Scalar(egress.Items[1], "Description"), StringComparison.Ordinal);
    }

    private static TemplateNode Node(TemplateNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((MappingNode)node)[key]!;
        }

        return node;
    }

    private static string Scalar(TemplateNode node, params string[] path) => ((ScalarNode)Node(node, path)).Value;
}
