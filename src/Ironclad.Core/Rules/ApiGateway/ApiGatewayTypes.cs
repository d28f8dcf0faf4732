namespace Ironclad.Core.Rules.ApiGateway;

internal static class ApiGatewayTypes
{
    public const string RestStage = "AWS::ApiGateway::Stage";

    public const string SamApi = "AWS::Serverless::Api";

    public const string HttpStage = "AWS::ApiGatewayV2::Stage";

    public const string SamHttpApi = "AWS::Serverless::HttpApi";

    public const string Method = "AWS::ApiGateway::Method";

    public const string Route = "AWS::ApiGatewayV2::Route";
}
