using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Kms;

namespace Ironclad.Tests.Rules;

public class KmsKeyRotationTests
{
    private const string Template = """
        Resources:
          Rotated:
            Type: AWS::KMS::Key
            Properties:
              EnableKeyRotation: true
          NotRotated:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy: {}
          Disabled:
            Type: AWS::KMS::Key
            Properties:
              EnableKeyRotation: "false"
          Asymmetric:
            Type: AWS::KMS::Key
            Properties:
              KeySpec: RSA_4096
          Hmac:
            Type: AWS::KMS::Key
            Properties:
              KeySpec: HMAC_256
              KeyUsage: GENERATE_VERIFY_MAC
          Imported:
            Type: AWS::KMS::Key
            Properties:
              Origin: EXTERNAL
          SpecFromParameter:
            Type: AWS::KMS::Key
            Properties:
              KeySpec: !Ref Spec
          Conditional:
            Type: AWS::KMS::Key
            Properties:
              EnableKeyRotation: !If [IsProd, true, false]
          SymmetricSpec:
            Type: AWS::KMS::Key
            Properties:
              KeySpec: !FindInMap [Specs, default, Spec]
              EnableKeyRotation: !Sub "${Rotate}"
        Parameters:
          Spec:
            Type: String
          Rotate:
            Type: String
            Default: "TRUE"
        Conditions:
          IsProd: !Equals [!Ref Spec, x]
        Mappings:
          Specs:
            default:
              Spec: SYMMETRIC_DEFAULT
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::KMS::Key
            Properties:
              Description: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(KmsKeyRotation.Info);

    [Theory]
    [InlineData("Rotated", ResultStatus.Pass, 2, 3, "EnableKeyRotation is true")]
    [InlineData("NotRotated", ResultStatus.Fail, 6, 3, "EnableKeyRotation is not set: the key material is never rotated")]
    [InlineData("Disabled", ResultStatus.Fail, 13, 26, "EnableKeyRotation is 'false'")]
    [InlineData("SpecFromParameter", ResultStatus.Unknown, 30, 16, "EnableKeyRotation is not true, and whether the key can rotate is unknown: KeySpec is unknown before deployment: parameter Spec has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 34, 45, "EnableKeyRotation is 'false': the key material is never rotated (when IsProd is false)")]
    [InlineData("SymmetricSpec", ResultStatus.Pass, 35, 3, "EnableKeyRotation is true")]
    public void Should_Judge_Each_Key(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(KmsKeyRotation.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("Asymmetric")]
    [InlineData("Hmac")]
    [InlineData("Imported")]
    public void Should_Not_Apply_To_Keys_That_Cannot_Rotate(string resource) =>
        RuleTestKit.ExpectNoResult(KmsKeyRotation.Info, Template, resource);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Key": {
                  "Type": "AWS::KMS::Key",
                  "Properties": { "EnableKeyRotation": false, "KeySpec": "SYMMETRIC_DEFAULT" }
                }
              }
            }
            """;

        RuleTestKit.Expect(KmsKeyRotation.Info, json, "Key", ResultStatus.Fail, 5, 44, "EnableKeyRotation is 'false'");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(KmsKeyRotation.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(KmsKeyRotation.Info, Failing);
}
