using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaEnvironmentEncryptedTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          KeyArn:
            Type: String
          Env:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Globals:
          Function:
            Environment:
              Variables:
                STAGE: dev
        Resources:
          SamInheritsVariables:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
          SamWithKey:
            Type: AWS::Serverless::Function
            Properties:
              KmsKeyArn: !GetAtt Key.Arn
          PlainNoVariables:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables: {}
          PlainEmptyKey:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  A: b
              KmsKeyArn: ""
          KeyFromParameter:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  A: b
              KmsKeyArn: !Ref KeyArn
          KeyOnlyInProd:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  A: b
              KmsKeyArn: !If [IsProd, !Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/abc", !Ref AWS::NoValue]
          VariablesNoValue:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables: !Ref AWS::NoValue
          KeyFromMapping:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  A: b
              KmsKeyArn: !FindInMap [Keys, dev, Arn]
          Key:
            Type: AWS::KMS::Key
        Mappings:
          Keys:
            dev:
              Arn: arn:aws:kms:us-east-1:123456789012:key/abc
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  A: b
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaEnvironmentEncrypted.Info);

    [Theory]
    [InlineData("SamInheritsVariables", ResultStatus.Fail, 15, 3, "KmsKeyArn is not set: 1 environment variable(s) are encrypted with the AWS-managed key aws/lambda")]
    [InlineData("SamWithKey", ResultStatus.Pass, 19, 3, "KmsKeyArn is set")]
    [InlineData("PlainNoVariables", ResultStatus.Pass, 23, 3, "no environment variables")]
    [InlineData("PlainEmptyKey", ResultStatus.Fail, 34, 18, "KmsKeyArn is an empty string")]
    [InlineData("KeyFromParameter", ResultStatus.Unknown, 41, 18, "KmsKeyArn is unknown before deployment: parameter KeyArn has no value")]
    [InlineData("KeyOnlyInProd", ResultStatus.Fail, 42, 3, "KmsKeyArn is not set: 1 environment variable(s) are encrypted with the AWS-managed key aws/lambda (when IsProd is false)")]
    [InlineData("VariablesNoValue", ResultStatus.Pass, 49, 3, "no environment variables")]
    [InlineData("KeyFromMapping", ResultStatus.Pass, 54, 3, "KmsKeyArn is set")]
    public void Should_Judge_Each_Function(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaEnvironmentEncrypted.Info, Template, resource, status, line, column, message);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaEnvironmentEncrypted.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaEnvironmentEncrypted.Info, Failing);
}
