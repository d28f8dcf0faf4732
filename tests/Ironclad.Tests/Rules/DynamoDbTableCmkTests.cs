using Ironclad.Core.Rules;
using Ironclad.Core.Rules.DynamoDb;

namespace Ironclad.Tests.Rules;

public class DynamoDbTableCmkTests
{
    private const string Template = """
        Parameters:
          KeyId:
            Type: String
          Enabled:
            Type: String
            Default: "false"
          Env:
            Type: String
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Cmk:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
                SSEType: KMS
                KMSMasterKeyId: !Ref Key
          NoSse:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: t
          AwsManaged:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
          AwsManagedAlias:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
                KMSMasterKeyId: alias/aws/dynamodb
          StringFalse:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: "false"
                KMSMasterKeyId: ""
          DisabledByParameter:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: !Ref Enabled
                KMSMasterKeyId: !GetAtt Key.Arn
          KeyFromParameter:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
                KMSMasterKeyId: !Ref KeyId
          KeyOnlyInProd:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: true
                KMSMasterKeyId: !If [IsProd, !Ref Key, !Ref AWS::NoValue]
          KeyFromSub:
            Type: AWS::DynamoDB::Table
            Properties:
              SSESpecification:
                SSEEnabled: True
                KMSMasterKeyId: !Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/dynamodb"
          Global:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              SSESpecification:
                SSEEnabled: true
                SSEType: KMS
              Replicas:
                - Region: us-east-1
                  SSESpecification:
                    KMSMasterKeyId: !FindInMap [Keys, us-east-1, Arn]
                - Region: eu-west-1
          Simple:
            Type: AWS::Serverless::SimpleTable
          Key:
            Type: AWS::KMS::Key
        Mappings:
          Keys:
            us-east-1:
              Arn: arn:aws:kms:us-east-1:123456789012:key/abc
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: t
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(DynamoDbTableCmk.Info);

    [Theory]
    [InlineData("Cmk", ResultStatus.Pass, 12, 3, "SSESpecification.SSEEnabled is true")]
    [InlineData("NoSse", ResultStatus.Fail, 19, 3, "SSESpecification is not set: the table is encrypted with an AWS-owned key")]
    [InlineData("AwsManaged", ResultStatus.Fail, 26, 7, "SSESpecification.KMSMasterKeyId is not set: the table uses the AWS-managed key aws/dynamodb")]
    [InlineData("AwsManagedAlias", ResultStatus.Fail, 33, 25, "SSESpecification.KMSMasterKeyId is the AWS-managed key alias/aws/dynamodb")]
    [InlineData("StringFalse", ResultStatus.Fail, 38, 21, "SSESpecification.SSEEnabled is 'false': the table is encrypted with an AWS-owned key")]
    [InlineData("DisabledByParameter", ResultStatus.Fail, 44, 21, "SSESpecification.SSEEnabled is 'false'")]
    [InlineData("KeyFromParameter", ResultStatus.Unknown, 51, 25, "SSESpecification.KMSMasterKeyId is unknown before deployment: parameter KeyId has no value")]
    [InlineData("KeyOnlyInProd", ResultStatus.Fail, 55, 7, "SSESpecification.KMSMasterKeyId is not set: the table uses the AWS-managed key aws/dynamodb (when IsProd is false)")]
    [InlineData("KeyFromSub", ResultStatus.Fail, 63, 25, "is the AWS-managed key alias/aws/dynamodb")]
    [InlineData("Global", ResultStatus.Fail, 74, 11, "replica eu-west-1: SSESpecification.KMSMasterKeyId is not set")]
    [InlineData("Simple", ResultStatus.Fail, 75, 3, "an AWS::Serverless::SimpleTable cannot use a customer-managed key: replace it with an AWS::DynamoDB::Table")]
    public void Should_Judge_Each_Table(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(DynamoDbTableCmk.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Pass_A_Global_Table_With_A_Key_On_Every_Replica()
    {
        var template = Template.Replace("        - Region: eu-west-1", "        - Region: eu-west-1\n          SSESpecification:\n            KMSMasterKeyId: !Ref Key", StringComparison.Ordinal);

        RuleTestKit.Expect(DynamoDbTableCmk.Info, template, "Global", ResultStatus.Pass, 64, 3);
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(DynamoDbTableCmk.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(DynamoDbTableCmk.Info, Failing);
}
