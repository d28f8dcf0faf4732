using Ironclad.Core.Rules;
using Ironclad.Core.Rules.DynamoDb;

namespace Ironclad.Tests.Rules;

public class DynamoDbPointInTimeRecoveryTests
{
    private const string Template = """
        Parameters:
          Pitr:
            Type: String
            Default: "true"
          Unknown:
            Type: String
        Resources:
          Enabled:
            Type: AWS::DynamoDB::Table
            Properties:
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: true
          Missing:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: t
          Disabled:
            Type: AWS::DynamoDB::Table
            Properties:
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: false
          FromParameter:
            Type: AWS::DynamoDB::Table
            Properties:
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: !Ref Pitr
          Unknowable:
            Type: AWS::DynamoDB::Table
            Properties:
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: !Ref Unknown
          SecondReplica:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              Replicas:
                - Region: us-east-1
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
                - Region: eu-west-1
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: false
          Simple:
            Type: AWS::Serverless::SimpleTable
          ProdOnly:
            Type: AWS::DynamoDB::Table
            Properties:
              PointInTimeRecoverySpecification: !If [IsProd, {PointInTimeRecoveryEnabled: true}, !Ref AWS::NoValue]
          FromSub:
            Type: AWS::DynamoDB::Table
            Properties:
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: !Sub "${Pitr}"
        Conditions:
          IsProd: !Equals [!Ref Unknown, prod]
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: t
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(DynamoDbPointInTimeRecovery.Info);

    [Theory]
    [InlineData("Enabled", ResultStatus.Pass, 8, 3, "PointInTimeRecoveryEnabled is true")]
    [InlineData("Missing", ResultStatus.Fail, 13, 3, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is not set: point-in-time recovery is off")]
    [InlineData("Disabled", ResultStatus.Fail, 21, 37, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is 'false': point-in-time recovery is off")]
    [InlineData("FromParameter", ResultStatus.Pass, 22, 3, "is true")]
    [InlineData("Unknowable", ResultStatus.Unknown, 31, 37, "is unknown before deployment: parameter Unknown has no value")]
    [InlineData("SecondReplica", ResultStatus.Fail, 41, 41, "replica eu-west-1: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is 'false'")]
    [InlineData("Simple", ResultStatus.Fail, 42, 3, "an AWS::Serverless::SimpleTable cannot enable point-in-time recovery")]
    [InlineData("ProdOnly", ResultStatus.Fail, 44, 3, "is not set: point-in-time recovery is off (when IsProd is false)")]
    [InlineData("FromSub", ResultStatus.Pass, 48, 3, "is true")]
    public void Should_Judge_Each_Table(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(DynamoDbPointInTimeRecovery.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Table": {
                  "Type": "AWS::DynamoDB::Table",
                  "Properties": {
                    "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": "false" }
                  }
                },
                "Global": {
                  "Type": "AWS::DynamoDB::GlobalTable",
                  "Properties": {
                    "Replicas": [
                      { "Region": "us-east-1", "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": "TRUE" } }
                    ]
                  }
                }
              }
            }
            """;

        RuleTestKit.Expect(DynamoDbPointInTimeRecovery.Info, json, "Table", ResultStatus.Fail, 6, 77, "is 'false'");
        RuleTestKit.Expect(DynamoDbPointInTimeRecovery.Info, json, "Global", ResultStatus.Pass, 9, 5);
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(DynamoDbPointInTimeRecovery.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(DynamoDbPointInTimeRecovery.Info, Failing);
}
