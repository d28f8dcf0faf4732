using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Tests.Editing;

/// <summary>
/// Appending to a property written as one value (SAM's Policies as a string or a single mapping, a
/// Statement that is one statement): the value becomes the first item of a list, its text kept.
/// </summary>
public class SingleValueAppendTests
{
    private static readonly NewMapping Decrypt = Build.Map(("KMSDecryptPolicy", Build.Map(("KeyId", Ref("Key")))));

    private static string AppendPolicy(string text, string path = "t.yaml", params NewNode[] items)
    {
        var document = TemplateDocument.Parse(path, text);
        var patch = new TemplatePatch(document);
        var function = (MappingNode)((MappingNode)document.Root["Resources"]!)["Fn"]!;
        foreach (var item in items.Length == 0 ? [Decrypt] : items)
        {
            patch.Append(function, ["Properties", "Policies"], item);
        }

        var result = patch.Apply();
        TemplateDocument.Parse(path, result);
        return result;
    }

    [Fact]
    public void Should_Turn_A_Single_Policy_Template_Mapping_Into_A_List_Keeping_Its_Long_Forms_And_Quoting()
    {
        var result = AppendPolicy("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    DynamoDBCrudPolicy:
                      TableName:
                        Fn::Sub: '${Prefix}-table'  # the table
                  Runtime: python3.12

            """);

        Assert.Equal("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    - DynamoDBCrudPolicy:
                        TableName:
                          Fn::Sub: '${Prefix}-table'  # the table
                    - KMSDecryptPolicy:
                        KeyId: !Ref Key
                  Runtime: python3.12

            """, result);
    }

    [Fact]
    public void Should_Only_Add_The_Dash_When_The_File_Writes_Indentless_Sequences()
    {
        var result = AppendPolicy("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Layers:
                  - !Ref Layer
                  Policies:
                    DynamoDBCrudPolicy:
                      TableName: !Ref Table

            """);

        Assert.Equal("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Layers:
                  - !Ref Layer
                  Policies:
                  - DynamoDBCrudPolicy:
                      TableName: !Ref Table
                  - KMSDecryptPolicy:
                      KeyId: !Ref Key

            """, result);
    }

    [Fact]
    public void Should_Turn_A_Policy_String_Into_A_List_Keeping_Its_Quotes_And_Comment()
    {
        var result = AppendPolicy("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies: "AWSLambdaExecute"  # managed
                  Runtime: python3.12

            """, "t.yaml", Decrypt, Str("AmazonS3ReadOnlyAccess"));

        Assert.Equal("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    - "AWSLambdaExecute"  # managed
                    - KMSDecryptPolicy:
                        KeyId: !Ref Key
                    - AmazonS3ReadOnlyAccess
                  Runtime: python3.12

            """, result);
    }

    [Fact]
    public void Should_Wrap_A_Flow_Mapping_In_A_Flow_List()
    {
        var result = AppendPolicy("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies: {DynamoDBCrudPolicy: {TableName: !Ref T}}
                  Runtime: python3.12

            """);

        Assert.Contains("      Policies: [{DynamoDBCrudPolicy: {TableName: !Ref T}}, {KMSDecryptPolicy: {KeyId: !Ref Key}}]\n      Runtime: python3.12\n", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Wrap_A_Json_Mapping_In_A_Json_List()
    {
        var result = AppendPolicy("""
            {
              "Resources": {
                "Fn": {
                  "Type": "AWS::Serverless::Function",
                  "Properties": {
                    "Policies": {
                      "DynamoDBCrudPolicy": {"TableName": {"Ref": "T"}}
                    }
                  }
                }
              }
            }
            """, "t.json");

        Assert.Equal("""
            {
              "Resources": {
                "Fn": {
                  "Type": "AWS::Serverless::Function",
                  "Properties": {
                    "Policies": [
                      {
                        "DynamoDBCrudPolicy": {"TableName": {"Ref": "T"}}
                      },
                      {
                        "KMSDecryptPolicy": {
                          "KeyId": {"Ref": "Key"}
                        }
                      }
                    ]
                  }
                }
              }
            }
            """, result);
    }

    [Fact]
    public void Should_Turn_A_Single_Statement_Into_A_Statement_List()
    {
        var document = TemplateDocument.Parse("t.yaml", """
            Resources:
              Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      Effect: Allow
                      Principal: {Service: logging.s3.amazonaws.com}
                      Action: s3:PutObject
                      Resource: !Sub "${Logs.Arn}/*"
            """);
        var patch = new TemplatePatch(document);
        var policy = (MappingNode)((MappingNode)document.Root["Resources"]!)["Policy"]!;

        patch.Append(policy, ["Properties", "PolicyDocument", "Statement"], Build.Map(("Effect", Str("Deny")), ("Action", Str("s3:*"))));

        Assert.Equal("""
            Resources:
              Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {Service: logging.s3.amazonaws.com}
                        Action: s3:PutObject
                        Resource: !Sub "${Logs.Arn}/*"
                      - Effect: Deny
                        Action: s3:*
            """, patch.Apply());
    }

    [Fact]
    public void Should_Refuse_To_Edit_Inside_A_Value_That_Becomes_A_List()
    {
        var document = TemplateDocument.Parse("t.yaml", """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    Statement:
                      - Effect: Allow
            """);
        var patch = new TemplatePatch(document);
        var function = (MappingNode)((MappingNode)document.Root["Resources"]!)["Fn"]!;
        patch.Append(function, ["Properties", "Policies"], Decrypt);

        var error = Assert.Throws<EditConflictException>(() => patch.Append(function, ["Properties", "Policies", "Statement"], Build.Map(("Effect", Str("Deny")))));

        Assert.Equal("cannot append to the list at line 7: a value around it is rewritten by another edit", error.Message);
    }
}
