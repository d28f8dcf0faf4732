using Ironclad.Core.Rules;
using Ironclad.Core.Rules.SecretsManager;

namespace Ironclad.Tests.Rules;

public class SecretsManagerCmkTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          RuntimeParam:
            Type: String
          Stage:
            Type: String
            Default: prod
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
          Undecided: !Equals [!Ref RuntimeParam, x]
        Resources:
          Cmk:
            Type: AWS::SecretsManager::Secret
            Properties:
              KmsKeyId: !Ref Key
          Default:
            Type: AWS::SecretsManager::Secret
            Properties:
              Name: db
          AwsManaged:
            Type: AWS::SecretsManager::Secret
            Properties:
              KmsKeyId: alias/aws/secretsmanager
          FromParameter:
            Type: AWS::SecretsManager::Secret
            Properties:
              KmsKeyId: !Ref RuntimeParam
          Key:
            Type: AWS::KMS::Key
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::SecretsManager::Secret
            Properties:
              Name: db
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(SecretsManagerCmk.Info);

    [Theory]
    [InlineData("Cmk", ResultStatus.Pass, 12, 3, "KmsKeyId is set")]
    [InlineData("Default", ResultStatus.Fail, 16, 3, "KmsKeyId is not set: the secret uses the AWS-managed key aws/secretsmanager")]
    [InlineData("AwsManaged", ResultStatus.Fail, 23, 17, "KmsKeyId is the AWS-managed key alias/aws/secretsmanager, not a customer-managed key")]
    [InlineData("FromParameter", ResultStatus.Unknown, 27, 17, "KmsKeyId is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(SecretsManagerCmk.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Secret": {
                  "Type": "AWS::SecretsManager::Secret",
                  "Properties": { "KmsKeyId": "arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager" }
                }
              }
            }
            """;

        RuleTestKit.Expect(SecretsManagerCmk.Info, json, "Secret", ResultStatus.Fail, 5, 35, "KmsKeyId is the AWS-managed key alias/aws/secretsmanager, not a customer-managed key");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(SecretsManagerCmk.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(SecretsManagerCmk.Info, Failing);
}
