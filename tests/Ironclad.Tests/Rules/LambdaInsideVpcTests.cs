using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaInsideVpcTests
{
    private const string Template = """
        Parameters:
          Subnets:
            Type: List<AWS::EC2::Subnet::Id>
          DefaultSubnets:
            Type: CommaDelimitedList
            Default: subnet-1,subnet-2
          Env:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          InVpc:
            Type: AWS::Lambda::Function
            Properties:
              VpcConfig:
                SubnetIds: !Ref DefaultSubnets
                SecurityGroupIds: [!GetAtt Sg.GroupId]
          NoVpc:
            Type: AWS::Lambda::Function
            Properties:
              Handler: app.handler
          EmptyConfig:
            Type: AWS::Lambda::Function
            Properties:
              VpcConfig: {}
          EmptyGroups:
            Type: AWS::Serverless::Function
            Properties:
              VpcConfig:
                SubnetIds: [subnet-1]
                SecurityGroupIds: []
          UnknownSubnets:
            Type: AWS::Lambda::Function
            Properties:
              VpcConfig:
                SubnetIds: !Ref Subnets
                SecurityGroupIds: [sg-1]
          ProdOnly:
            Type: AWS::Lambda::Function
            Properties:
              VpcConfig: !If
                - IsProd
                - SubnetIds: [subnet-1]
                  SecurityGroupIds: [sg-1]
                - !Ref AWS::NoValue
          RemovedGroup:
            Type: AWS::Lambda::Function
            Properties:
              VpcConfig:
                SubnetIds: [!Sub "${AWS::Region}-subnet", !FindInMap [Net, dev, Subnet]]
                SecurityGroupIds: [!Ref AWS::NoValue]
          Sg:
            Type: AWS::EC2::SecurityGroup
        Mappings:
          Net:
            dev:
              Subnet: subnet-9
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Lambda::Function
            Properties:
              Handler: app.handler
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaInsideVpc.Info);

    [Theory]
    [InlineData("InVpc", ResultStatus.Pass, 12, 3, "VpcConfig.SubnetIds has 2 item(s)")]
    [InlineData("NoVpc", ResultStatus.Fail, 18, 3, "VpcConfig is not set: the function runs outside any VPC")]
    [InlineData("EmptyConfig", ResultStatus.Fail, 25, 7, "VpcConfig has no SubnetIds")]
    [InlineData("EmptyGroups", ResultStatus.Fail, 31, 27, "VpcConfig.SecurityGroupIds is empty")]
    [InlineData("UnknownSubnets", ResultStatus.Unknown, 36, 20, "VpcConfig.SubnetIds is unknown before deployment: parameter Subnets has no value")]
    [InlineData("ProdOnly", ResultStatus.Fail, 38, 3, "VpcConfig is not set: the function runs outside any VPC (when IsProd is false)")]
    [InlineData("RemovedGroup", ResultStatus.Fail, 51, 27, "VpcConfig.SecurityGroupIds is empty")]
    public void Should_Judge_Each_Function(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaInsideVpc.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Concatenate_Lists_From_Globals()
    {
        const string template = """
            Globals:
              Function:
                VpcConfig:
                  SecurityGroupIds: [sg-1]
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  VpcConfig:
                    SubnetIds: [subnet-1]
              GroupsOnly:
                Type: AWS::Serverless::Function
            """;

        RuleTestKit.Expect(LambdaInsideVpc.Info, template, "Fn", ResultStatus.Pass, 6, 3);
        RuleTestKit.Expect(LambdaInsideVpc.Info, template, "GroupsOnly", ResultStatus.Fail, 3, 5, "VpcConfig has no SubnetIds");
    }

    [Fact]
    public void Should_Judge_A_Function_On_Managed_Instances_By_Its_Capacity_Provider()
    {
        const string template = """
            Globals:
              Function:
                CapacityProviderConfig:
                  Arn: !GetAtt Bare.Arn
            Resources:
              Networked:
                Type: AWS::Serverless::CapacityProvider
                Properties:
                  VpcConfig:
                    SubnetIds: [subnet-1]
                    SecurityGroupIds: [sg-1]
              Bare:
                Type: AWS::Lambda::CapacityProvider
                Properties:
                  PermissionsConfig: {CapacityProviderOperatorRoleArn: arn:aws:iam::123456789012:role/operator}
              OnNetworked:
                Type: AWS::Serverless::Function
                Properties:
                  CapacityProviderConfig:
                    Arn: !GetAtt Networked.Arn
              OnBare:
                Type: AWS::Serverless::Function
              OnLambda:
                Type: AWS::Lambda::Function
                Properties:
                  CapacityProviderConfig:
                    LambdaManagedInstancesCapacityProviderConfig:
                      CapacityProviderArn: !GetAtt Networked.Arn
              OnExternal:
                Type: AWS::Lambda::Function
                Properties:
                  CapacityProviderConfig:
                    LambdaManagedInstancesCapacityProviderConfig:
                      CapacityProviderArn: arn:aws:lambda:us-east-1:123456789012:capacity-provider:shared
            """;

        RuleTestKit.Expect(LambdaInsideVpc.Info, template, "OnNetworked", ResultStatus.Pass, 16, 3, "runs on the capacity provider Networked, whose VpcConfig has subnets and security groups");
        RuleTestKit.Expect(LambdaInsideVpc.Info, template, "OnBare", ResultStatus.Fail, 4, 12, "the function runs on the capacity provider Bare (CapacityProviderConfig; it cannot have its own VpcConfig), so the capacity provider needs the VPC: Bare has no VpcConfig");
        RuleTestKit.Expect(LambdaInsideVpc.Info, template, "OnLambda", ResultStatus.Pass, 23, 3);
        RuleTestKit.Expect(LambdaInsideVpc.Info, template, "OnExternal", ResultStatus.Pass, 29, 3, "which always has a VpcConfig");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaInsideVpc.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaInsideVpc.Info, Failing);
}
