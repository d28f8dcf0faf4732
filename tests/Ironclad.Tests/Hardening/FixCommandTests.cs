using Ironclad.Core.Templates;
using System.Text.Json;
using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Hardening;

public class FixCommandTests
{
    private const string Template = """
        Resources:
          # The one table.
          Orders:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              KeySchema: [{AttributeName: id, KeyType: HASH}]

        """;

    [Fact]
    public void Should_Print_The_Diff_And_The_Report_And_Write_Nothing()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);

        var (exit, output, error) = CliRunner.Run("fix", file);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal(Template, File.ReadAllText(file));
        Assert.Contains("+      SSESpecification:", output, StringComparison.Ordinal);
        Assert.Contains("+  DynamoDBKMSKey:", output, StringComparison.Ordinal);
        Assert.Contains("CKV_AWS_119 (IC2001) DynamoDB table without a customer-managed key: 1 of 1 fixed", output, StringComparison.Ordinal);
        Assert.Contains("sam deploy --template-file template.yaml --stack-name <stack-name> --resolve-s3 --capabilities CAPABILITY_IAM --parameter-overrides Stage=dev", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Rewrite_In_Place_With_Write_And_Then_Find_Nothing_To_Do()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);

        var (exit, _, error) = CliRunner.Run("fix", file, "--write");
        var written = File.ReadAllText(file);
        var (again, output, _) = CliRunner.Run("fix", file, "--write");

        Assert.Equal((0, 0), (exit, again));
        Assert.Contains("wrote", error, StringComparison.Ordinal);
        Assert.StartsWith("Parameters:\n  Stage:\n", written, StringComparison.Ordinal);
        Assert.Contains("\nResources:\n  # The one table.\n  Orders:\n", written, StringComparison.Ordinal);
        Assert.Contains("KMSMasterKeyId: !Ref DynamoDBKMSKey", written, StringComparison.Ordinal);
        Assert.Contains("Nothing to change.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("@@", output, StringComparison.Ordinal);
        Assert.Equal(written, File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_Keep_The_Byte_Order_Mark_As_It_Was(bool bom)
    {
        using var dir = new TempDir();
        var file = dir.WriteBytes("template.yaml", [.. bom ? TemplateDocument.Utf8ByteOrderMark.ToArray() : [], .. System.Text.Encoding.UTF8.GetBytes(Template)]);

        var (exit, _, _) = CliRunner.Run("fix", file, "--write");

        Assert.Equal(0, exit);
        var written = File.ReadAllBytes(file);
        Assert.Equal(bom, written.AsSpan().StartsWith(TemplateDocument.Utf8ByteOrderMark));
        Assert.Contains("SSESpecification", System.Text.Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Write_Elsewhere_With_Output_And_Leave_The_Template_Untouched()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);
        var target = Path.Combine(dir.Path, "hardened.yaml");

        var (exit, _, _) = CliRunner.Run("fix", file, "-o", target, "--only", "CKV_AWS_28");

        Assert.Equal(0, exit);
        Assert.Equal(Template, File.ReadAllText(file));
        Assert.Equal(Template.Replace("KeyType: HASH}]\n", "KeyType: HASH}]\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n", StringComparison.Ordinal), File.ReadAllText(target));
    }

    [Fact]
    public void Should_Leave_The_Original_Untouched_When_Writing_Fails()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);

        var output = Path.Combine(dir.Path, "missing", "out.yaml");

        var (exit, _, error) = CliRunner.Run("fix", file, "-o", output);

        // The error is the output's, so it names the output, not the template.
        Assert.Equal(2, exit);
        Assert.StartsWith($"ironclad: cannot write {output}: ", error, StringComparison.Ordinal);
        Assert.Equal(Template, File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("Resources:\n  A: [unclosed\n", ":3:1: invalid YAML")]
    [InlineData("Description: no resources\n", ":1:1: no Resources section")]
    public void Should_Report_Bad_Input_On_One_Positioned_Line(string text, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.yaml", text);

        var (exit, output, error) = CliRunner.Run("fix", file);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(file + expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--endpoints", "SQS;KMS")]
    [InlineData("--vpc", "shared")]
    [InlineData("--alarms", "some")]
    [InlineData("--apigateway-account", "skip")]
    public void Should_Refuse_Bad_Option_Values(string option, string value)
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);

        var (exit, _, error) = CliRunner.Run("fix", file, option, value);

        Assert.Equal(2, exit);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_In_Json_With_Each_Finding_And_Its_Outcome()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);

        var (exit, output, _) = CliRunner.Run("fix", file, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("summary").GetProperty("fixed").GetInt32());
        Assert.Equal(["IC2001 Orders fixed", "IC2002 Orders fixed", "IC2003 Orders fixed"], root.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("resource").GetString()} {f.GetProperty("outcome").GetString()}").Order());
        Assert.Equal(["DynamoDBKMSKey AWS::KMS::Key", "DynamoDBKMSKeyAlias AWS::KMS::Alias"], root.GetProperty("resourcesAdded").EnumerateArray()
            .Select(r => $"{r.GetProperty("logicalId").GetString()} {r.GetProperty("type").GetString()}"));
        Assert.StartsWith($"--- {file}\n+++ {file}\n@@ ", root.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("cost").GetProperty("monthlyTotal").ValueKind);
    }
}
