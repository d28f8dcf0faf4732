using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Sns;

namespace Ironclad.Tests.Rules;

public class SnsTopicEncryptedTests
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
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !Ref Key
          Plain:
            Type: AWS::SNS::Topic
          Empty:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: ""
          FromParameter:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !If [IsProd, alias/aws/sns, !Ref AWS::NoValue]
          Key:
            Type: AWS::KMS::Key
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: alerts
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(SnsTopicEncrypted.Info);

    [Theory]
    [InlineData("Encrypted", ResultStatus.Pass, 12, 3, "KmsMasterKeyId is set")]
    [InlineData("Plain", ResultStatus.Fail, 16, 3, "KmsMasterKeyId is not set: messages are stored unencrypted")]
    [InlineData("Empty", ResultStatus.Fail, 21, 23, "KmsMasterKeyId is an empty string: messages are stored unencrypted")]
    [InlineData("FromParameter", ResultStatus.Unknown, 25, 23, "KmsMasterKeyId is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Pass, 26, 3, "KmsMasterKeyId is set")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(SnsTopicEncrypted.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Topic": {
                  "Type": "AWS::SNS::Topic",
                  "Properties": { "TopicName": "alerts" }
                }
              }
            }
            """;

        RuleTestKit.Expect(SnsTopicEncrypted.Info, json, "Topic", ResultStatus.Fail, 3, 5, "KmsMasterKeyId is not set: messages are stored unencrypted");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(SnsTopicEncrypted.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(SnsTopicEncrypted.Info, Failing);
}
