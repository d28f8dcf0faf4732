using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Deployability;

namespace Ironclad.Tests.Rules;

public class PolicyResourceNotEmptyTests
{
    private const string Sam = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          CreateBucket:
            Type: String
        Conditions:
          HasBucket: !Equals [!Ref CreateBucket, "yes"]
        Resources:
          ReplicationRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {}
              Policies:
                - PolicyName: replicate
                  PolicyDocument:
                    Statement:
                      - Sid: Read
                        Effect: Allow
                        Action: s3:GetObject
                        Resource:
                          - !If [HasBucket, !Sub "${Bucket.Arn}/*", !Ref AWS::NoValue]
          GuardedRole:
            Type: AWS::IAM::Role
            Condition: HasBucket
            Properties:
              AssumeRolePolicyDocument: {}
              Policies:
                - PolicyName: replicate
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: s3:GetObject
                        Resource:
                          - !If [HasBucket, !Sub "${Bucket.Arn}/*", !Ref AWS::NoValue]
          Function:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Policies:
                - Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: !If [HasBucket, !GetAtt Bucket.Arn, !Ref AWS::NoValue]
          Fine:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Policies:
                - Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource:
                        - arn:aws:s3:::fixed/*
                        - !If [HasBucket, !GetAtt Bucket.Arn, !Ref AWS::NoValue]
          Bucket:
            Type: AWS::S3::Bucket
            Condition: HasBucket
        """;

    private const string Json = """
        {
          "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
          "Parameters": {"Env": {"Type": "String"}},
          "Resources": {
            "Policy": {
              "Type": "AWS::IAM::ManagedPolicy",
              "Properties": {
                "PolicyDocument": {
                  "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": [{"Fn::If": ["IsProd", "arn:aws:sqs:us-east-1:1:q", {"Ref": "AWS::NoValue"}]}]}]
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void Should_Fail_A_Role_Whose_Only_Resource_Is_Conditional_And_Name_The_Condition() =>
        RuleTestKit.Expect(PolicyResourceNotEmpty.Info, Sam, "ReplicationRole", ResultStatus.Fail, 19, 17, "the Resource of statement Read is an empty list: IAM rejects the policy (MalformedPolicyDocument) (when HasBucket is false)");

    [Fact]
    public void Should_Pass_A_Role_That_Exists_Only_Under_The_Same_Condition() =>
        RuleTestKit.Expect(PolicyResourceNotEmpty.Info, Sam, "GuardedRole", ResultStatus.Pass, 21, 3);

    [Fact]
    public void Should_Fail_A_Sam_Inline_Statement_Whose_Resource_Disappears() =>
        RuleTestKit.Expect(PolicyResourceNotEmpty.Info, Sam, "Function", ResultStatus.Fail, 42, 15, "(when HasBucket is false)");

    [Fact]
    public void Should_Pass_A_Statement_That_Keeps_A_Resource_Under_Every_Condition() =>
        RuleTestKit.Expect(PolicyResourceNotEmpty.Info, Sam, "Fine", ResultStatus.Pass, 43, 3);

    [Fact]
    public void Should_Read_Json_Templates() =>
        RuleTestKit.Expect(PolicyResourceNotEmpty.Info, Json, "Policy", ResultStatus.Fail, 9, 74, "(when IsProd is false)");
}
