using Ironclad.Core.Rules;
using Ironclad.Core.Rules.CloudFront;

namespace Ironclad.Tests.Rules;

public class CloudFrontLoggingTests
{
    private const string Template = """
        Resources:
          Logged:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
                Logging:
                  Bucket: !GetAtt Logs.RegionalDomainName
          Unlogged:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
          EmptyBucket:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Logging:
                  Bucket: ""
          FromSub:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Logging:
                  Bucket: !Sub "${LogBucket}.s3.amazonaws.com"
          Conditional:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Logging: !If [IsProd, {Bucket: logs.s3.amazonaws.com}, !Ref AWS::NoValue]
          FromParameter:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Logging:
                  Bucket: !Ref LogBucket
          Logs:
            Type: AWS::S3::Bucket
        Parameters:
          LogBucket:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref LogBucket, x]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(CloudFrontLogging.Info);

    [Theory]
    [InlineData("Logged", ResultStatus.Pass, 2, 3, "DistributionConfig.Logging.Bucket is set")]
    [InlineData("Unlogged", ResultStatus.Fail, 12, 7, "DistributionConfig.Logging.Bucket is not set: viewer requests are not logged")]
    [InlineData("EmptyBucket", ResultStatus.Fail, 19, 19, "DistributionConfig.Logging.Bucket is an empty string")]
    [InlineData("FromSub", ResultStatus.Pass, 20, 3, "DistributionConfig.Logging.Bucket is set")]
    [InlineData("Conditional", ResultStatus.Fail, 29, 7, "is not set: viewer requests are not logged (when IsProd is false)")]
    [InlineData("FromParameter", ResultStatus.Unknown, 36, 19, "DistributionConfig.Logging.Bucket is unknown before deployment: parameter LogBucket has no value")]
    public void Should_Judge_Each_Distribution(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(CloudFrontLogging.Info, Template, resource, status, line, column, message);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(CloudFrontLogging.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(CloudFrontLogging.Info, Failing);
}
