using Ironclad.Core.Rules;
using Ironclad.Core.Rules.ApiGateway;

namespace Ironclad.Tests.Rules;

public class ApiGatewayAuthorizationTests
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
            Auth:
              DefaultAuthorizer: AWS_IAM
        Resources:
          ImplicitAuthorized:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                Get:
                  Type: Api
                  Properties:
                    Path: /items
                    Method: get
          OptedOut:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                Get:
                  Type: Api
                  Properties:
                    Path: /public
                    Method: get
                    Auth:
                      Authorizer: NONE
                Preflight:
                  Type: Api
                  Properties:
                    Path: /public
                    Method: options
                    Auth:
                      Authorizer: NONE
          OpenHttpApi:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                Post:
                  Type: HttpApi
                  Properties:
                    ApiId: !Ref HttpApi
                    Path: /orders
                    Method: post
          ParameterAuthorizer:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                Post:
                  Type: HttpApi
                  Properties:
                    ApiId: !Ref KeyedHttpApi
                    Path: /orders
                    Method: post
          NoApiEvents:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                Tick:
                  Type: Schedule
                  Properties:
                    Schedule: rate(1 hour)
          HttpApi:
            Type: AWS::Serverless::HttpApi
          KeyedHttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              Auth:
                DefaultAuthorizer: !Ref RuntimeParam
          OpenMethod:
            Type: AWS::ApiGateway::Method
            Properties:
              HttpMethod: GET
              AuthorizationType: NONE
              ResourceId: r
              RestApiId: api
          DefaultMethod:
            Type: AWS::ApiGateway::Method
            Properties:
              HttpMethod: GET
              ResourceId: r
              RestApiId: api
          KeyMethod:
            Type: AWS::ApiGateway::Method
            Properties:
              HttpMethod: GET
              AuthorizationType: NONE
              ApiKeyRequired: true
              ResourceId: r
              RestApiId: api
          CorsMethod:
            Type: AWS::ApiGateway::Method
            Properties:
              HttpMethod: OPTIONS
              AuthorizationType: NONE
              ResourceId: r
              RestApiId: api
          IamRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: api
              RouteKey: GET /items
              AuthorizationType: AWS_IAM
          OpenRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: api
              RouteKey: GET /items
          Socket:
            Type: AWS::ApiGatewayV2::Api
            Properties:
              Name: chat
              ProtocolType: WEBSOCKET
              RouteSelectionExpression: $request.body.action
          SocketMessage:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: !Ref Socket
              RouteKey: sendmessage
          SocketConnect:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: !Ref Socket
              RouteKey: $connect
              AuthorizationType: NONE
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::ApiGateway::Method
            Properties:
              HttpMethod: GET
              AuthorizationType: NONE
              ResourceId: r
              RestApiId: api
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(ApiGatewayAuthorization.Info);

    [Theory]
    [InlineData("ImplicitAuthorized", ResultStatus.Pass, 16, 3, "event Get (get /items) uses the authorizer AWS_IAM")]
    [InlineData("OptedOut", ResultStatus.Fail, 35, 27, "event Get (get /public) has no authorizer and no API key: anyone can call it")]
    [InlineData("OpenHttpApi", ResultStatus.Fail, 48, 11, "event Post (post /orders) has no authorizer and no API key: anyone can call it")]
    [InlineData("ParameterAuthorizer", ResultStatus.Unknown, 77, 28, "the authorizer of event Post is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("OpenMethod", ResultStatus.Fail, 82, 26, "AuthorizationType is 'NONE' and no API key is required: anyone can call it")]
    [InlineData("DefaultMethod", ResultStatus.Fail, 85, 3, "AuthorizationType is not set (NONE) and no API key is required: anyone can call it")]
    [InlineData("KeyMethod", ResultStatus.Pass, 91, 3, "ApiKeyRequired is true")]
    [InlineData("CorsMethod", ResultStatus.Pass, 99, 3, "an OPTIONS method answers CORS preflight requests, which carry no credentials")]
    [InlineData("IamRoute", ResultStatus.Pass, 106, 3, "AuthorizationType is AWS_IAM")]
    [InlineData("OpenRoute", ResultStatus.Fail, 112, 3, "AuthorizationType is not set (NONE) and no API key is required: anyone can call it")]
    [InlineData("SocketConnect", ResultStatus.Fail, 133, 26, "AuthorizationType is 'NONE' and no API key is required: anyone can call it")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(ApiGatewayAuthorization.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("NoApiEvents")]
    [InlineData("SocketMessage")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(ApiGatewayAuthorization.Info, Template, resource);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Method": {
                  "Type": "AWS::ApiGateway::Method",
                  "Properties": { "HttpMethod": "POST", "AuthorizationType": "NONE", "ResourceId": "r", "RestApiId": "api" }
                }
              }
            }
            """;

        RuleTestKit.Expect(ApiGatewayAuthorization.Info, json, "Method", ResultStatus.Fail, 5, 66, "AuthorizationType is 'NONE' and no API key is required: anyone can call it");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(ApiGatewayAuthorization.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(ApiGatewayAuthorization.Info, Failing);
}
