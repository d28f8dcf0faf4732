using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Iam;

namespace Ironclad.Tests.Rules;

public class IamFullAdminTests
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
                        Action: [s3:ListAllMyBuckets]
                        Resource: "*"
                      - Effect: Allow
                        Action: "*"
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
                        Action: "*"
                        Resource: "*"
          Standalone:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  Effect: Allow
                  Action: "*"
                  Resource: "*"
          Denied:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: denied
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: "*"
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
                      Action: "*"
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
                    Action: "*"
                    Resource: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: "*"
                    Resource: !If [Undecided, "*", !GetAtt Table.Arn]
          StarOnTable:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: "*"
                    Resource: !GetAtt Table.Arn
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
                    Action: "*"
                    Resource: "*"
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(IamFullAdmin.Info);

    [Theory]
    [InlineData("Narrow", ResultStatus.Pass, 12, 3, "no statement allows '*' on '*'")]
    [InlineData("Broad", ResultStatus.Fail, 35, 25, "policy broad: a statement allows Action '*' on Resource '*': full administrator access")]
    [InlineData("Standalone", ResultStatus.Fail, 43, 19, "policy Standalone: a statement allows Action '*' on Resource '*': full administrator access")]
    [InlineData("SamInline", ResultStatus.Fail, 66, 23, "policy Policies[0]: a statement allows Action '*' on Resource '*': full administrator access")]
    [InlineData("FromParameter", ResultStatus.Unknown, 82, 23, "a policy statement is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Fail, 91, 21, "policy ProdOnly: a statement allows Action '*' on Resource '*': full administrator access (when Undecided is true)")]
    [InlineData("StarOnTable", ResultStatus.Pass, 93, 3, "no statement allows '*' on '*'")]
    [InlineData("Denied", ResultStatus.Fail, 53, 21, "policy Denied: a statement allows Action '*' on Resource '*': full administrator access")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(IamFullAdmin.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("SamTemplatesOnly")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(IamFullAdmin.Info, Template, resource);

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

        RuleTestKit.Expect(IamFullAdmin.Info, json, "Policy", ResultStatus.Fail, 8, 74, "policy Policy: a statement allows Action '*' on Resource '*': full administrator access");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(IamFullAdmin.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(IamFullAdmin.Info, Failing);
}
