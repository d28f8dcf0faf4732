using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class UniqueLogicalIdsTests
{
    private const string Sam = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Stage:
            Type: String
            Default: dev
        Resources:
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: !Ref Api
              StageName: !Ref Stage
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: prod
        Outputs:
          Api:
            Value: !Ref Api
        """;

    private const string Json = """
        {
          "Parameters": {"Table": {"Type": "String"}},
          "Resources": {
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
            "Other": {"Type": "AWS::SQS::Queue"}
          }
        }
        """;

    [Fact]
    public void Should_Fail_A_Resource_Named_Like_A_Parameter_At_Its_Key() =>
        RuleTestKit.Expect(UniqueLogicalIds.Info, Sam, "Stage", ResultStatus.Fail, 7, 3, "resource Stage and parameter Stage (line 3) share one logical ID: CloudFormation rejects the template");

    [Fact]
    public void Should_Pass_A_Resource_Named_Like_An_Output() =>
        RuleTestKit.Expect(UniqueLogicalIds.Info, Sam, "Api", ResultStatus.Pass, 12, 3);

    [Theory]
    [InlineData("Table", ResultStatus.Fail, 4, 5)]
    [InlineData("Other", ResultStatus.Pass, 5, 5)]
    public void Should_Read_Json_Templates(string resource, ResultStatus status, int line, int column) =>
        RuleTestKit.Expect(UniqueLogicalIds.Info, Json, resource, status, line, column);
}
