using System.Text;

namespace Ironclad.Tests.Cli;

/// <summary>Every bad input gets one line with file:line:column and exit 2; never a stack trace, never a hang.</summary>
public class BadInputTests
{
    private const string Function = """
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Handler: index.handler
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "malformed.yaml", "Resources:\n  A: [unclosed\n", "malformed.yaml:3:1: invalid YAML" },
        { "malformed.json", "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\",}}}", "malformed.json:1:48: invalid JSON: The JSON object contains a trailing comma" },
        { "tabs.yaml", "Resources:\n\tA:\n\t\tType: AWS::S3::Bucket\n", "tabs.yaml:2:1: invalid YAML" },
        { "dupe.yaml", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::S3::Bucket\n", "dupe.yaml:4:3: duplicate key 'A' (first defined at line 2)" },
        { "dupe.json", "{\"Resources\": {\"A\": {\"Type\": \"AWS::S3::Bucket\"},\n \"A\": {\"Type\": \"AWS::S3::Bucket\"}}}", "dupe.json:2:2: duplicate key 'A' (first defined at line 1)" },
        { "notmap.yaml", "Resources:\n  - A\n", "notmap.yaml:2:3: Resources must be a mapping" },
        { "tag.yaml", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Reff x\n", "tag.yaml:5:19: unknown tag !Reff" },
        { "empty.yaml", "", "empty.yaml:1:1: file is empty" },
        { "scalar.yaml", "just text\n", "scalar.yaml:1:1: a template must be a mapping at the top level" },
        { "twodocs.yaml", "Resources:\n  A:\n    Type: AWS::S3::Bucket\n---\nResources: {}\n", "twodocs.yaml:4:1: a template must be a single YAML document" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Report_One_Positioned_Line_And_Exit_2(string name, string text, string expected)
    {
        using var dir = new TempDir();
        dir.Write(name, text);

        var (exit, output, error) = CliRunner.Run("scan", Path.Combine(dir.Path, name), "--format", "text");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Stop_An_Alias_Bomb_Quickly()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        bomb.Append("Resources:\n  A:\n    Type: AWS::S3::Bucket\n");
        using var dir = new TempDir();
        var file = dir.Write("bomb.yaml", bomb.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (exit, _, error) = CliRunner.Run("scan", file);

        Assert.Equal(2, exit);
        Assert.Contains("bomb.yaml:", error, StringComparison.Ordinal);
        Assert.Contains("alias bomb", error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Should_Refuse_A_50_MB_File_After_Reading_Only_Its_First_10_MiB()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "huge.yaml");
        using (var stream = File.Create(file))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var (exit, _, error) = CliRunner.Run("scan", file);

        Assert.Equal(2, exit);
        Assert.Contains("huge.yaml:1:1: file is over 10 MiB", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Reject_Binary_Bytes_With_Their_Position()
    {
        using var dir = new TempDir();
        var file = dir.WriteBytes("binary.yaml", [.. "Resources:\n  A"u8, 0, 1, 2]);

        var (exit, _, error) = CliRunner.Run("scan", file);

        Assert.Equal(2, exit);
        Assert.Contains("binary.yaml:2:4: binary content", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Reject_Invalid_Utf8_With_Its_Position()
    {
        using var dir = new TempDir();
        var file = dir.WriteBytes("latin1.yaml", [.. "Resources:\n  Caf"u8, 0xE9, .. ":\n    Type: AWS::S3::Bucket\n"u8]);

        var (exit, _, error) = CliRunner.Run("scan", file);

        Assert.Equal(2, exit);
        Assert.Contains("latin1.yaml:2:6: invalid UTF-8", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Properties:\n", "Properties is null")]
    [InlineData("Properties: [a, b]\n", "Properties is a list")]
    public void Should_Report_A_Bad_Resource_Beside_The_Others_Results(string badProperties, string expected)
    {
        var text = "Resources:\n" + Function + "\n  Bad:\n    Type: AWS::Lambda::Function\n    " + badProperties;
        using var dir = new TempDir();
        var file = dir.Write("mixed.yaml", text);

        var (exit, output, _) = CliRunner.Run("scan", file, "--format", "json");

        Assert.Equal(2, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(8, error.GetProperty("line").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("resource").GetString() == "Fn");
        Assert.DoesNotContain(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("resource").GetString() == "Bad");
    }

    [Fact]
    public void Should_Say_When_A_Named_File_Is_Not_A_Template()
    {
        using var dir = new TempDir();
        var file = dir.Write("config.yaml", "name: app\nversion: 2\n");

        var (exit, _, error) = CliRunner.Run("scan", file);

        Assert.Equal(2, exit);
        Assert.Contains("config.yaml:1:1: no Resources section", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Give_A_Usage_Error_For_A_Missing_Path()
    {
        var (exit, _, error) = CliRunner.Run("scan", "/no/such/template.yaml");

        Assert.Equal(2, exit);
        Assert.Equal("ironclad: /no/such/template.yaml: no such file or directory", error.Trim());
    }
}

public class ByteOrderMarkTests
{
    [Fact]
    public void A_Template_With_A_Utf8_Byte_Order_Mark_Is_Scanned_Like_Any_Other()
    {
        using var dir = new TempDir();
        var file = dir.WriteBytes("bom.yaml", [0xEF, 0xBB, 0xBF, .. "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"u8]);

        var (exit, output, _) = CliRunner.Run("scan", file, "--only", "IC1001", "--format", "json");

        Assert.Equal(1, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal(("Fn", 2), (result.GetProperty("resource").GetString(), result.GetProperty("line").GetInt32()));
    }

    [Fact]
    public void Should_Refuse_Yaml_Nested_100000_Deep_In_Fix_With_One_Line()
    {
        using var dir = new TempDir();
        var file = dir.Write("deep.yaml", "Resources: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var (exit, _, error) = CliRunner.Run("fix", file);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(file + ":1:", line, StringComparison.Ordinal);
        Assert.Contains("YAML nested deeper than 256 levels", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_A_Lone_Surrogate_In_A_Parameters_File_With_One_Line()
    {
        using var dir = new TempDir();
        var template = dir.Write("t.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
        var parameters = dir.Write("p.json", "[{\"ParameterKey\": \"Name\", \"ParameterValue\": \"a\\ud800\"}]");

        var (exit, _, error) = CliRunner.Run("fix", template, "--parameters", parameters);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("1:47: parameters file: invalid JSON: a string holds a lone UTF-16 surrogate escape", line, StringComparison.Ordinal);
    }
}
