using Ironclad.Core.Rules;
using Ironclad.Core.Rules.S3;

namespace Ironclad.Tests.Rules;

public class S3BucketVersioningTests
{
    private const string Template = """
        Parameters:
          Status:
            Type: String
            Default: Enabled
          Free:
            Type: String
        Mappings:
          Stages:
            prod:
              Versioning: Suspended
        Resources:
          Enabled:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: Enabled
          Suspended:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: Suspended
          LowerCase:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: enabled
          Missing:
            Type: AWS::S3::Bucket
          FromParameter:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: !Ref Status
          Unknowable:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: !Ref Free
          FromMapping:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: !FindInMap [Stages, prod, Versioning]
          Conditional:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: !If [IsProd, Enabled, !Sub "${Free}"]
        Conditions:
          IsProd: !Equals [!Ref Free, prod]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(S3BucketVersioning.Info);

    [Theory]
    [InlineData("Enabled", ResultStatus.Pass, 12, 3, "VersioningConfiguration.Status is Enabled")]
    [InlineData("Suspended", ResultStatus.Fail, 21, 17, "VersioningConfiguration.Status is 'Suspended': overwritten and deleted objects cannot be recovered")]
    [InlineData("LowerCase", ResultStatus.Fail, 26, 17, "VersioningConfiguration.Status is 'enabled'")]
    [InlineData("Missing", ResultStatus.Fail, 27, 3, "VersioningConfiguration.Status is not set")]
    [InlineData("FromParameter", ResultStatus.Pass, 29, 3, "is Enabled")]
    [InlineData("Unknowable", ResultStatus.Unknown, 38, 17, "VersioningConfiguration.Status is unknown before deployment: parameter Free has no value")]
    [InlineData("FromMapping", ResultStatus.Fail, 43, 17, "VersioningConfiguration.Status is 'Suspended'")]
    [InlineData("Conditional", ResultStatus.Unknown, 48, 39, "is unknown before deployment: a string built from ${Free}, known only after deployment (when IsProd is false)")]
    public void Should_Judge_Each_Bucket(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(S3BucketVersioning.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Bucket": {
                  "Type": "AWS::S3::Bucket",
                  "Properties": { "VersioningConfiguration": { "Status": "Suspended" } }
                },
                "Versioned": {
                  "Type": "AWS::S3::Bucket",
                  "Properties": { "VersioningConfiguration": { "Status": "Enabled" } }
                }
              }
            }
            """;

        RuleTestKit.Expect(S3BucketVersioning.Info, json, "Bucket", ResultStatus.Fail, 5, 62, "is 'Suspended'");
        RuleTestKit.Expect(S3BucketVersioning.Info, json, "Versioned", ResultStatus.Pass, 7, 5);
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(S3BucketVersioning.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(S3BucketVersioning.Info, Failing);
}
