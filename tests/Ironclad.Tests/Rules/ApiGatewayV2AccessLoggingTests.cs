using Ironclad.Core.Rules;
using Ironclad.Core.Rules.ApiGateway;

namespace Ironclad.Tests.Rules;

public class ApiGatewayV2AccessLoggingTests
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
          HttpApi:
            AccessLogSettings:
              DestinationArn: !GetAtt ApiLogs.Arn
              Format: $context.requestId
        Resources:
          ApiLogs:
            Type: AWS::Logs::LogGroup
          SamFromGlobals:
            Type: AWS::Serverless::HttpApi
          Logged:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: api
              StageName: $default
              AccessLogSettings:
                DestinationArn: !GetAtt ApiLogs.Arn
          NotLogged:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: api
              StageName: $default
          FromParameter:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: api
              StageName: $default
              AccessLogSettings:
                DestinationArn: !Ref RuntimeParam
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: api
              StageName: $default
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(ApiGatewayV2AccessLogging.Info);

    [Theory]
    [InlineData("SamFromGlobals", ResultStatus.Pass, 19, 3, "AccessLogSettings.DestinationArn is set")]
    [InlineData("Logged", ResultStatus.Pass, 21, 3, "AccessLogSettings.DestinationArn is set")]
    [InlineData("NotLogged", ResultStatus.Fail, 28, 3, "AccessLogSettings.DestinationArn is not set: calls to the stage are not logged")]
    [InlineData("FromParameter", ResultStatus.Unknown, 39, 25, "AccessLogSettings.DestinationArn is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(ApiGatewayV2AccessLogging.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Stage": {
                  "Type": "AWS::ApiGatewayV2::Stage",
                  "Properties": { "ApiId": "api", "StageName": "$default" }
                }
              }
            }
            """;

        RuleTestKit.Expect(ApiGatewayV2AccessLogging.Info, json, "Stage", ResultStatus.Fail, 3, 5, "AccessLogSettings.DestinationArn is not set: calls to the stage are not logged");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(ApiGatewayV2AccessLogging.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(ApiGatewayV2AccessLogging.Info, Failing);
}
