using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class SubnetRangesDisjointTests
{
    private const string Cfn = """
        Parameters:
          VpcCidr:
            Type: String
            Default: 10.0.0.0/16
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: 10.0.0.0/16
          PublicSubnet1:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              CidrBlock: 10.0.0.0/24
          PrivateSubnet1:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
          PrivateSubnet2:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              CidrBlock: !Select [1, !Cidr [!Ref VpcCidr, 4, 8]]
          OtherVpcSubnet:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: vpc-0123
              CidrBlock: 10.0.0.0/24
        """;

    private const string Json = """
        {
          "Transform": "AWS::Serverless-2016-10-31",
          "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}},
            "Wide": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.1.0.0/20"}},
            "Inside": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": {"Fn::Select": [2, {"Fn::Cidr": ["10.1.0.0/16", 8, 10]}]}}},
            "Beyond": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.1.16.0/20"}}
          }
        }
        """;

    [Theory]
    [InlineData("PublicSubnet1", 14, 7, "PublicSubnet1 10.0.0.0/24 overlaps PrivateSubnet1 10.0.0.0/24 (line 15) in Vpc")]
    [InlineData("PrivateSubnet1", 19, 7, "PrivateSubnet1 10.0.0.0/24 overlaps PublicSubnet1 10.0.0.0/24 (line 10) in Vpc")]
    public void Should_Fail_Overlapping_Literal_And_Cidr_Ranges_Of_One_Vpc(string resource, int line, int column, string message) =>
        RuleTestKit.Expect(SubnetRangesDisjoint.Info, Cfn, resource, ResultStatus.Fail, line, column, message);

    [Theory]
    [InlineData("PrivateSubnet2", 20, "10.0.1.0/24 overlaps no other subnet of Vpc")]
    [InlineData("OtherVpcSubnet", 25, "10.0.0.0/24 overlaps no other subnet of vpc-0123")]
    public void Should_Pass_Disjoint_Ranges_And_Subnets_Of_Other_Vpcs(string resource, int line, string message) =>
        RuleTestKit.Expect(SubnetRangesDisjoint.Info, Cfn, resource, ResultStatus.Pass, line, 3, message);

    [Theory]
    [InlineData("Inside", ResultStatus.Fail, 6, 84, "Inside 10.1.8.0/22 overlaps Wide 10.1.0.0/20 (line 5)")]
    [InlineData("Beyond", ResultStatus.Pass, 7, 5, "10.1.16.0/20 overlaps no other subnet")]
    public void Should_Read_Json_Templates(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(SubnetRangesDisjoint.Info, Json, resource, status, line, column, message);
}
