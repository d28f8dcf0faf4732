using Ironclad.Core.Rules;
using Ironclad.Core.Rules.ApiGateway;

namespace Ironclad.Tests.Rules;

public class ApiGatewayExecutionLoggingTests
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
          Api:
            MethodSettings:
              - ResourcePath: /*
                HttpMethod: "*"
                LoggingLevel: ERROR
        Resources:
          SamFromGlobals:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
          Info:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              MethodSettings:
                - ResourcePath: /*
                  HttpMethod: "*"
                  LoggingLevel: INFO
          NoSettings:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
          Off:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              MethodSettings:
                - ResourcePath: /*
                  HttpMethod: "*"
                  LoggingLevel: "OFF"
          MetricsOnly:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              MethodSettings:
                - ResourcePath: /*
                  HttpMethod: "*"
                  MetricsEnabled: true
          FromParameter:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              MethodSettings:
                - ResourcePath: /*
                  HttpMethod: "*"
                  LoggingLevel: !Ref RuntimeParam
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(ApiGatewayExecutionLogging.Info);

    [Theory]
    [InlineData("SamFromGlobals", ResultStatus.Pass, 18, 3, "MethodSettings sets LoggingLevel ERROR")]
    [InlineData("Info", ResultStatus.Pass, 22, 3, "MethodSettings sets LoggingLevel INFO")]
    [InlineData("NoSettings", ResultStatus.Fail, 30, 3, "MethodSettings is not set: no execution logging level")]
    [InlineData("Off", ResultStatus.Fail, 41, 25, "MethodSettings sets LoggingLevel OFF")]
    [InlineData("MetricsOnly", ResultStatus.Fail, 46, 7, "no MethodSettings entry sets LoggingLevel ERROR or INFO: execution is not logged")]
    [InlineData("FromParameter", ResultStatus.Unknown, 57, 25, "MethodSettings LoggingLevel is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(ApiGatewayExecutionLogging.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Stage": {
                  "Type": "AWS::ApiGateway::Stage",
                  "Properties": { "RestApiId": "api", "MethodSettings": [{ "ResourcePath": "/*", "HttpMethod": "*", "LoggingLevel": "ERROR" }] }
                }
              }
            }
            """;

        RuleTestKit.Expect(ApiGatewayExecutionLogging.Info, json, "Stage", ResultStatus.Pass, 3, 5, "MethodSettings sets LoggingLevel ERROR");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(ApiGatewayExecutionLogging.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(ApiGatewayExecutionLogging.Info, Failing);
}
