using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Iam;

namespace Ironclad.Tests.Rules;

public class IamPrivilegeEscalationTests
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
                        Action: [iam:PassRole]
                        Resource: "*"
                      - Effect: Allow
                        Action: [iam:PassRole, "lambda:*"]
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
                        Action: [iam:PassRole, "lambda:*"]
                        Resource: "*"
          Standalone:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  Effect: Allow
                  Action: [iam:PassRole, "lambda:*"]
                  Resource: "*"
          Denied:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: denied
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: [iam:PassRole, "lambda:*"]
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
                      Action: [iam:PassRole, "lambda:*"]
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
                    Action: [iam:PassRole, "lambda:*"]
                    Resource: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: [iam:PassRole, "lambda:*"]
                    Resource: !If [Undecided, "*", !GetAtt Table.Arn]
          DenyWins:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: p
              Roles: [r]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: "iam:CreateAccessKey"
                    Resource: "*"
                  - Effect: Deny
                    Action: "iam:CreateAccessKey"
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
                    Action: [iam:PassRole, "lambda:*"]
                    Resource: "*"
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(IamPrivilegeEscalation.Info);

    [Theory]
    [InlineData("Narrow", ResultStatus.Pass, 12, 3, "no privilege-escalation method is allowed")]
    [InlineData("Broad", ResultStatus.Fail, 35, 26, "policy broad: allows privilege escalation by PassExistingRoleToNewLambdaThenInvoke (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction), PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping), EditExistingLambdaFunctionWithRole (lambda:UpdateFunctionCode)")]
    [InlineData("Standalone", ResultStatus.Fail, 43, 20, "policy Standalone: allows privilege escalation by PassExistingRoleToNewLambdaThenInvoke (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction), PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping), EditExistingLambdaFunctionWithRole (lambda:UpdateFunctionCode)")]
    [InlineData("SamInline", ResultStatus.Fail, 66, 24, "policy Policies[0]: allows privilege escalation by PassExistingRoleToNewLambdaThenInvoke (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction), PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping), EditExistingLambdaFunctionWithRole (lambda:UpdateFunctionCode)")]
    [InlineData("FromParameter", ResultStatus.Unknown, 82, 23, "a policy statement is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Fail, 91, 22, "policy ProdOnly: allows privilege escalation by PassExistingRoleToNewLambdaThenInvoke (iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction), PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping), EditExistingLambdaFunctionWithRole (lambda:UpdateFunctionCode) (when Undecided is true)")]
    [InlineData("DenyWins", ResultStatus.Pass, 93, 3, "no privilege-escalation method is allowed")]
    [InlineData("Denied", ResultStatus.Pass, 45, 3, "no privilege-escalation method is allowed")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(IamPrivilegeEscalation.Info, Template, resource, status, line, column, message);

    [Theory]
    [InlineData("SamTemplatesOnly")]
    public void Should_Not_Judge(string resource) =>
        RuleTestKit.ExpectNoResult(IamPrivilegeEscalation.Info, Template, resource);

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
                    "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["iam:AttachUserPolicy"], "Resource": "*" }] }
                  }
                }
              }
            }
            """;

        RuleTestKit.Expect(IamPrivilegeEscalation.Info, json, "Policy", ResultStatus.Fail, 8, 75, "policy Policy: allows privilege escalation by AttachUserPolicy (iam:AttachUserPolicy)");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(IamPrivilegeEscalation.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(IamPrivilegeEscalation.Info, Failing);
}
