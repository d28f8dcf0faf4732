using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Sqs;

namespace Ironclad.Tests.Rules;

public class SqsQueueEncryptedTests
{
    private const string Template = """
        Resources:
          Kms:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: alias/aws/sqs
          SseSqs:
            Type: AWS::SQS::Queue
            Properties:
              SqsManagedSseEnabled: true
          Plain:
            Type: AWS::SQS::Queue
          Disabled:
            Type: AWS::SQS::Queue
            Properties:
              SqsManagedSseEnabled: false
          EmptyKey:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: ""
          KeyFromParameter:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: !Ref KeyId
          Conditional:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: !If [IsProd, !GetAtt Key.Arn, !Ref AWS::NoValue]
          FromMapping:
            Type: AWS::SQS::Queue
            Properties:
              KmsMasterKeyId: !FindInMap [Keys, dev, Id]
              SqsManagedSseEnabled: !Sub "${Flag}"
          Key:
            Type: AWS::KMS::Key
        Parameters:
          KeyId:
            Type: String
          Flag:
            Type: String
            Default: "false"
        Conditions:
          IsProd: !Equals [!Ref KeyId, x]
        Mappings:
          Keys:
            dev:
              Id: alias/queue-key
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(SqsQueueEncrypted.Info);

    [Theory]
    [InlineData("Kms", ResultStatus.Pass, 2, 3, "KmsMasterKeyId is set (SSE-KMS)")]
    [InlineData("SseSqs", ResultStatus.Pass, 6, 3, "SqsManagedSseEnabled is true (SSE-SQS)")]
    [InlineData("Plain", ResultStatus.Fail, 10, 3, "neither KmsMasterKeyId nor SqsManagedSseEnabled: true is set: the queue is not encrypted")]
    [InlineData("Disabled", ResultStatus.Fail, 15, 29, "neither KmsMasterKeyId nor SqsManagedSseEnabled: true is set")]
    [InlineData("EmptyKey", ResultStatus.Fail, 19, 23, "KmsMasterKeyId is an empty string and SqsManagedSseEnabled is not true")]
    [InlineData("KeyFromParameter", ResultStatus.Unknown, 23, 23, "KmsMasterKeyId is unknown before deployment: parameter KeyId has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 24, 3, "the queue is not encrypted (when IsProd is false)")]
    [InlineData("FromMapping", ResultStatus.Pass, 28, 3, "KmsMasterKeyId is set")]
    public void Should_Judge_Each_Queue(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(SqsQueueEncrypted.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Queue": {
                  "Type": "AWS::SQS::Queue",
                  "Properties": { "SqsManagedSseEnabled": "false" }
                }
              }
            }
            """;

        RuleTestKit.Expect(SqsQueueEncrypted.Info, json, "Queue", ResultStatus.Fail, 5, 47, "the queue is not encrypted");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(SqsQueueEncrypted.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(SqsQueueEncrypted.Info, Failing);
}
