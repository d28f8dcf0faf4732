using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;

namespace Ironclad.Tests.Rules;

public class S3BucketEncryptionTests
{
    private const string Template = """
        Resources:
          Aes:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: AES256
          Dsse:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: aws:kms:dsse
                      KMSMasterKeyID: !Ref Key
          Missing:
            Type: AWS::S3::Bucket
          SecondRuleBad:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: aws:kms
                  - BucketKeyEnabled: true
          Unknowable:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: !Ref Algorithm
          Conditional:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption: !If [IsProd, {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}, !Ref AWS::NoValue]
          WrongAlgorithm:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: AES128
          FromSub:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: !Sub "${Prefix}256"
          Key:
            Type: AWS::KMS::Key
        Conditions:
          IsProd: !Equals [!Ref Algorithm, x]
        Parameters:
          Algorithm:
            Type: String
          Prefix:
            Type: String
            Default: AES
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(S3BucketEncryption.Info);

    [Theory]
    [InlineData("Aes", ResultStatus.Pass, 2, 3, "SSEAlgorithm is AES256")]
    [InlineData("Dsse", ResultStatus.Pass, 9, 3, "SSEAlgorithm is aws:kms:dsse")]
    [InlineData("Missing", ResultStatus.Fail, 17, 3, "BucketEncryption.ServerSideEncryptionConfiguration is not set: S3 applies SSE-S3 by default, but the template does not declare it")]
    [InlineData("SecondRuleBad", ResultStatus.Fail, 26, 13, "SSEAlgorithm of encryption rule 2 is not set; it must be AES256, aws:kms or aws:kms:dsse")]
    [InlineData("Unknowable", ResultStatus.Unknown, 33, 29, "SSEAlgorithm is unknown before deployment: parameter Algorithm has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 34, 3, "is not set: S3 applies SSE-S3 by default, but the template does not declare it (when IsProd is false)")]
    [InlineData("WrongAlgorithm", ResultStatus.Fail, 44, 29, "SSEAlgorithm is 'AES128'; it must be AES256, aws:kms or aws:kms:dsse")]
    [InlineData("FromSub", ResultStatus.Pass, 45, 3, "SSEAlgorithm is AES256")]
    public void Should_Judge_Each_Bucket(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(S3BucketEncryption.Info, Template, resource, status, line, column, message);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(S3BucketEncryption.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(S3BucketEncryption.Info, Failing);
}
