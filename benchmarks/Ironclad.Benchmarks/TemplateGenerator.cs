using System.Globalization;
using System.Text;

namespace Ironclad.Benchmarks;

/// <summary>
/// Deterministic benchmark inputs: one large template (functions, tables, buckets, queues and log
/// groups in the proportions of a real serverless estate) and a folder of typical small SAM templates.
/// </summary>
public static class TemplateGenerator
{
    public static string Large(int resources)
    {
        var text = new StringBuilder();
        text.Append("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n");
        text.Append("Parameters:\n  Stage:\n    Type: String\n    Default: dev\n  Limit:\n    Type: Number\n    Default: 10\n");
        text.Append("Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n");
        text.Append("Globals:\n  Function:\n    Runtime: python3.12\n    Timeout: 30\n    Environment:\n      Variables:\n        STAGE: !Ref Stage\n");
        text.Append("Resources:\n");
        for (var i = 0; i < resources; i++)
        {
            var n = i.ToString("D5", CultureInfo.InvariantCulture);
            switch (i % 5)
            {
                case 0:
                case 1:
                    text.Append(CultureInfo.InvariantCulture, $"""
                          Function{n}:
                            Type: AWS::Serverless::Function
                            Properties:
                              Handler: app.handler
                              CodeUri: src/f{n}/
                              ReservedConcurrentExecutions: !If [IsProd, !Ref Limit, 5]
                              Policies:
                                - DynamoDBCrudPolicy:
                                    TableName: !Ref Table{n}

                        """);
                    break;
                case 2:
                    text.Append(CultureInfo.InvariantCulture, $"""
                          Table{n}:
                            Type: AWS::DynamoDB::Table
                            Properties:
                              BillingMode: PAY_PER_REQUEST
                              AttributeDefinitions:
                                - AttributeName: id
                                  AttributeType: S
                              KeySchema:
                                - AttributeName: id
                                  KeyType: HASH
                              PointInTimeRecoverySpecification:
                                PointInTimeRecoveryEnabled: true

                        """);
                    break;
                case 3:
                    text.Append(CultureInfo.InvariantCulture, $"""
                          Bucket{n}:
                            Type: AWS::S3::Bucket
                            Properties:
                              BucketName: !Sub app-{n}-${"{"}Stage{"}"}
                              VersioningConfiguration:
                                Status: Enabled

                        """);
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $"""
                          Queue{n}:
                            Type: AWS::SQS::Queue
                            Properties:
                              SqsManagedSseEnabled: true

                        """);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A typical SAM service: an API, a few functions, a table and a bucket.</summary>
    public static string Typical(int seed)
    {
        var text = new StringBuilder();
        text.Append("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    MemorySize: 256\nResources:\n");
        for (var f = 0; f < 4 + (seed % 5); f++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                  Handler{f}Function:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: src/h{f}.handler
                      Environment:
                        Variables:
                          TABLE: !Ref ItemsTable
                      Events:
                        Api:
                          Type: Api
                          Properties:
                            Path: /items/{f}
                            Method: get

                """);
        }

        text.Append("""
              ItemsTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              AssetsBucket:
                Type: AWS::S3::Bucket

            """);
        return text.ToString();
    }

    public static void WriteCorpus(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "many"));
        File.WriteAllText(Path.Combine(directory, "large-5000.yaml"), Large(5000));
        for (var i = 0; i < 500; i++)
        {
            File.WriteAllText(Path.Combine(directory, "many", $"service-{i:D3}.yaml"), Typical(i));
        }
    }
}
