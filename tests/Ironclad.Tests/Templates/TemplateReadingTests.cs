using System.Text;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Templates;

/// <summary>Templates CloudFormation reads are read; hostile ones are refused with one positioned error.</summary>
public class TemplateReadingTests
{
    [Theory]
    [InlineData("|")]
    [InlineData("|-")]
    [InlineData("|+")]
    public void Should_Read_A_Literal_Block_Whose_First_Line_Holds_Only_Spaces(string header)
    {
        var text = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ZipFile: !Sub " + header + "\n     \n          exports.handler = '${AWS::Region}'\n          // end\n      Handler: index.handler\n";

        var document = TemplateDocument.Parse("t.yaml", text);

        var properties = (MappingNode)((MappingNode)((MappingNode)document.Root["Resources"]!)["Fn"]!)["Properties"]!;
        var sub = (MappingNode)((MappingNode)properties["Code"]!)["ZipFile"]!;
        var expected = header == "|-" ? "\nexports.handler = '${AWS::Region}'\n// end" : "\nexports.handler = '${AWS::Region}'\n// end\n";
        Assert.Equal(expected, ((ScalarNode)sub["Fn::Sub"]!).Value);
        Assert.Equal(new SourcePosition(10, 7, text.IndexOf("Handler", StringComparison.Ordinal)), properties.Find("Handler")!.Key.Span.Start);
        Assert.Equal(text, document.Text);
    }

    [Fact]
    public void Should_Read_The_Short_Forms_Of_Every_Intrinsic_And_Rule_Function()
    {
        var document = TemplateDocument.Parse("t.yaml", """
            Rules:
              Prod:
                RuleCondition: !Equals [!Ref Env, prod]
                Assertions:
                  - Assert: !Contains [[a, b], !ValueOf [Subnet, VpcId]]
                  - Assert: !EachMemberEquals [!ValueOfAll ['AWS::EC2::Subnet::Id', VpcId], !Ref Vpc]
                  - Assert: !EachMemberIn [!RefAll 'AWS::EC2::VPC::Id', [vpc-1]]
            Resources:
              A:
                Type: AWS::EC2::Subnet
                Properties:
                  CidrBlock: !Select [0, !Cidr [!GetAtt V.CidrBlock, 2, 8]]
                  AvailabilityZone: !Select [0, !GetAZs '']
                  VpcId: !ImportValue Shared
                  Tags: !Transform {Name: Tagger}
                  Count: !Length [a, b]
                  Json: !ToJsonString {a: !FindInMap [M, !Ref AWS::Region, k]}
                  Data: !Base64 {'Fn::Join': ['', !Split [',', 'a,b']]}
            """);

        var asserts = (SequenceNode)((MappingNode)((MappingNode)document.Root["Rules"]!)["Prod"]!)["Assertions"]!;
        var functions = asserts.Items.Select(a => ((MappingNode)((MappingNode)a)["Assert"]!).Entries[0].Key.Value);
        Assert.Equal(["Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn"], functions);
        var contains = (SequenceNode)((MappingNode)((MappingNode)asserts.Items[0])["Assert"]!)["Fn::Contains"]!;
        Assert.Equal("Fn::ValueOf", ((MappingNode)contains.Items[1]).Entries[0].Key.Value);
        var properties = (MappingNode)((MappingNode)((MappingNode)document.Root["Resources"]!)["A"]!)["Properties"]!;
        Assert.Equal(
            ["Fn::Select", "Fn::Select", "Fn::ImportValue", "Fn::Transform", "Fn::Length", "Fn::ToJsonString", "Fn::Base64"],
            properties.Entries.Select(e => ((MappingNode)e.Value).Entries[0].Key.Value));
    }

    public static TheoryData<string, string> DeepDocuments => new()
    {
        { "flow sequences", new string('[', 100_000) + new string(']', 100_000) },
        { "flow mappings", string.Concat(Enumerable.Repeat("{a: ", 100_000)) + "x" + new string('}', 100_000) },
        { "block sequences", string.Concat(Enumerable.Repeat("- ", 100_000)) + "x\n" },
        { "flow sequences 10,000 deep under a key", "Resources: " + new string('[', 10_000) + new string(']', 10_000) },
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public void Should_Refuse_Deep_Nesting_With_A_Positioned_Error(string name, string text)
    {
        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse("deep.yaml", text));

        Assert.StartsWith("YAML nested deeper than 256 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Position.Line);
        Assert.True(error.Position.Column > 256, name);
    }

    [Theory]
    [InlineData("A: |\n      \n    text\n    more\nB: x\n", "\ntext\nmore\n")]
    [InlineData("A: >-  # folded\r\n        \r\n   \r\n  text\r\nB: x\r\n", "\n\ntext")]
    public void Should_Read_A_Block_Scalar_Whose_First_Lines_Hold_More_Spaces_Than_Its_Text_As_Empty_Lines(string text, string value)
    {
        var root = TemplateDocument.Parse("t.yaml", text).Root;

        Assert.Equal(value, Assert.IsType<ScalarNode>(root["A"]).Value);
        Assert.Equal(text.Split('\n').Length - 1, root.Find("B")!.Key.Span.Start.Line);
    }

    [Fact]
    public void Should_Not_Repair_Lines_Of_Spaces_That_Do_Not_Follow_A_Block_Scalar_Header()
    {
        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse("t.yaml", "A:\n  b: 1\n      \n    c: 2\n"));

        Assert.StartsWith("invalid YAML:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Read_A_Flow_Sequence_Continued_On_A_Line_Indented_Less_Than_Its_Block_As_Cfn_Lint_Does()
    {
        // The YAML specification wants a flow collection's lines indented deeper than the block around it; PyYAML (and
        // so cfn-lint and the SAM translator) reads them anyway, and so do we: the template is not refused for it.
        var text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: [r2,\n  R2x]\n";

        var resources = (MappingNode)TemplateDocument.Parse("t.yaml", text).Root["Resources"]!;
        var name = ((MappingNode)((MappingNode)resources["B"]!)["Properties"]!)["Name"];

        Assert.Equal(["r2", "R2x"], Assert.IsType<SequenceNode>(name).Items.Select(i => Assert.IsType<ScalarNode>(i).Value));
    }

    [Fact]
    public void Should_Refuse_Block_Mappings_Nested_Deeper_Than_The_Bound()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            text.Append(' ', i).Append("k:\n");
        }

        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse("deep.yaml", text.ToString()));

        Assert.StartsWith("YAML nested deeper than 256 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(257, error.Position.Line);
    }

    [Fact]
    public void Should_Accept_Nesting_Up_To_The_Bound()
    {
        var document = TemplateDocument.Parse("t.yaml", "Resources: " + new string('[', 255) + new string(']', 255));

        Assert.IsType<SequenceNode>(document.Root["Resources"]);
    }

    [Fact]
    public void Should_Count_Aliases_Expanded_Towards_The_Depth()
    {
        // Each anchor nests the previous one 200 levels deeper: few nodes, but a walk would recurse 2,000 levels.
        var text = new StringBuilder("a0: &a0 x\n");
        for (var i = 1; i <= 10; i++)
        {
            text.Append($"a{i}: &a{i} ").Append('[', 200).Append($"*a{i - 1}").Append(']', 200).Append('\n');
        }

        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse("t.yaml", text.ToString()));

        Assert.StartsWith("YAML nested deeper than 256 levels (aliases expanded)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Position.Line);
    }

    [Theory]
    [InlineData("t.json", "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"BucketName\": \"x\\ud800y\"}}}}", 1, 78)]
    [InlineData("t.json", "{\"Resources\": {\"\\udc00\": {\"Type\": \"AWS::S3::Bucket\"}}}", 1, 16)]
    public void Should_Refuse_A_Lone_Surrogate_With_A_Positioned_Error(string path, string text, int line, int column)
    {
        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse(path, text));

        Assert.Contains("lone UTF-16 surrogate escape", error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
    }

    [Fact]
    public void Should_Refuse_A_Lone_Surrogate_In_Yaml_With_A_Positioned_Error()
    {
        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse("t.yaml", "Resources:\n  A:\n    Type: \"AWS::S3::Bucket\\ud800\"\n"));

        Assert.StartsWith("invalid YAML: While parsing a quoted scalar", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Position.Line);
    }

    [Fact]
    public void Should_Accept_A_Surrogate_Pair_Escape()
    {
        var document = TemplateDocument.Parse("t.json", "{\"Resources\": {\"A\": {\"Type\": \"\\ud83d\\ude00\"}}}");

        Assert.Equal("\U0001F600", ((ScalarNode)((MappingNode)((MappingNode)document.Root["Resources"]!)["A"]!)["Type"]!).Value);
    }

    [Fact]
    public void Should_Read_A_Yaml_Template_Written_As_One_Flow_Mapping()
    {
        var document = TemplateDocument.Parse("t.yaml", "{AWSTemplateFormatVersion: '2010-09-09', Resources: {B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref N}}}}\n");

        Assert.Equal(TemplateFormat.Yaml, document.Format);
        var bucket = (MappingNode)((MappingNode)document.Root["Resources"]!)["B"]!;
        Assert.Equal("Ref", ((MappingNode)((MappingNode)bucket["Properties"]!)["BucketName"]!).Entries[0].Key.Value);
    }

    [Fact]
    public void Should_Keep_Json_For_Json_And_Its_Error_For_A_Json_File()
    {
        Assert.Equal(TemplateFormat.Json, TemplateDocument.Parse("t.template", "{\"Resources\": {}}").Format);

        var error = Assert.Throws<TemplateLoadException>(() => TemplateDocument.Parse("t.template", "{\"Resources\": {\"A\": [}}"));

        Assert.StartsWith("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Should_Count_Every_Kind_Of_Line_End(string newline)
    {
        var text = "Resources:" + newline + "  A:" + newline + "    Type: AWS::S3::Bucket" + newline + "  B:\r    Type: AWS::SNS::Topic\n";

        var document = TemplateDocument.Parse("t.yaml", text);

        var b = ((MappingNode)document.Root["Resources"]!).Find("B")!.Key;
        Assert.Equal(new SourcePosition(4, 3, text.IndexOf("B:", StringComparison.Ordinal)), b.Span.Start);
        Assert.Equal(b.Span.Start, document.Lines.At(b.Span.Start.Offset));
        Assert.Equal(6, document.Lines.LineCount);
    }
}
