using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Kinesis;

namespace Ironclad.Tests.Rules;

public class KinesisStreamEncryptedTests
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
          Encrypted:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption:
                EncryptionType: KMS
                KeyId: alias/aws/kinesis
          Plain:
            Type: AWS::Kinesis::Stream
            Properties:
              ShardCount: 1
          NoKey:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption:
                EncryptionType: KMS
          WrongType:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption:
                EncryptionType: NONE
                KeyId: alias/aws/kinesis
          FromParameter:
            Type: AWS::Kinesis::Stream
            Properties:
              StreamEncryption:
                EncryptionType: KMS
                KeyId: !Ref RuntimeParam
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Kinesis::Stream
            Properties:
              ShardCount: 1
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(KinesisStreamEncrypted.Info);

    [Theory]
    [InlineData("Encrypted", ResultStatus.Pass, 12, 3, "EncryptionType is KMS")]
    [InlineData("Plain", ResultStatus.Fail, 18, 3, "StreamEncryption is not set: records are stored unencrypted")]
    [InlineData("NoKey", ResultStatus.Fail, 25, 7, "StreamEncryption.KeyId is not set: the stream has no key to encrypt with")]
    [InlineData("WrongType", ResultStatus.Fail, 31, 25, "StreamEncryption.EncryptionType is 'NONE'; it must be KMS")]
    [InlineData("FromParameter", ResultStatus.Unknown, 38, 16, "StreamEncryption.KeyId is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(KinesisStreamEncrypted.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Stream": {
                  "Type": "AWS::Kinesis::Stream",
                  "Properties": { "StreamEncryption": { "EncryptionType": "KMS", "KeyId": "alias/aws/kinesis" } }
                }
              }
            }
            """;

        RuleTestKit.Expect(KinesisStreamEncrypted.Info, json, "Stream", ResultStatus.Pass, 3, 5, "EncryptionType is KMS");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(KinesisStreamEncrypted.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(KinesisStreamEncrypted.Info, Failing);
}
