using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class SubnetRouteTableUniqueTests
{
    private const string Cfn = """
        Resources:
          PublicSubnet1:
            Type: AWS::EC2::Subnet
          PublicRouteTable:
            Type: AWS::EC2::RouteTable
          PublicSubnet1RouteTableAssociation:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref PublicSubnet1
              RouteTableId: !Ref PublicRouteTable
          PublicSubnet1Association:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: !Ref PublicSubnet1
              RouteTableId: !Ref PublicRouteTable
          LiteralAssociation:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties:
              SubnetId: subnet-0123
              RouteTableId: !Ref PublicRouteTable
        """;

    private const string Json = """
        {
          "Transform": "AWS::Serverless-2016-10-31",
          "Parameters": {"SubnetA": {"Type": "AWS::EC2::Subnet::Id"}},
          "Resources": {
            "Table": {"Type": "AWS::EC2::RouteTable"},
            "One": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "SubnetA"}, "RouteTableId": {"Ref": "Table"}}},
            "Two": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "SubnetA"}, "RouteTableId": {"Ref": "Table"}}}
          }
        }
        """;

    [Theory]
    [InlineData("PublicSubnet1RouteTableAssociation", 9, 7, "PublicSubnet1RouteTableAssociation and PublicSubnet1Association (line 11) both associate subnet PublicSubnet1 with a route table")]
    [InlineData("PublicSubnet1Association", 14, 7, "PublicSubnet1Association and PublicSubnet1RouteTableAssociation (line 6) both associate subnet PublicSubnet1")]
    public void Should_Fail_Both_Associations_Of_One_Subnet(string resource, int line, int column, string message) =>
        RuleTestKit.Expect(SubnetRouteTableUnique.Info, Cfn, resource, ResultStatus.Fail, line, column, message);

    [Fact]
    public void Should_Pass_The_Only_Association_Of_A_Subnet() =>
        RuleTestKit.Expect(SubnetRouteTableUnique.Info, Cfn, "LiteralAssociation", ResultStatus.Pass, 16, 3, "the only route-table association of subnet-0123");

    [Fact]
    public void Should_Read_Json_Sam_Templates_With_Subnets_From_Parameters() =>
        RuleTestKit.Expect(SubnetRouteTableUnique.Info, Json, "Two", ResultStatus.Fail, 7, 77, "Two and One (line 6) both associate subnet SubnetA");
}
