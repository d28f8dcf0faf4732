using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Iam;

namespace Ironclad.Tests.Rules;

public class IamWildcardActionTests
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
        Resources:
          Narrow:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {}
              Policies:
                - PolicyName: narrow
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: [s3:ListAllMyBuckets, "dynamodb:*"]
                        Resource: "*"
                      - Effect: Allow
                        Action: "s3:*"
                        Resource: !GetAtt Table.Arn
          Broad:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {}
              Policies:
                - PolicyName: broad
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: ["*"]
                        Resource: "*"
          Standalone:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  Effect: Allow
                  Action: ["*"]
                  Resource: "*"
          Denied:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: denied
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ["*"]
                    Resource: "*"
                    Condition:
                      StringEquals:
                        aws:RequestedRegion: us-east-1
          SamInline:
            Type: AWS::Serverless::Function
            Properties:
              Policies:
                - DynamoDBReadPolicy:
                    TableName: !Ref Table
                - Statement:
                    - Effect: Allow
                      Action: ["*"]
                      Resource: "*"
          SamTemplatesOnly:
            Type: AWS::Serverless::Function
            Properties:
              Policies:
                - AWSLambdaBasicExecutionRole
          FromParameter:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ["*"]
                    Resource: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ["*"]
                    Resource: !If [Undecided, "*", !GetAtt Table.Arn]
          Table:
            Type: AWS::DynamoDB::Table
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ["*"]
                    Resource: "*"
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(IamWildcardAction.Info);

    [Theory]
    [InlineData("Narrow", ResultStatus.Pass, 12, 3, "no statement allows Action '*'")]
    [InlineData("Broad", ResultStatus.Fail, 35, 26, "policy broad: a statement allows Action '*': every action of every service")]
    [InlineData("Standalone", ResultStatus.Fail, 43, 20, "policy Standalone: a statement allows Action '*': every action of every service")]
    [InlineData("SamInline", ResultStatus.Fail, 66, 24, "policy Policies[0]: a statement allows Action '*': every action of every service")]
    [InlineData("FromParameter", ResultStatus.Fail, 81, 22, "policy FromParameter: a statement allows Action '*': every action of every service")]
    [InlineData("ProdOnly", ResultStatus.Fail, 91, 22, "policy ProdOnly: a statement allows Action '*': every action of every service (when Undecided is false)")]
    [InlineData("Denied", ResultStatus.Fail, 53, 22, "policy Denied: a statement allows Action '*': every action of every service")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(IamWildcardAction.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("SamTemplatesOnly")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(IamWildcardAction.Info, Template, resource);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Policy": {
                  "Type": "AWS::IAM::Policy",
                  "Properties": {
                    "PolicyName": "p",
                    "Roles": ["r"],
                    "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }] }
                  }
                }
              }
            }
            """;

        RuleTestKit.Expect(IamWildcardAction.Info, json, "Policy", ResultStatus.Fail, 8, 74, "policy Policy: a statement allows Action '*': every action of every service");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(IamWildcardAction.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(IamWildcardAction.Info, Failing);
}
