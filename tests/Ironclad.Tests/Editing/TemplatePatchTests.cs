using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Tests.Editing;

public class TemplatePatchTests
{
    private static (TemplatePatch Patch, MappingNode Root) Open(string text, string path = "t.yaml")
    {
        var document = TemplateDocument.Parse(path, text);
        return (new TemplatePatch(document), document.Root);
    }

    private static MappingNode Map(MappingNode root, params string[] path)
    {
        TemplateNode node = root;
        foreach (var key in path)
        {
            node = ((MappingNode)node)[key]!;
        }

        return (MappingNode)node;
    }

    [Fact]
    public void Should_Insert_A_Nested_Key_At_The_End_Of_A_Block_Mapping_Keeping_Comments()
    {
        // Given a mapping whose last value has a trailing comment and a comment line below it
        var (patch, root) = Open("""
            Resources:
              Table:   # the table
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: 't'  # quoted on purpose
                  # BillingMode: PROVISIONED

              Other:
                Type: X

            """);

        // When
        patch.Set(Map(root, "Resources", "Table"), ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"], Bool(true));

        // Then the new key follows the last property, after the comment that belongs to it
        Assert.Equal("""
            Resources:
              Table:   # the table
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: 't'  # quoted on purpose
                  # BillingMode: PROVISIONED
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true

              Other:
                Type: X

            """, patch.Apply());
    }

    [Fact]
    public void Should_Add_Resources_Separated_By_Blank_Lines_When_The_File_Does()
    {
        var (patch, root) = Open("""
            Resources:
              A:
                Type: X

              B:
                Type: Y
            Outputs:
              O:
                Value: 1
            """);

        patch.Set(Map(root, "Resources"), ["Key"], Build.Map(("Type", Str("AWS::KMS::Key")), ("Properties", Build.Map(("EnableKeyRotation", Bool(true))))));
        patch.Set(Map(root, "Resources"), ["Alias"], Build.Map(("Type", Str("AWS::KMS::Alias")), ("Properties", Build.Map(("TargetKeyId", Ref("Key")), ("AliasName", Sub("alias/${AWS::StackName}-lambda-${Stage}"))))));

        Assert.Equal("""
            Resources:
              A:
                Type: X

              B:
                Type: Y

              Key:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true

              Alias:
                Type: AWS::KMS::Alias
                Properties:
                  TargetKeyId: !Ref Key
                  AliasName: !Sub alias/${AWS::StackName}-lambda-${Stage}
            Outputs:
              O:
                Value: 1
            """, patch.Apply());
    }

    [Fact]
    public void Should_Use_The_Files_Indent_Width_And_Indentless_Sequences()
    {
        var (patch, root) = Open("""
            Resources:
                Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                        Layers:
                        - arn:one
            """);

        patch.Set(Map(root, "Resources", "Fn", "Properties"), ["VpcConfig"], Build.Map(("SecurityGroupIds", List(Ref("Sg"))), ("SubnetIds", List(Ref("A"), Ref("B")))));
        patch.Append(Map(root, "Resources", "Fn", "Properties"), ["Layers"], Str("arn:two"));

        Assert.Equal("""
            Resources:
                Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                        Layers:
                        - arn:one
                        - arn:two
                        VpcConfig:
                            SecurityGroupIds:
                            - !Ref Sg
                            SubnetIds:
                            - !Ref A
                            - !Ref B

            """, patch.Apply());
    }

    [Fact]
    public void Should_Insert_Into_Flow_Collections_In_Flow_Style()
    {
        var (patch, root) = Open("""
            Resources:
              Q: {Type: 'AWS::SQS::Queue', Properties: {QueueName: q}}
              B:
                Type: AWS::S3::Bucket
                Properties:
                  Tags: []
            """);

        patch.Set(Map(root, "Resources", "Q", "Properties"), ["KmsMasterKeyId"], Ref("Key"));
        patch.Append(Map(root, "Resources", "B", "Properties"), ["Tags"], Build.Map(("Key", Str("a:b")), ("Value", Str("1"))));

        Assert.Equal("""
            Resources:
              Q: {Type: 'AWS::SQS::Queue', Properties: {QueueName: q, KmsMasterKeyId: !Ref Key}}
              B:
                Type: AWS::S3::Bucket
                Properties:
                  Tags: [{Key: a:b, Value: '1'}]
            """, patch.Apply());
    }

    [Fact]
    public void Should_Keep_Crlf_Line_Endings()
    {
        var (patch, root) = Open("Resources:\r\n  T:\r\n    Type: X\r\n    Properties:\r\n      A: 1\r\n");

        patch.Set(Map(root, "Resources", "T"), ["Properties", "B"], Build.Map(("C", Str("d"))));

        Assert.Equal("Resources:\r\n  T:\r\n    Type: X\r\n    Properties:\r\n      A: 1\r\n      B:\r\n        C: d\r\n", patch.Apply());
    }

    [Fact]
    public void Should_Add_A_Line_Break_When_The_File_Does_Not_End_With_One()
    {
        var (patch, root) = Open("Resources:\n  T:\n    Type: X");

        patch.Set(Map(root, "Resources", "T"), ["DeletionPolicy"], Str("Retain"));

        Assert.Equal("Resources:\n  T:\n    Type: X\n    DeletionPolicy: Retain\n", patch.Apply());
    }

    [Fact]
    public void Should_Insert_A_Section_Before_A_Key_And_Its_Comments()
    {
        var (patch, root) = Open("""
            AWSTemplateFormatVersion: '2010-09-09'

            # The resources.
            Resources:
              T:
                Type: X
            """);

        patch.Set(root, ["Parameters"], Build.Map(("Stage", Build.Map(("Type", Str("String")), ("Default", Str("dev"))))), Placement.BeforeKey("Resources"));

        Assert.Equal("""
            AWSTemplateFormatVersion: '2010-09-09'

            Parameters:
              Stage:
                Type: String
                Default: dev

            # The resources.
            Resources:
              T:
                Type: X
            """, patch.Apply());
    }

    [Fact]
    public void Should_Replace_A_Scalar_Keeping_Its_Trailing_Comment()
    {
        var (patch, root) = Open("""
            Resources:
              B:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Suspended  # for now
            """);

        patch.Set(Map(root, "Resources", "B", "Properties"), ["VersioningConfiguration"], Build.Map(("Status", Str("Enabled"))));

        Assert.Equal("""
            Resources:
              B:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Enabled  # for now
            """, patch.Apply());
    }

    [Fact]
    public void Should_Turn_A_Single_Value_Into_A_List_When_Appending()
    {
        var (patch, root) = Open("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies: AWSLambdaExecute
                  Handler: app.handler
            """);

        patch.Append(Map(root, "Resources", "Fn", "Properties"), ["Policies"], Build.Map(("KMSDecryptPolicy", Build.Map(("KeyId", Ref("LambdaKMSKey"))))));

        Assert.Equal("""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    - AWSLambdaExecute
                    - KMSDecryptPolicy:
                        KeyId: !Ref LambdaKMSKey
                  Handler: app.handler
            """, patch.Apply());
    }

    [Fact]
    public void Should_Keep_A_Keep_Chomped_Literal_Intact()
    {
        var (patch, root) = Open("A:\n  B: |+\n    x\n\n  C: 1\nD:\n  E: |\n    y\n\n");

        patch.Set(Map(root, "A"), ["Z"], Str("z"), Placement.AfterKey("B"));
        patch.Set(Map(root, "D"), ["F"], Str("f"));

        Assert.Equal("A:\n  B: |+\n    x\n\n  Z: z\n  C: 1\nD:\n  E: |\n    y\n  F: f\n\n", patch.Apply());
    }

    [Fact]
    public void Should_Write_Json_With_The_Files_Indentation()
    {
        var (patch, root) = Open("{\n\t\"Resources\": {\n\t\t\"T\": {\n\t\t\t\"Type\": \"X\",\n\t\t\t\"Properties\": {}\n\t\t}\n\t}\n}\n", "t.json");

        patch.Set(Map(root, "Resources", "T"), ["Properties", "A"], Build.Map(("Ref", Str("B"))));
        patch.Set(Map(root, "Resources", "T"), ["DeletionPolicy"], Str("Retain"), Placement.AfterKey("Type"));
        patch.Set(Map(root, "Resources"), ["K"], Build.Map(("Type", Str("Y")), ("Properties", Build.Map(("L", List(GetAtt("T", "Arn"), Num(1)))))));

        Assert.Equal(
            "{\n\t\"Resources\": {\n\t\t\"T\": {\n\t\t\t\"Type\": \"X\",\n\t\t\t\"DeletionPolicy\": \"Retain\",\n\t\t\t\"Properties\": {\n\t\t\t\t\"A\": {\n\t\t\t\t\t\"Ref\": \"B\"\n\t\t\t\t}\n\t\t\t}\n\t\t},"
            + "\n\t\t\"K\": {\n\t\t\t\"Type\": \"Y\",\n\t\t\t\"Properties\": {\n\t\t\t\t\"L\": [\n\t\t\t\t\t{\"Fn::GetAtt\": [\"T\", \"Arn\"]},\n\t\t\t\t\t1\n\t\t\t\t]\n\t\t\t}\n\t\t}\n\t}\n}\n",
            patch.Apply());
    }

    [Fact]
    public void Should_Merge_Two_Edits_Of_One_New_Block()
    {
        var (patch, root) = Open("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");

        patch.Set(Map(root, "Resources", "B"), ["Properties", "VersioningConfiguration", "Status"], Str("Enabled"));
        patch.Append(Map(root, "Resources", "B"), ["Properties", "LifecycleConfiguration", "Rules"], Build.Map(("Id", Str("a"))));
        patch.Append(Map(root, "Resources", "B"), ["Properties", "LifecycleConfiguration", "Rules"], Build.Map(("Id", Str("b"))));

        Assert.Equal("""
            Resources:
              B:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Enabled
                  LifecycleConfiguration:
                    Rules:
                      - Id: a
                      - Id: b

            """, patch.Apply());
    }

    [Fact]
    public void Should_Reject_Conflicting_Values()
    {
        var (patch, root) = Open("Resources:\n  B:\n    Type: X\n");

        patch.Set(Map(root, "Resources", "B"), ["Properties", "A"], Str("one"));

        Assert.Throws<EditConflictException>(() => patch.Set(Map(root, "Resources", "B"), ["Properties", "A"], Str("two")));
    }

    [Fact]
    public void Should_Reject_Edits_Inside_A_Replaced_Value()
    {
        var (patch, root) = Open("Resources:\n  B:\n    Type: X\n    Properties:\n      A:\n        C: 1\n");

        patch.Replace(Map(root, "Resources", "B", "Properties", "A"), Str("flat"));

        Assert.Throws<EditConflictException>(() => patch.Set(Map(root, "Resources", "B", "Properties", "A"), ["D"], Str("x")));
    }

    [Fact]
    public void Should_Reject_Edits_Into_Intrinsics_And_Aliased_Nodes()
    {
        var (patch, root) = Open("Resources:\n  B:\n    Type: X\n    Properties:\n      A: !If [C, {X: 1}, {X: 2}]\n      S: &shared {Y: 1}\n      T: *shared\n");

        Assert.Throws<EditConflictException>(() => patch.Set(Map(root, "Resources", "B", "Properties"), ["A", "Z"], Str("x")));
        Assert.Throws<EditConflictException>(() => patch.Set(Map(root, "Resources", "B", "Properties", "S"), ["Z"], Str("x")));
    }

    [Fact]
    public void Should_Reject_Overlapping_Text_Edits()
    {
        Assert.Throws<EditConflictException>(() => TextEdits.Apply("abcdef", [new TextEdit(1, 4, "x"), new TextEdit(3, 5, "y")]));
        Assert.Throws<EditConflictException>(() => TextEdits.Apply("abcdef", [new TextEdit(1, 4, "x"), TextEdit.Insert(2, "y")]));
        Assert.Equal("aXYbcdef", TextEdits.Apply("abcdef", [TextEdit.Insert(1, "X"), TextEdit.Insert(1, "Y")]));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("*", "'*'")]
    [InlineData("", "''")]
    [InlineData("true", "'true'")]
    [InlineData("2012-10-17", "'2012-10-17'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's 1", "it's 1")]
    [InlineData("x #y", "'x #y'")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("${AWS::StackName}-x", "${AWS::StackName}-x")]
    public void Should_Quote_Only_Strings_That_Would_Not_Read_Back(string value, string expected)
    {
        var (patch, _) = Open("A: 'x'\n");

        Assert.Equal(expected, new YamlRenderer(patch.Style).YamlScalar(Str(value), flow: false));
    }
}
