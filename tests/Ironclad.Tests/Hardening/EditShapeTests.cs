using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>The shapes of real templates the fixes append into: aliases, policy documents, line ends.</summary>
public class EditShapeTests
{
    private static HardeningPlan Plan(string text, string path = "template.yaml") =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse(path, text)), new HardeningOptions());

    private static MappingNode Resource(TemplateDocument document, string id) => (MappingNode)((MappingNode)document.Root["Resources"]!)[id]!;

    private static MappingNode PropertiesOf(TemplateDocument document, string id) => (MappingNode)Resource(document, id)["Properties"]!;

    [Fact]
    public void Should_Insert_After_An_Alias_In_The_Resource_Being_Edited()
    {
        // Given a table whose last property is an alias of another resource's tags
        var text = """
            Resources:
              Settings:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: settings
                  Tags: &tags
                    - Key: team
                      Value: data
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  BillingMode: PAY_PER_REQUEST
                  Tags: *tags

            """;

        var output = TemplateDocument.Parse("out.yaml", Plan(text).Apply());

        // Then the table gets its settings after the alias, and the topic's properties are its own
        var table = PropertiesOf(output, "Table").Entries.Select(e => e.Key.Value).ToList();
        Assert.Equal(["AttributeDefinitions", "KeySchema", "BillingMode", "Tags"], table.Take(4));
        Assert.Contains("SSESpecification", table);
        Assert.Contains("PointInTimeRecoverySpecification", table);
        Assert.Equal("TopicName", PropertiesOf(output, "Settings").Entries[0].Key.Value);
        Assert.DoesNotContain(PropertiesOf(output, "Settings").Entries, e => e.Key.Value is "SSESpecification" or "PointInTimeRecoverySpecification");
    }

    [Fact]
    public void Should_Never_Edit_Properties_Shared_Through_An_Alias()
    {
        // Given two functions sharing one Properties mapping
        var shared = """
                Properties: &shared
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - AWSLambdaBasicExecutionRole

            """;
        var text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  A:\n    Type: AWS::Serverless::Function\n" + shared
            + "  B:\n    Type: AWS::Serverless::Function\n    Properties: *shared\n";

        var plan = Plan(text);
        var output = plan.Apply();

        // Then the shared text is untouched, and what needed it is left with the reason
        Assert.Contains(shared, output, StringComparison.Ordinal);
        Assert.Contains(plan.Unfixed, u => u.Reason.Contains("shared through a YAML alias; editing it would change every use", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Changes, c => c.Target is "A" or "B" && c.Path.StartsWith("Properties", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Add_Statements_To_Policies_Written_As_One_Policy_Document()
    {
        var text = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Action: s3:GetObject
                        Resource: '*'

            """;

        var output = TemplateDocument.Parse("out.yaml", Plan(text).Apply());

        // Then Policies stays one document, its own statements first
        var document = Assert.IsType<MappingNode>(PropertiesOf(output, "Fn")["Policies"]);
        var statements = Assert.IsType<SequenceNode>(document["Statement"]).Items.Cast<MappingNode>().ToList();
        Assert.Equal(["s3:GetObject", "kms:Decrypt", "kms:GenerateDataKey"], statements.Select(s => ((ScalarNode)s["Action"]!).Value));
        Assert.Equal("Fn::GetAtt", ((MappingNode)statements[1]["Resource"]!).Entries[0].Key.Value);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public void Should_Edit_A_File_With_Other_Line_Ends_As_Its_Lf_Twin(string newline)
    {
        // Given a template with CR (old Mac) or CRLF line ends, and its LF twin
        var lf = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Data:
                Type: AWS::S3::Bucket
              # checkov:skip=CKV_AWS_21:versioned elsewhere
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies: AWSLambdaBasicExecutionRole

            """;
        var other = lf.Replace("\n", newline, StringComparison.Ordinal);

        // When both are fixed
        var expected = Plan(lf).Apply().Replace("\n", newline, StringComparison.Ordinal);
        var output = Plan(other).Apply();

        // Then the edits are the same, in the file's own line end, and the output reads back
        Assert.Equal(expected, output);
        Assert.Empty(Plan(output).Edits);
    }
}
