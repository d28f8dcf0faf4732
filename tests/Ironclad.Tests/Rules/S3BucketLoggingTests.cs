using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;

namespace Ironclad.Tests.Rules;

public class S3BucketLoggingTests
{
    private const string Template = """
        Parameters:
          LogBucket:
            Type: String
        Resources:
          Logged:
            Type: AWS::S3::Bucket
            Properties:
              LoggingConfiguration:
                DestinationBucketName: !Ref AccessLogs
                LogFilePrefix: logged/
          AccessLogs:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: Enabled
          PolicyTarget:
            Type: AWS::S3::Bucket
          PolicyTargetPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref PolicyTarget
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal:
                      Service: logging.s3.amazonaws.com
                    Action: s3:PutObject
                    Resource: !Sub "${PolicyTarget.Arn}/*"
          Unlogged:
            Type: AWS::S3::Bucket
          EmptyLogging:
            Type: AWS::S3::Bucket
            Properties:
              LoggingConfiguration: ""
          Conditional:
            Type: AWS::S3::Bucket
            Properties:
              LoggingConfiguration: !If [IsProd, {DestinationBucketName: !Ref LogBucket}, !Ref AWS::NoValue]
        Conditions:
          IsProd: !Equals [!Ref LogBucket, x]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(S3BucketLogging.Info);

    [Theory]
    [InlineData("Logged", ResultStatus.Pass, 5, 3, "LoggingConfiguration is set")]
    [InlineData("Unlogged", ResultStatus.Fail, 29, 3, "LoggingConfiguration is not set: requests to the bucket are not logged")]
    [InlineData("EmptyLogging", ResultStatus.Fail, 34, 29, "LoggingConfiguration is an empty string")]
    [InlineData("Conditional", ResultStatus.Fail, 35, 3, "LoggingConfiguration is not set: requests to the bucket are not logged (when IsProd is false)")]
    public void Should_Judge_Each_Bucket(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(S3BucketLogging.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("AccessLogs")]
    [InlineData("PolicyTarget")]
    public void Should_Not_Apply_To_A_Bucket_That_Receives_Access_Logs(string resource) =>
        RuleTestKit.ExpectNoResult(S3BucketLogging.Info, Template, resource);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(S3BucketLogging.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(S3BucketLogging.Info, Failing);
}
