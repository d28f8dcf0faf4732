using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaTracingTests
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
            Tracing: Active
        Resources:
          FromGlobals:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.14
          PassThrough:
            Type: AWS::Serverless::Function
            Properties:
              Tracing: PassThrough
          Unknown:
            Type: AWS::Serverless::Function
            Properties:
              Tracing: !Ref RuntimeParam
          Active:
            Type: AWS::Lambda::Function
            Properties:
              TracingConfig:
                Mode: Active
          Missing:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.14
          Conditional:
            Type: AWS::Lambda::Function
            Properties:
              TracingConfig: !If [IsProd, {Mode: Active}, !Ref AWS::NoValue]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.14
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaTracing.Info);

    [Theory]
    [InlineData("FromGlobals", ResultStatus.Pass, 15, 3, "Tracing is Active")]
    [InlineData("PassThrough", ResultStatus.Fail, 22, 16, "Tracing is 'PassThrough': requests through the function are not traced")]
    [InlineData("Unknown", ResultStatus.Unknown, 26, 16, "Tracing is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("Active", ResultStatus.Pass, 27, 3, "TracingConfig.Mode is Active")]
    [InlineData("Missing", ResultStatus.Fail, 32, 3, "TracingConfig.Mode is not set: requests through the function are not traced")]
    [InlineData("Conditional", ResultStatus.Pass, 36, 3, "TracingConfig.Mode is Active")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaTracing.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Fn": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": { "TracingConfig": { "Mode": "PassThrough" } }
                }
              }
            }
            """;

        RuleTestKit.Expect(LambdaTracing.Info, json, "Fn", ResultStatus.Fail, 5, 50, "TracingConfig.Mode is 'PassThrough': requests through the function are not traced");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaTracing.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaTracing.Info, Failing);
}
