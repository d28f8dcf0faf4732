using Ironclad.Core.Rules;
using Ironclad.Core.Rules.ApiGateway;

namespace Ironclad.Tests.Rules;

public class ApiGatewayAccessLoggingTests
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
            AccessLogSetting:
              DestinationArn: !GetAtt ApiLogs.Arn
              Format: $context.requestId
        Resources:
          ApiLogs:
            Type: AWS::Logs::LogGroup
          SamFromGlobals:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
          Logged:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              AccessLogSetting:
                DestinationArn: !GetAtt ApiLogs.Arn
          NotLogged:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              StageName: prod
          FromParameter:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              AccessLogSetting:
                DestinationArn: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              AccessLogSetting: !If [Undecided, {DestinationArn: !GetAtt ApiLogs.Arn}, !Ref AWS::NoValue]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(ApiGatewayAccessLogging.Info);

    [Theory]
    [InlineData("SamFromGlobals", ResultStatus.Pass, 19, 3, "AccessLogSetting.DestinationArn is set")]
    [InlineData("Logged", ResultStatus.Pass, 23, 3, "AccessLogSetting.DestinationArn is set")]
    [InlineData("NotLogged", ResultStatus.Fail, 29, 3, "AccessLogSetting.DestinationArn is not set: calls to the stage are not logged")]
    [InlineData("FromParameter", ResultStatus.Unknown, 39, 25, "AccessLogSetting.DestinationArn is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Fail, 40, 3, "AccessLogSetting.DestinationArn is not set: calls to the stage are not logged (when Undecided is false)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(ApiGatewayAccessLogging.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Stage": {
                  "Type": "AWS::ApiGateway::Stage",
                  "Properties": { "RestApiId": "api", "AccessLogSetting": { "Format": "$context.requestId" } }
                }
              }
            }
            """;

        RuleTestKit.Expect(ApiGatewayAccessLogging.Info, json, "Stage", ResultStatus.Fail, 5, 43, "AccessLogSetting.DestinationArn is not set: calls to the stage are not logged");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(ApiGatewayAccessLogging.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(ApiGatewayAccessLogging.Info, Failing);
}
