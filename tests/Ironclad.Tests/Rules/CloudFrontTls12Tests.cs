using Ironclad.Core.Rules;
using Ironclad.Core.Rules.CloudFront;

namespace Ironclad.Tests.Rules;

public class CloudFrontTls12Tests
{
    private const string Template = """
        Resources:
          Modern:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  AcmCertificateArn: !Ref Certificate
                  SslSupportMethod: sni-only
                  MinimumProtocolVersion: TLSv1.2_2021
          DefaultCertificate:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  CloudFrontDefaultCertificate: "true"
                  MinimumProtocolVersion: TLSv1.2_2021
          NoCertificate:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
          OldPolicy:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                  MinimumProtocolVersion: TLSv1.1_2016
          NoMinimum:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  IamCertificateId: ASCA1234
          Tls13:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  AcmCertificateArn: !Ref Certificate
                  MinimumProtocolVersion: !FindInMap [Tls, modern, Policy]
          PolicyFromParameter:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  AcmCertificateArn: !Ref Certificate
                  MinimumProtocolVersion: !Ref Policy
          Conditional:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                ViewerCertificate:
                  AcmCertificateArn: !Ref Certificate
                  MinimumProtocolVersion: !If [IsProd, TLSv1.2_2021, !Sub "TLSv1_2016"]
          Certificate:
            Type: AWS::CertificateManager::Certificate
        Parameters:
          Policy:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Policy, x]
        Mappings:
          Tls:
            modern:
              Policy: TLSv1.3_2025
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Enabled: true
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(CloudFrontTls12.Info);

    [Theory]
    [InlineData("Modern", ResultStatus.Pass, 2, 3, "the default certificate is not used")]
    [InlineData("DefaultCertificate", ResultStatus.Fail, 15, 41, "ViewerCertificate.CloudFrontDefaultCertificate is true: the default certificate accepts TLS 1.0")]
    [InlineData("NoCertificate", ResultStatus.Fail, 20, 7, "DistributionConfig.ViewerCertificate is not set: the default *.cloudfront.net certificate accepts TLS 1.0")]
    [InlineData("OldPolicy", ResultStatus.Fail, 28, 35, "ViewerCertificate.MinimumProtocolVersion is 'TLSv1.1_2016'; it must be TLSv1.2_2021 or another TLS 1.2+ policy")]
    [InlineData("NoMinimum", ResultStatus.Fail, 33, 9, "ViewerCertificate.MinimumProtocolVersion is not set: CloudFront then accepts TLS 1.0")]
    [InlineData("Tls13", ResultStatus.Pass, 35, 3, "the default certificate is not used")]
    [InlineData("PolicyFromParameter", ResultStatus.Unknown, 48, 35, "ViewerCertificate.MinimumProtocolVersion is unknown before deployment: parameter Policy has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 55, 62, "ViewerCertificate.MinimumProtocolVersion is 'TLSv1_2016'; it must be TLSv1.2_2021 or another TLS 1.2+ policy (when IsProd is false)")]
    public void Should_Judge_Each_Distribution(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(CloudFrontTls12.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Distribution": {
                  "Type": "AWS::CloudFront::Distribution",
                  "Properties": {
                    "DistributionConfig": {
                      "ViewerCertificate": { "CloudFrontDefaultCertificate": true }
                    }
                  }
                }
              }
            }
            """;

        RuleTestKit.Expect(CloudFrontTls12.Info, json, "Distribution", ResultStatus.Fail, 7, 66, "CloudFrontDefaultCertificate is true");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(CloudFrontTls12.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(CloudFrontTls12.Info, Failing);
}
