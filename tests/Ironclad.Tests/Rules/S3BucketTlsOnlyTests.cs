using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;

namespace Ironclad.Tests.Rules;

public class S3BucketTlsOnlyTests
{
    private const string Template = """
        Resources:
          Secure:
            Type: AWS::S3::Bucket
          SecurePolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Secure
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal:
                      Service: cloudfront.amazonaws.com
                    Action: s3:GetObject
                    Resource: !Sub "${Secure.Arn}/*"
                  - Effect: Deny
                    Principal: "*"
                    Action: "s3:*"
                    Resource: [!GetAtt Secure.Arn, !Sub "${Secure.Arn}/*"]
                    Condition:
                      Bool:
                        aws:SecureTransport: "false"
          NoPolicy:
            Type: AWS::S3::Bucket
          AllowOnly:
            Type: AWS::S3::Bucket
          AllowOnlyPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref AllowOnly
              PolicyDocument:
                Statement:
                  Effect: Deny
                  Principal: {AWS: "*"}
                  Action: s3:GetObject
                  Resource: !Sub "${AllowOnly.Arn}/*"
                  Condition: {Bool: {aws:SecureTransport: false}}
          Conditional:
            Type: AWS::S3::Bucket
          ConditionalPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Conditional
              PolicyDocument:
                Statement:
                  - !If
                    - IsProd
                    - Effect: Deny
                      Principal: "*"
                      Action: "s3:*"
                      Resource: "*"
                      Condition: {Bool: {aws:SecureTransport: false}}
                    - !Ref AWS::NoValue
        Conditions:
          IsProd: !Equals [!Ref AWS::Region, us-east-1]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(S3BucketTlsOnly.Info);

    [Theory]
    [InlineData("Secure", ResultStatus.Pass, 2, 3, "SecurePolicy denies requests made without TLS")]
    [InlineData("NoPolicy", ResultStatus.Fail, 22, 3, "no AWS::S3::BucketPolicy for the bucket denies requests made without TLS (aws:SecureTransport false)")]
    [InlineData("AllowOnly", ResultStatus.Fail, 24, 3, "the bucket policy AllowOnlyPolicy does not deny requests made without TLS")]
    [InlineData("Conditional", ResultStatus.Unknown, 45, 13, "a statement of the bucket policy is unknown before deployment: depends on condition IsProd")]
    public void Should_Judge_Each_Bucket(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(S3BucketTlsOnly.Info, Template, resource, status, line, column, message);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(S3BucketTlsOnly.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(S3BucketTlsOnly.Info, Failing);
}
