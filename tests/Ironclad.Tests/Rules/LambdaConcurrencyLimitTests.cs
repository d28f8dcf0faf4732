using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaConcurrencyLimitTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Limit:
            Type: Number
            Default: 5
          NoDefault:
            Type: Number
        Globals:
          Function:
            Runtime: python3.12
        Resources:
          Missing:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
          Zero:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: 0
          FromParameter:
            Type: AWS::Serverless::Function
            Properties:
              ReservedConcurrentExecutions: !Ref Limit
          Unknowable:
            Type: AWS::Serverless::Function
            Properties:
              ReservedConcurrentExecutions: !Ref NoDefault
          NoValue:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !Ref AWS::NoValue
        """;

    [Theory]
    [InlineData("Missing", ResultStatus.Fail, 12, 3)]
    [InlineData("Zero", ResultStatus.Fail, 19, 37)]
    [InlineData("FromParameter", ResultStatus.Pass, 23, 37)]
    [InlineData("Unknowable", ResultStatus.Unknown, 27, 37)]
    [InlineData("NoValue", ResultStatus.Fail, 28, 3)]
    public void Should_Judge_Each_Function_At_The_Property_Or_Its_Key(string resource, ResultStatus status, int line, int column)
    {
        var result = TestTemplates.Single(TestTemplates.Scan(Template), "CKV_AWS_115", resource);

        Assert.Equal(status, result.Status);
        if (status != ResultStatus.Pass)
        {
            Assert.Equal((line, column), (result.Line, result.Column));
        }
    }

    [Fact]
    public void Should_Pass_When_Globals_Set_The_Limit()
    {
        var results = TestTemplates.Scan("""
            Globals:
              Function:
                ReservedConcurrentExecutions: 10
            Resources:
              Fn:
                Type: AWS::Serverless::Function
            """);

        Assert.Equal(ResultStatus.Pass, TestTemplates.Single(results, "lambda-concurrency-check", "Fn").Status);
    }

    private const string Intrinsics = """
        Parameters:
          Env:
            Type: String
          Limit:
            Type: String
            Default: "7"
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          Always: !Equals [a, a]
          Never: !Equals [a, b]
        Mappings:
          Limits:
            dev:
              Value: 0
        Resources:
          DecidedIf:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !If [Always, 5, 0]
          UndecidedIf:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !If [IsProd, 50, 0]
          FromMapping:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !FindInMap [Limits, dev, Value]
          FromSub:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !Sub "${Limit}"
          NotDeployed:
            Type: AWS::Lambda::Function
            Condition: Never
            Properties:
              Handler: app.handler
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaConcurrencyLimit.Info);

    [Theory]
    [InlineData("DecidedIf", ResultStatus.Pass, 16, 3, "is 5")]
    [InlineData("UndecidedIf", ResultStatus.Fail, 23, 54, "ReservedConcurrentExecutions is 0: the function can never run (when IsProd is false)")]
    [InlineData("FromMapping", ResultStatus.Fail, 27, 37, "ReservedConcurrentExecutions is 0")]
    [InlineData("FromSub", ResultStatus.Pass, 28, 3, "is 7")]
    public void Should_Evaluate_Intrinsics(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaConcurrencyLimit.Info, Intrinsics, resource, status, line, column, message);

    [Fact]
    public void Should_Report_Nothing_For_A_Function_That_Is_Not_Deployed() =>
        RuleTestKit.ExpectNoResult(LambdaConcurrencyLimit.Info, Intrinsics, "NotDeployed");

    [Fact]
    public void Should_Say_What_Is_Unknown() =>
        RuleTestKit.Expect(LambdaConcurrencyLimit.Info, Template, "Unknowable", ResultStatus.Unknown, 27, 37, "ReservedConcurrentExecutions is unknown before deployment: parameter NoDefault has no value");

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Limited": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": { "ReservedConcurrentExecutions": 10 }
                },
                "Throttled": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": { "ReservedConcurrentExecutions": 0 }
                },
                "Unlimited": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": { "Handler": "app.handler" }
                }
              }
            }
            """;

        RuleTestKit.Expect(LambdaConcurrencyLimit.Info, json, "Limited", ResultStatus.Pass, 3, 5);
        RuleTestKit.Expect(LambdaConcurrencyLimit.Info, json, "Throttled", ResultStatus.Fail, 9, 55, "can never run");
        RuleTestKit.Expect(LambdaConcurrencyLimit.Info, json, "Unlimited", ResultStatus.Fail, 11, 5, "ReservedConcurrentExecutions is not set");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaConcurrencyLimit.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaConcurrencyLimit.Info, Failing);
}
