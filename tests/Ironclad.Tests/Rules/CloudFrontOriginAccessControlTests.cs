using Ironclad.Core.Rules;
using Ironclad.Core.Rules.CloudFront;

namespace Ironclad.Tests.Rules;

public class CloudFrontOriginAccessControlTests
{
    private const string Template = """
        Resources:
          WithOac:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: !GetAtt Site.RegionalDomainName
                    OriginAccessControlId: !GetAtt Oac.Id
                    S3OriginConfig:
                      OriginAccessIdentity: ""
          WithOai:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: site.s3.us-east-1.amazonaws.com
                    S3OriginConfig:
                      OriginAccessIdentity: !Sub "origin-access-identity/cloudfront/${Oai}"
          Website:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: site.s3-website-us-east-1.amazonaws.com
                    CustomOriginConfig:
                      OriginProtocolPolicy: http-only
          PublicBucket:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: api
                    DomainName: api.example.com
                    CustomOriginConfig:
                      OriginProtocolPolicy: https-only
                  - Id: assets
                    DomainName: !Join ["", [!Ref Site, ".s3.amazonaws.com"]]
                    CustomOriginConfig:
                      OriginProtocolPolicy: https-only
          NoS3:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: api
                    DomainName: api.example.com
          OacFromParameter:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: !GetAtt Site.DomainName
                    OriginAccessControlId: !Ref OacId
          Conditional:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: !GetAtt Site.RegionalDomainName
                    OriginAccessControlId: !If [IsProd, !GetAtt Oac.Id, !Ref AWS::NoValue]
          WebsiteAttribute:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: !Select [2, !Split ["/", !GetAtt Site.WebsiteURL]]
          Site:
            Type: AWS::S3::Bucket
          Oac:
            Type: AWS::CloudFront::OriginAccessControl
          Oai:
            Type: AWS::CloudFront::CloudFrontOriginAccessIdentity
        Parameters:
          OacId:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref OacId, x]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::CloudFront::Distribution
            Properties:
              DistributionConfig:
                Origins:
                  - Id: site
                    DomainName: site.s3.amazonaws.com
                    S3OriginConfig: {}
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(CloudFrontOriginAccessControl.Info);

    [Theory]
    [InlineData("WithOac", ResultStatus.Pass, 2, 3, "origin site uses origin access control")]
    [InlineData("WithOai", ResultStatus.Fail, 20, 37, "origin site uses a legacy origin access identity instead of origin access control")]
    [InlineData("Website", ResultStatus.Fail, 27, 25, "origin site uses the S3 website endpoint, which cannot use origin access control")]
    [InlineData("PublicBucket", ResultStatus.Fail, 39, 13, "origin assets reaches S3 without origin access control: the bucket must be readable by anyone")]
    [InlineData("OacFromParameter", ResultStatus.Unknown, 57, 36, "origin site: OriginAccessControlId is unknown before deployment: parameter OacId has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 63, 13, "origin site reaches S3 without origin access control: the bucket must be readable by anyone (when IsProd is false)")]
    [InlineData("WebsiteAttribute", ResultStatus.Fail, 72, 25, "origin site uses the S3 website endpoint")]
    public void Should_Judge_Each_Distribution(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(CloudFrontOriginAccessControl.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Not_Apply_Without_An_S3_Origin() =>
        RuleTestKit.ExpectNoResult(CloudFrontOriginAccessControl.Info, Template, "NoS3");

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(CloudFrontOriginAccessControl.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(CloudFrontOriginAccessControl.Info, Failing);
}
