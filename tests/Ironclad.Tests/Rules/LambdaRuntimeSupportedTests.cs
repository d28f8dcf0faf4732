using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaRuntimeSupportedTests
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
            Runtime: python3.8
        Resources:
          FromGlobals:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
          Current:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.14
          FromParameter:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: !Ref RuntimeParam
          NotInTable:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: cobol85
          Plain:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: nodejs12.x
          Branches:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: !If [Undecided, nodejs24.x, go1.x]
          Image:
            Type: AWS::Lambda::Function
            Properties:
              PackageType: Image
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.6
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaRuntimeSupported.Info);

    [Theory]
    [InlineData("FromGlobals", ResultStatus.Fail, 13, 14, "Runtime python3.8 is deprecated since 2024-10-14 (creating functions blocked from 2026-06-01, updating blocked from 2026-07-01): move to python3.14")]
    [InlineData("Current", ResultStatus.Pass, 19, 3, "Runtime python3.14 is supported until 2029-06-30")]
    [InlineData("FromParameter", ResultStatus.Unknown, 26, 16, "Runtime is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("NotInTable", ResultStatus.Unknown, 30, 16, "Runtime cobol85 is not in Ironclad's runtime table (as of 2026-12-01)")]
    [InlineData("Plain", ResultStatus.Fail, 34, 16, "Runtime nodejs12.x is deprecated since 2023-03-31 (creating functions blocked from 2023-03-31, updating blocked from 2023-04-30): move to nodejs24.x")]
    [InlineData("Branches", ResultStatus.Fail, 38, 44, "Runtime go1.x is deprecated since 2024-01-08 (creating functions blocked from 2024-02-08, updating blocked from 2026-07-01): move to provided.al2023 (when Undecided is false)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaRuntimeSupported.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("Image")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(LambdaRuntimeSupported.Info, Template, resource);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Fn": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": { "Runtime": "python2.7", "Handler": "app.handler" }
                }
              }
            }
            """;

        RuleTestKit.Expect(LambdaRuntimeSupported.Info, json, "Fn", ResultStatus.Fail, 5, 34, "Runtime python2.7 is deprecated since 2021-07-15 (creating functions blocked from 2021-07-15, updating blocked from 2022-05-30): move to python3.14");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaRuntimeSupported.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaRuntimeSupported.Info, Failing);
}
