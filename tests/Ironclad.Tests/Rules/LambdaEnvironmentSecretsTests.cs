using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaEnvironmentSecretsTests
{
    private const string Template = """
        Parameters:
          Token:
            Type: String
            Default: AKIAIOSFODNN7EXAMPLE
        Globals:
          Function:
            Environment:
              Variables:
                GLOBAL_SECRET: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        Resources:
          AccessKey:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  NAME: app
                  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
          PrivateKey:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  KEY: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA"
          Harmless:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  COMMIT: 55e7e7703f17c41f276caf8f1a1b744d674259f8
                  HANDLER: handler.handlerverylongcustomhandlernameforservi
                  TABLE: !Ref Table
                  ARN: !Sub "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:queue"
          FromParameter:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  TOKEN: !Ref Token
          FromGlobals:
            Type: AWS::Serverless::Function
          Table:
            Type: AWS::DynamoDB::Table
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables:
                  SECRET: AKIAIOSFODNN7EXAMPLE
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaEnvironmentSecrets.Info);

    [Theory]
    [InlineData("AccessKey", ResultStatus.Fail, 17, 30, "environment variable AWS_ACCESS_KEY_ID looks like an AWS access key ID (the value is not shown)")]
    [InlineData("PrivateKey", ResultStatus.Fail, 23, 16, "environment variable KEY looks like a private key")]
    [InlineData("Harmless", ResultStatus.Pass, 24, 3, "none of 4 environment variable(s) looks like a credential")]
    [InlineData("FromParameter", ResultStatus.Fail, 38, 18, "environment variable TOKEN looks like an AWS access key ID")]
    [InlineData("FromGlobals", ResultStatus.Fail, 9, 24, "environment variable GLOBAL_SECRET looks like an AWS secret access key")]
    public void Should_Judge_Each_Function_Without_Printing_The_Secret(string resource, ResultStatus status, int line, int column, string message)
    {
        var result = RuleTestKit.Expect(LambdaEnvironmentSecrets.Info, Template, resource, status, line, column, message);

        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EXAMPLEKEY", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ASIAY34FZKBOKMUTVV7A", "an AWS access key ID")]
    [InlineData("key=AKIAIOSFODNN7EXAMPLE;", "an AWS access key ID")]
    [InlineData("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "an AWS secret access key")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----", "a private key")]
    [InlineData("AKIAIOSFODNN7EXAMPLEX", null)]
    [InlineData("da39a3ee5e6b4b0d3255bfef95601890afd80709", null)]
    [InlineData("MySuperCoolFortyCharLongStateMachineeeee", null)]
    [InlineData("-----BEGIN PUBLIC KEY-----", null)]
    public void Should_Recognise_Credentials_And_Not_Lookalikes(string value, string? kind) =>
        Assert.Equal(kind, LambdaEnvironmentSecrets.SecretKind(value));

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaEnvironmentSecrets.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaEnvironmentSecrets.Info, Failing);
}
