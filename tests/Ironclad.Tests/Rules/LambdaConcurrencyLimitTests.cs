using Ironclad.Core.Rules;

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
}
