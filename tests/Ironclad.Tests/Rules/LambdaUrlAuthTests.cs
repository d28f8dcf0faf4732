using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaUrlAuthTests
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
        Globals:
          Function:
            FunctionUrlConfig:
              AuthType: AWS_IAM
        Resources:
          FromGlobals:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.14
          Open:
            Type: AWS::Serverless::Function
            Properties:
              FunctionUrlConfig:
                AuthType: NONE
          Url:
            Type: AWS::Lambda::Url
            Properties:
              AuthType: NONE
              TargetFunctionArn: !GetAtt Open.Arn
          IamUrl:
            Type: AWS::Lambda::Url
            Properties:
              AuthType: AWS_IAM
              TargetFunctionArn: !GetAtt Open.Arn
          ParameterUrl:
            Type: AWS::Lambda::Url
            Properties:
              AuthType: !Ref RuntimeParam
              TargetFunctionArn: !GetAtt Open.Arn
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Url
            Properties:
              AuthType: NONE
              TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:f
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaUrlAuth.Info);

    [Theory]
    [InlineData("FromGlobals", ResultStatus.Pass, 16, 3, "FunctionUrlConfig.AuthType is AWS_IAM")]
    [InlineData("Open", ResultStatus.Fail, 24, 19, "FunctionUrlConfig.AuthType is NONE: anyone can invoke the function through its URL")]
    [InlineData("Url", ResultStatus.Fail, 28, 17, "AuthType is NONE: anyone can invoke the function through its URL")]
    [InlineData("IamUrl", ResultStatus.Pass, 30, 3, "AuthType is AWS_IAM")]
    [InlineData("ParameterUrl", ResultStatus.Unknown, 38, 17, "AuthType is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaUrlAuth.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Url": {
                  "Type": "AWS::Lambda::Url",
                  "Properties": { "AuthType": "NONE", "TargetFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f" }
                }
              }
            }
            """;

        RuleTestKit.Expect(LambdaUrlAuth.Info, json, "Url", ResultStatus.Fail, 5, 35, "AuthType is NONE: anyone can invoke the function through its URL");
    }

    [Fact]
    public void Should_Not_Judge_A_Sam_Function_Without_A_Url() =>
        RuleTestKit.ExpectNoResult(LambdaUrlAuth.Info, """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.14
            """, "Fn");

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaUrlAuth.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaUrlAuth.Info, Failing);
}
