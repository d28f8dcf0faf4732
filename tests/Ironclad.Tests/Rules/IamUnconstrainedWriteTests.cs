using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Iam;

namespace Ironclad.Tests.Rules;

public class IamUnconstrainedWriteTests
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
                        Action: [xray:PutTraceSegments, "dynamodb:Get*"]
                        Resource: "*"
                      - Effect: Allow
                        Action: [dynamodb:PutItem]
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
                        Action: [dynamodb:PutItem]
                        Resource: "*"
          Standalone:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  Effect: Allow
                  Action: [dynamodb:PutItem]
                  Resource: "*"
          Denied:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: denied
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: [dynamodb:PutItem]
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
                      Action: [dynamodb:PutItem]
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
                    Action: [dynamodb:PutItem]
                    Resource: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: [dynamodb:PutItem]
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
                    Action: [dynamodb:PutItem]
                    Resource: "*"
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(IamUnconstrainedWrite.Info);

    [Theory]
    [InlineData("Narrow", ResultStatus.Pass, 12, 3, "no write action is allowed on every resource")]
    [InlineData("Broad", ResultStatus.Fail, 35, 26, "policy broad: dynamodb:PutItem can write and are allowed on every resource")]
    [InlineData("Standalone", ResultStatus.Fail, 43, 20, "policy Standalone: dynamodb:PutItem can write and are allowed on every resource")]
    [InlineData("SamInline", ResultStatus.Fail, 66, 24, "policy Policies[0]: dynamodb:PutItem can write and are allowed on every resource")]
    [InlineData("FromParameter", ResultStatus.Unknown, 82, 23, "a policy statement is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Fail, 91, 22, "policy ProdOnly: dynamodb:PutItem can write and are allowed on every resource (when Undecided is true)")]
    [InlineData("Denied", ResultStatus.Pass, 45, 3, "no write action is allowed on every resource")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(IamUnconstrainedWrite.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("SamTemplatesOnly")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(IamUnconstrainedWrite.Info, Template, resource);

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
                    "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*" }] }
                  }
                }
              }
            }
            """;

        RuleTestKit.Expect(IamUnconstrainedWrite.Info, json, "Policy", ResultStatus.Fail, 8, 75, "policy Policy: sqs:SendMessage can write and are allowed on every resource");
    }

    [Fact]
    public void Should_Not_Count_Invoking_A_Model_As_A_Write() =>
        RuleTestKit.Expect(IamUnconstrainedWrite.Info, """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Summarise:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action: [bedrock:InvokeModel, bedrock:InvokeModelWithResponseStream]
                          Resource: "*"
            """, "Summarise", ResultStatus.Pass, 3, 3, "no write action is allowed on every resource");

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(IamUnconstrainedWrite.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(IamUnconstrainedWrite.Info, Failing);
}
