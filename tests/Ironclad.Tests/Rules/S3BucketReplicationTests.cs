using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;

namespace Ironclad.Tests.Rules;

public class S3BucketReplicationTests
{
    private const string Template = """
        Resources:
          Source:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: Enabled
              ReplicationConfiguration:
                Role: !GetAtt Role.Arn
                Rules:
                  - Status: Disabled
                    Destination:
                      Bucket: !GetAtt Destination.Arn
                  - Status: Enabled
                    Destination:
                      Bucket: !GetAtt Destination.Arn
          Destination:
            Type: AWS::S3::Bucket
          Logs:
            Type: AWS::S3::Bucket
          Plain:
            Type: AWS::S3::Bucket
            Properties:
              LoggingConfiguration:
                DestinationBucketName: !Ref Logs
          AllDisabled:
            Type: AWS::S3::Bucket
            Properties:
              ReplicationConfiguration:
                Role: !GetAtt Role.Arn
                Rules:
                  - Status: Disabled
                    Destination:
                      Bucket: arn:aws:s3:::elsewhere
          StatusFromParameter:
            Type: AWS::S3::Bucket
            Properties:
              ReplicationConfiguration:
                Role: !GetAtt Role.Arn
                Rules:
                  - Status: !Ref Replicate
                    Destination:
                      Bucket: arn:aws:s3:::elsewhere
          Role:
            Type: AWS::IAM::Role
        Parameters:
          Replicate:
            Type: String
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(S3BucketReplication.Info);

    [Theory]
    [InlineData("Source", ResultStatus.Pass, 2, 3, "a replication rule is Enabled")]
    [InlineData("Plain", ResultStatus.Fail, 20, 3, "ReplicationConfiguration is not set: the bucket's objects exist in one copy")]
    [InlineData("AllDisabled", ResultStatus.Fail, 30, 9, "ReplicationConfiguration has no rule with Status: Enabled")]
    [InlineData("StatusFromParameter", ResultStatus.Unknown, 40, 21, "a replication rule's status is unknown before deployment: parameter Replicate has no value")]
    public void Should_Judge_Each_Bucket(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(S3BucketReplication.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("Destination")]
    [InlineData("Logs")]
    public void Should_Not_Apply_To_Replication_Destinations_And_Log_Buckets(string resource) =>
        RuleTestKit.ExpectNoResult(S3BucketReplication.Info, Template, resource);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(S3BucketReplication.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(S3BucketReplication.Info, Failing);
}
