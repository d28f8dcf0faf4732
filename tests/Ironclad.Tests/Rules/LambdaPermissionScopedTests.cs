using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaPermissionScopedTests
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
          S3Scoped:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: s3.amazonaws.com
              SourceAccount: !Ref AWS::AccountId
          S3Open:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: s3.amazonaws.com
          Public:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: "*"
          PublicInOrg:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: "*"
              PrincipalOrgID: o-abc123
          Account:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: "123456789012"
          SourceFromParameter:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: events.amazonaws.com
              SourceArn: !Ref RuntimeParam
          ConditionalSource:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: sns.amazonaws.com
              SourceArn: !If [Undecided, arn:aws:sns:us-east-1:123456789012:t, !Ref AWS::NoValue]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Permission
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: f
              Principal: s3.amazonaws.com
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaPermissionScoped.Info);

    [Theory]
    [InlineData("S3Scoped", ResultStatus.Pass, 12, 3, "the s3.amazonaws.com permission is limited by SourceAccount")]
    [InlineData("S3Open", ResultStatus.Fail, 24, 18, "the s3.amazonaws.com permission has no SourceArn or SourceAccount: any account's s3 resource can invoke the function")]
    [InlineData("Public", ResultStatus.Fail, 30, 18, "Principal is '*' with no SourceArn, SourceAccount or PrincipalOrgID: anyone can invoke the function")]
    [InlineData("PublicInOrg", ResultStatus.Pass, 31, 3, "Principal '*' is limited by a source or organization condition")]
    [InlineData("SourceFromParameter", ResultStatus.Unknown, 50, 18, "SourceArn is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ConditionalSource", ResultStatus.Fail, 56, 18, "the sns.amazonaws.com permission has no SourceArn or SourceAccount: any account's sns resource can invoke the function (when Undecided is false)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaPermissionScoped.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("Account")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(LambdaPermissionScoped.Info, Template, resource);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Permission": {
                  "Type": "AWS::Lambda::Permission",
                  "Properties": { "Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "apigateway.amazonaws.com" }
                }
              }
            }
            """;

        RuleTestKit.Expect(LambdaPermissionScoped.Info, json, "Permission", ResultStatus.Fail, 5, 92, "the apigateway.amazonaws.com permission has no SourceArn or SourceAccount: any account's apigateway resource can invoke the function");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaPermissionScoped.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaPermissionScoped.Info, Failing);
}
