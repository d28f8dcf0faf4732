using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Tests.Rules;

public class LambdaDeadLetterQueueTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          QueueArn:
            Type: String
          Env:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          PlainWithQueue:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig:
                TargetArn: !GetAtt Dlq.Arn
          PlainWithoutTarget:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: {}
          SamWithQueue:
            Type: AWS::Serverless::Function
            Properties:
              DeadLetterQueue:
                Type: SQS
                TargetArn: !GetAtt Dlq.Arn
          SamWithoutType:
            Type: AWS::Serverless::Function
            Properties:
              DeadLetterQueue:
                TargetArn: !GetAtt Dlq.Arn
          SamWithLambdaName:
            Type: AWS::Serverless::Function
            Properties:
              DeadLetterConfig:
                TargetArn: !GetAtt Dlq.Arn
          SamOnFailure:
            Type: AWS::Serverless::Function
            Properties:
              EventInvokeConfig:
                DestinationConfig:
                  OnFailure:
                    Type: SQS
          InvokeConfigured:
            Type: AWS::Lambda::Function
            Properties:
              Handler: app.handler
          InvokeConfig:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: !Ref InvokeConfigured
              Qualifier: $LATEST
              DestinationConfig:
                OnFailure:
                  Destination: !GetAtt Dlq.Arn
          TargetFromParameter:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig:
                TargetArn: !Ref QueueArn
          OnlyInProd:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: !If [IsProd, {TargetArn: !GetAtt Dlq.Arn}, !Ref AWS::NoValue]
          EmptyTarget:
            Type: AWS::Serverless::Function
            Properties:
              DeadLetterQueue:
                Type: SNS
                TargetArn: ""
          WrongType:
            Type: AWS::Serverless::Function
            Properties:
              DeadLetterQueue:
                Type: Kinesis
                TargetArn: !Sub "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:dlq"
          FromMapping:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig:
                TargetArn: !FindInMap [Queues, dev, Arn]
          Dlq:
            Type: AWS::SQS::Queue
        Mappings:
          Queues:
            dev:
              Arn: arn:aws:sqs:us-east-1:123456789012:dlq
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LambdaDeadLetterQueue.Info);

    [Theory]
    [InlineData("PlainWithQueue", ResultStatus.Pass, 10, 3, "DeadLetterConfig.TargetArn is set")]
    [InlineData("PlainWithoutTarget", ResultStatus.Fail, 18, 7, "DeadLetterConfig has no TargetArn")]
    [InlineData("SamWithQueue", ResultStatus.Pass, 19, 3, "DeadLetterQueue sends failed events to SQS")]
    [InlineData("SamWithoutType", ResultStatus.Fail, 28, 7, "DeadLetterQueue has no Type (SQS or SNS)")]
    [InlineData("SamWithLambdaName", ResultStatus.Fail, 33, 7, "a SAM function takes DeadLetterQueue")]
    [InlineData("SamOnFailure", ResultStatus.Pass, 35, 3, "on-failure SQS destination that SAM creates")]
    [InlineData("InvokeConfigured", ResultStatus.Pass, 42, 3, "AWS::Lambda::EventInvokeConfig")]
    [InlineData("TargetFromParameter", ResultStatus.Unknown, 58, 20, "DeadLetterConfig.TargetArn is unknown before deployment: parameter QueueArn has no value")]
    [InlineData("OnlyInProd", ResultStatus.Fail, 59, 3, "DeadLetterConfig is not set and no on-failure destination is configured (when IsProd is false)")]
    [InlineData("EmptyTarget", ResultStatus.Fail, 68, 20, "DeadLetterQueue.TargetArn is an empty string")]
    [InlineData("WrongType", ResultStatus.Fail, 73, 15, "DeadLetterQueue.Type is 'Kinesis'; it must be SQS or SNS")]
    [InlineData("FromMapping", ResultStatus.Pass, 75, 3, "DeadLetterConfig.TargetArn is set")]
    public void Should_Judge_Each_Function(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LambdaDeadLetterQueue.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Merge_The_Queue_From_Globals()
    {
        const string template = """
            Globals:
              Function:
                DeadLetterQueue:
                  Type: SQS
            Resources:
              Merged:
                Type: AWS::Serverless::Function
                Properties:
                  DeadLetterQueue:
                    TargetArn: arn:aws:sqs:us-east-1:123456789012:dlq
              TypeOnly:
                Type: AWS::Serverless::Function
            """;

        RuleTestKit.Expect(LambdaDeadLetterQueue.Info, template, "Merged", ResultStatus.Pass, 6, 3);
        RuleTestKit.Expect(LambdaDeadLetterQueue.Info, template, "TypeOnly", ResultStatus.Fail, 3, 5, "DeadLetterQueue has no TargetArn");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LambdaDeadLetterQueue.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LambdaDeadLetterQueue.Info, Failing);
}
