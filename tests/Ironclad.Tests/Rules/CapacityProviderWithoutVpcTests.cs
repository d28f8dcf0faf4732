using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class CapacityProviderWithoutVpcTests
{
    private const string Sam = """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            VpcConfig:
              SubnetIds: [subnet-1]
              SecurityGroupIds: [sg-1]
        Resources:
          OnProvider:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              CapacityProviderConfig:
                LambdaManagedInstancesCapacityProviderConfig:
                  CapacityProviderArn: !GetAtt Provider.Arn
          OptedOut:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              CapacityProviderConfig:
                LambdaManagedInstancesCapacityProviderConfig:
                  CapacityProviderArn: !GetAtt Provider.Arn
              VpcConfig: !Ref AWS::NoValue
          Plain:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
          Provider:
            Type: AWS::Serverless::CapacityProvider
        """;

    private const string Json = """
        {
          "Resources": {
            "Both": {
              "Type": "AWS::Lambda::Function",
              "Properties": {
                "CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {"CapacityProviderArn": "arn:aws:lambda:us-east-1:1:capacity-provider:p"}},
                "VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}
              }
            }
          }
        }
        """;

    [Fact]
    public void Should_Fail_A_Capacity_Provider_Function_That_Gets_VpcConfig_From_Globals_At_The_Globals_Line() =>
        RuleTestKit.Expect(CapacityProviderWithoutVpc.Info, Sam, "OnProvider", ResultStatus.Fail, 4, 5, "CapacityProviderConfig (line 12) and VpcConfig (from Globals.Function) are set together");

    [Fact]
    public void Should_Pass_A_Function_That_Removes_The_Global_VpcConfig() =>
        RuleTestKit.Expect(CapacityProviderWithoutVpc.Info, Sam, "OptedOut", ResultStatus.Pass, 15, 3);

    [Fact]
    public void Should_Not_Judge_A_Function_Without_A_Capacity_Provider() =>
        RuleTestKit.ExpectNoResult(CapacityProviderWithoutVpc.Info, Sam, "Plain");

    [Fact]
    public void Should_Read_Json_Templates() =>
        RuleTestKit.Expect(CapacityProviderWithoutVpc.Info, Json, "Both", ResultStatus.Fail, 7, 9, "CapacityProviderConfig (line 6) and VpcConfig are set together");
}
