using Ironclad.Core.Data;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

public class PlannerTests
{
    private static HardeningPlan Plan(string yaml, HardeningOptions? options = null) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", yaml)), options ?? new HardeningOptions());

    [Fact]
    public void Should_Set_Each_Function_When_A_Suppressed_Function_Would_Inherit_From_Globals()
    {
        // Given a function that opted out of the concurrency limit
        var plan = Plan("""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Free:
                Type: AWS::Serverless::Function
                Metadata:
                  checkov:
                    skip:
                      - id: CKV_AWS_115
                        comment: burst traffic, limited by the API throttle instead
                Properties: {Runtime: python3.12, Handler: a.h, CodeUri: src/}
              Limited:
                Type: AWS::Serverless::Function
                Properties: {Runtime: python3.12, Handler: b.h, CodeUri: src/}
            """, new HardeningOptions { Only = ["IC1001"] });

        // Then the limit goes on the failing function only, not into Globals
        var change = Assert.Single(plan.Changes, c => c.Path == "Properties.ReservedConcurrentExecutions");
        Assert.Equal("Limited", change.Target);
        Assert.DoesNotContain(plan.Changes, c => c.Target == "Globals.Function");
    }

    [Fact]
    public void Should_Reuse_Shared_Resources_And_Extend_Their_Policies_On_A_Later_Run()
    {
        // Given a hardened template to which a second bucket was added since
        var first = Plan("""
            Resources:
              Data:
                Type: AWS::S3::Bucket
              Other:
                Type: AWS::SNS::Topic
            """);
        var later = first.Apply().Replace("  Other:\n", "  Photos:\n    Type: AWS::S3::Bucket\n  Other:\n", StringComparison.Ordinal);

        // When it is fixed again
        var second = Plan(later);

        // Then nothing shared is added twice, and the shared policies learn about the new bucket
        Assert.DoesNotContain(second.AddedResources, r => r.LogicalId.StartsWith("AccessLoggingBucket", StringComparison.Ordinal) || r.LogicalId.StartsWith("S3Replication", StringComparison.Ordinal));
        Assert.Contains(second.Changes, c => c.Target == "AccessLoggingBucketPolicy" && c.Path.EndsWith("aws:SourceArn", StringComparison.Ordinal) && c.Summary == "log source !GetAtt Photos.Arn");
        Assert.Equal(3, second.Changes.Count(c => c.Target == "S3ReplicationPolicy"));
        Assert.Contains(second.AddedResources, r => r.LogicalId == "PhotosFailoverBucket");
        Assert.Empty(Plan(second.Apply()).Edits);
    }

    [Fact]
    public void Should_Give_A_New_Resource_A_Fresh_Name_When_Its_Name_Is_Taken_By_Another_Type()
    {
        var plan = FixSuite.Instance["Corpus/name-collision.yaml"].Plan!;

        Assert.Contains(plan.AddedResources, r => r.LogicalId == "LambdaKMSKey2" && r.Type == "AWS::KMS::Key");
        Assert.Contains(plan.Changes, c => c.Target == "Globals.Function" && c.Summary.StartsWith("!GetAtt LambdaKMSKey2.Arn", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Reuse_A_Key_Of_The_Same_Name_And_Type()
    {
        var plan = FixSuite.Instance["Corpus/kms-existing.yaml"].Plan!;

        Assert.DoesNotContain(plan.AddedResources, r => r.Type == "AWS::KMS::Key");
        Assert.Contains(plan.Changes, c => c.Target == "LambdaKMSKey" && c.Path == "Properties.KeyPolicy.Statement" && c.Summary == "key policy statement AllowCloudWatchAlarmsToPublish");
    }

    [Fact]
    public void Should_Tell_Exactly_What_An_External_Role_Needs()
    {
        var plan = FixSuite.Instance["Fix/lambda-plain.json"].Plan!;

        // Tracing's own advice for the role is a warning of its own (ServerlessFixTests).
        var warning = Assert.Single(plan.Warnings, w => w.Kind == WarningKind.ExternalRole && !w.Message.Contains("X-Ray", StringComparison.Ordinal));
        Assert.Equal(
            "External uses a role from outside the template (arn:aws:iam::123456789012:role/shared-lambda-role); add to it: the statements "
            + "{\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:GenerateDataKey\"], \"Resource\": \"<ARN of LambdaKMSKey>\"}, "
            + "{\"Effect\": \"Allow\", \"Action\": \"sqs:SendMessage\", \"Resource\": \"<ARN of LambdaDeadLetterQueue>\"}, "
            + "and the managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole.",
            warning.Message);
    }

    [Fact]
    public void Should_Decline_SimpleTables_Unless_Asked_And_Warn_Either_Way()
    {
        var declined = FixSuite.Instance["Fix/simpletable-declined.yaml"].Plan!;
        var converted = FixSuite.Instance["Fix/simpletable-converted.yaml"].Plan!;

        Assert.Equal(["IC2001", "IC2002", "IC2003"], declined.Declined.Select(d => d.Finding.RuleId));
        Assert.Contains(declined.Warnings, w => w.Kind == WarningKind.SimpleTable && w.Message.Contains("--convert-simple-tables", StringComparison.Ordinal));
        Assert.Empty(converted.Declined);
        Assert.Contains(converted.Changes, c => c.Target == "Counters" && c.Path == "Type" && c.Summary == "converted from AWS::Serverless::SimpleTable");
        Assert.Contains(converted.Warnings, w => w.Kind == WarningKind.SimpleTable && w.Message.Contains("back the table up first", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Ask_For_The_Network_In_The_Deploy_Command_When_The_Vpc_Exists()
    {
        var plan = FixSuite.Instance["Fix/lambda-existing-vpc.yaml"].Plan!;

        Assert.Equal(
            "sam build && sam deploy --resolve-s3 --capabilities CAPABILITY_IAM --parameter-overrides Stage=dev LambdaConcurrencyLimit=10 VpcId=<vpc-id> PrivateSubnetIds=<subnet-id,subnet-id> VpcCidr=<VpcCidr>",
            plan.DeployCommand);
        Assert.Contains(plan.Warnings, w => w.Kind == WarningKind.Network && w.Message.Contains("gateway endpoints", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("WebsiteBucket", "website-access-logs/")]
    [InlineData("UserUploadsBucket", "user-uploads-access-logs/")]
    [InlineData("APIDocsBucket", "api-docs-access-logs/")]
    [InlineData("S3Artifacts", "s3-artifacts-access-logs/")]
    [InlineData("Bucket", "bucket-access-logs/")]
    public void Should_Name_The_Log_Prefix_After_The_Bucket(string bucket, string prefix)
    {
        Assert.Equal(prefix, Buckets.LogPrefix(bucket));
    }

    [Theory]
    [InlineData("AWS::S3::Bucket", "BucketName", true)]
    [InlineData("AWS::S3::Bucket", "VersioningConfiguration/Status", false)]
    [InlineData("AWS::DynamoDB::Table", "SSESpecification", false)]
    [InlineData("AWS::DynamoDB::Table", "KeySchema", true)]
    [InlineData("AWS::SQS::Queue", "QueueName", true)]
    [InlineData("AWS::Serverless::Function", "FunctionName", true)]
    [InlineData("AWS::Serverless::Function", "VpcConfig", false)]
    [InlineData("AWS::EC2::VPCEndpoint", "DnsOptions", true)]
    public void Should_Know_The_Create_Only_Properties(string type, string path, bool createOnly)
    {
        Assert.Equal(createOnly, CreateOnlyProperties.Touches(type, path.Split('/')));
    }

    [Fact]
    public void Should_Cover_Every_Type_The_Planner_Adds()
    {
        var added = FixSuite.Names().Select(n => FixSuite.Instance[(string)n[0]]).Where(o => o.Plan is not null)
            .SelectMany(o => o.Plan!.AddedResources.Select(r => r.Type)).ToHashSet();

        Assert.Empty(added.Except(CreateOnlyProperties.Types));
    }
}
