using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Logs;

namespace Ironclad.Tests.Rules;

public class LogGroupEncryptedTests
{
    private const string Template = """
        Resources:
          Encrypted:
            Type: AWS::Logs::LogGroup
            Properties:
              KmsKeyId: !GetAtt Key.Arn
          Plain:
            Type: AWS::Logs::LogGroup
          KeyFromParameter:
            Type: AWS::Logs::LogGroup
            Properties:
              KmsKeyId: !Ref KeyArn
          Conditional:
            Type: AWS::Logs::LogGroup
            Properties:
              KmsKeyId: !If [IsProd, !Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/k", ""]
          FromMapping:
            Type: AWS::Logs::LogGroup
            Properties:
              KmsKeyId: !FindInMap [Keys, dev, Arn]
          Key:
            Type: AWS::KMS::Key
        Parameters:
          KeyArn:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref KeyArn, x]
        Mappings:
          Keys:
            dev:
              Arn: arn:aws:kms:us-east-1:123456789012:key/k
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LogGroupEncrypted.Info);

    [Theory]
    [InlineData("Encrypted", ResultStatus.Pass, 2, 3, "KmsKeyId is set")]
    [InlineData("Plain", ResultStatus.Fail, 6, 3, "KmsKeyId is not set: the logs are encrypted only with the service's key")]
    [InlineData("KeyFromParameter", ResultStatus.Unknown, 11, 17, "KmsKeyId is unknown before deployment: parameter KeyArn has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 15, 89, "KmsKeyId is an empty string: the logs are encrypted only with the service's key (when IsProd is false)")]
    [InlineData("FromMapping", ResultStatus.Pass, 16, 3, "KmsKeyId is set")]
    public void Should_Judge_Each_Log_Group(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LogGroupEncrypted.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Encrypted": {
                  "Type": "AWS::Logs::LogGroup",
                  "Properties": { "KmsKeyId": { "Fn::GetAtt": ["Key", "Arn"] } }
                },
                "Plain": {
                  "Type": "AWS::Logs::LogGroup",
                  "Properties": { "KmsKeyId": "" }
                },
                "Key": { "Type": "AWS::KMS::Key" }
              }
            }
            """;

        RuleTestKit.Expect(LogGroupEncrypted.Info, json, "Encrypted", ResultStatus.Pass, 3, 5);
        RuleTestKit.Expect(LogGroupEncrypted.Info, json, "Plain", ResultStatus.Fail, 9, 35, "KmsKeyId is an empty string");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LogGroupEncrypted.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LogGroupEncrypted.Info, Failing);
}
