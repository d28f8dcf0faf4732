using Ironclad.Core.Rules;
using Ironclad.Core.Rules.ApiGateway;

namespace Ironclad.Tests.Rules;

public class ApiGatewayTracingTests
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
            TracingEnabled: true
        Resources:
          SamFromGlobals:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
          SamOff:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
              TracingEnabled: false
          Traced:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              TracingEnabled: "true"
          NotTraced:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
          FromParameter:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
              TracingEnabled: !Ref RuntimeParam
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: api
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(ApiGatewayTracing.Info);

    [Theory]
    [InlineData("SamFromGlobals", ResultStatus.Pass, 15, 3, "TracingEnabled is true")]
    [InlineData("SamOff", ResultStatus.Fail, 23, 23, "TracingEnabled is 'false': requests through the stage are not traced")]
    [InlineData("Traced", ResultStatus.Pass, 24, 3, "TracingEnabled is true")]
    [InlineData("NotTraced", ResultStatus.Fail, 29, 3, "TracingEnabled is not set: requests through the stage are not traced")]
    [InlineData("FromParameter", ResultStatus.Unknown, 37, 23, "TracingEnabled is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(ApiGatewayTracing.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Stage": {
                  "Type": "AWS::ApiGateway::Stage",
                  "Properties": { "RestApiId": "api", "TracingEnabled": false }
                }
              }
            }
            """;

        RuleTestKit.Expect(ApiGatewayTracing.Info, json, "Stage", ResultStatus.Fail, 5, 61, "TracingEnabled is 'false': requests through the stage are not traced");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(ApiGatewayTracing.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(ApiGatewayTracing.Info, Failing);
}
