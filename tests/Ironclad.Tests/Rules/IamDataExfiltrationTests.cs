using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Iam;

namespace Ironclad.Tests.Rules;

public class IamDataExfiltrationTests
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
                        Action: [s3:ListBucket]
                        Resource: "*"
                      - Effect: Allow
                        Action: ["s3:Get*"]
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
                        Action: ["s3:Get*"]
                        Resource: "*"
          Standalone:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  Effect: Allow
                  Action: ["s3:Get*"]
                  Resource: "*"
          Denied:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: denied
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ["s3:Get*"]
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
                      Action: ["s3:Get*"]
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
                    Action: ["s3:Get*"]
                    Resource: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ["s3:Get*"]
                    Resource: !If [Undecided, "*", !GetAtt Table.Arn]
          DenyWins:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: "s3:GetObject"
                    Resource: "*"
                  - Effect: Deny
                    Action: "s3:GetObject"
                    Resource: "*"
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
                    Action: ["s3:Get*"]
                    Resource: "*"
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(IamDataExfiltration.Info);

    [Theory]
    [InlineData("Narrow", ResultStatus.Pass, 12, 3, "no data-exfiltration action is allowed on every resource")]
    [InlineData("Broad", ResultStatus.Fail, 35, 26, "policy broad: s3:GetObject can read data and are allowed on every resource")]
    [InlineData("Standalone", ResultStatus.Fail, 43, 20, "policy Standalone: s3:GetObject can read data and are allowed on every resource")]
    [InlineData("SamInline", ResultStatus.Fail, 66, 24, "policy Policies[0]: s3:GetObject can read data and are allowed on every resource")]
    [InlineData("FromParameter", ResultStatus.Unknown, 82, 23, "a policy statement is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Fail, 91, 22, "policy ProdOnly: s3:GetObject can read data and are allowed on every resource (when Undecided is true)")]
    [InlineData("DenyWins", ResultStatus.Pass, 93, 3, "no data-exfiltration action is allowed on every resource")]
    [InlineData("Denied", ResultStatus.Pass, 45, 3, "no data-exfiltration action is allowed on every resource")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(IamDataExfiltration.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("SamTemplatesOnly")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(IamDataExfiltration.Info, Template, resource);

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
                    "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*" }] }
                  }
                }
              }
            }
            """;

        RuleTestKit.Expect(IamDataExfiltration.Info, json, "Policy", ResultStatus.Fail, 8, 75, "policy Policy: secretsmanager:GetSecretValue can read data and are allowed on every resource");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(IamDataExfiltration.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(IamDataExfiltration.Info, Failing);
}
