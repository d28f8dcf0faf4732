using Ironclad.Core.Rules;
using Ironclad.Core.Rules.DynamoDb;

namespace Ironclad.Tests.Rules;

public class DynamoDbDeletionProtectionTests
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
          Protected:
            Type: AWS::DynamoDB::Table
            Properties:
              DeletionProtectionEnabled: true
          Unprotected:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
          Disabled:
            Type: AWS::DynamoDB::Table
            Properties:
              DeletionProtectionEnabled: "false"
          FromParameter:
            Type: AWS::DynamoDB::Table
            Properties:
              DeletionProtectionEnabled: !Ref RuntimeParam
          ProdOnly:
            Type: AWS::DynamoDB::Table
            Properties:
              DeletionProtectionEnabled: !If [IsProd, true, false]
          Global:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              Replicas:
                - Region: us-east-1
                  DeletionProtectionEnabled: true
                - Region: eu-west-1
          Simple:
            Type: AWS::Serverless::SimpleTable
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(DynamoDbDeletionProtection.Info);

    [Theory]
    [InlineData("Protected", ResultStatus.Pass, 12, 3, "DeletionProtectionEnabled is true")]
    [InlineData("Unprotected", ResultStatus.Fail, 16, 3, "DeletionProtectionEnabled is not set: one call deletes the table and its data")]
    [InlineData("Disabled", ResultStatus.Fail, 23, 34, "DeletionProtectionEnabled is 'false': one call deletes the table and its data")]
    [InlineData("FromParameter", ResultStatus.Unknown, 27, 34, "DeletionProtectionEnabled is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    [InlineData("ProdOnly", ResultStatus.Pass, 28, 3, "DeletionProtectionEnabled is true")]
    [InlineData("Global", ResultStatus.Fail, 38, 11, "replica eu-west-1: DeletionProtectionEnabled is not set: one call deletes the table and its data")]
    [InlineData("Simple", ResultStatus.Fail, 39, 3, "an AWS::Serverless::SimpleTable cannot enable deletion protection: replace it with an AWS::DynamoDB::Table")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(DynamoDbDeletionProtection.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Table": {
                  "Type": "AWS::DynamoDB::Table",
                  "Properties": { "DeletionProtectionEnabled": true }
                }
              }
            }
            """;

        RuleTestKit.Expect(DynamoDbDeletionProtection.Info, json, "Table", ResultStatus.Pass, 3, 5, "DeletionProtectionEnabled is true");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(DynamoDbDeletionProtection.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(DynamoDbDeletionProtection.Info, Failing);
}
