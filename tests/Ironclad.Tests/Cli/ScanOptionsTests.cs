namespace Ironclad.Tests.Cli;

public class ScanOptionsTests
{
    private const string Template = """
        Parameters:
          Limit:
            Type: Number
        Resources:
          Unlimited:
            Type: AWS::Lambda::Function
            Properties:
              Handler: index.handler
          FromParameter:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !Ref Limit
        """;

    [Theory]
    [InlineData(new string[0], 1)]
    [InlineData(new[] { "--soft-fail" }, 0)]
    [InlineData(new[] { "--fail-on", "high" }, 0)]
    [InlineData(new[] { "--fail-on", "medium" }, 1)]
    [InlineData(new[] { "--only", "IC1001", "--skip", "CKV_AWS_115" }, 2)]
    [InlineData(new[] { "--only", "IC100*", "--skip", "lambda-*,Lambda.*,CKV_AWS_45,CKV_AWS_173,CKV_AWS_258" }, 2)]
    [InlineData(new[] { "--only", "W92" }, 1)]
    public void Exit_Code_Follows_Threshold_And_Selection(string[] options, int expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Template);

        var (exit, _, _) = CliRunner.Run(["scan", file, "--quiet", .. options]);

        Assert.Equal(expected, exit);
    }

    [Fact]
    public void Strict_Counts_Unknown_As_Failure()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Template.Replace("Handler: index.handler", "ReservedConcurrentExecutions: 3", StringComparison.Ordinal));

        Assert.Equal(0, CliRunner.Run("scan", file, "--only", "IC1001").Exit);
        Assert.Equal(1, CliRunner.Run("scan", file, "--only", "IC1001", "--strict").Exit);
        Assert.Equal(0, CliRunner.Run("scan", file, "--only", "IC1001", "--strict", "--parameter", "Limit=4").Exit);
        Assert.Equal(1, CliRunner.Run("scan", file, "--only", "IC1001", "--parameter", "Limit=0").Exit);
    }

    [Fact]
    public void Parameters_Come_From_CloudFormation_Json_And_Samconfig()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Template.Replace("Handler: index.handler", "ReservedConcurrentExecutions: 3", StringComparison.Ordinal));
        var json = dir.Write("params.json", """[{"ParameterKey": "Limit", "ParameterValue": "0"}]""");
        var toml = dir.Write("samconfig.toml", """
            version = 0.1
            [default.deploy.parameters]
            stack_name = "app"
            parameter_overrides = "Stage=dev Limit=\"7\""
            [prod.deploy.parameters]
            parameter_overrides = ["Limit=0"]
            """);

        Assert.Equal(1, CliRunner.Run("scan", file, "--only", "IC1001", "--parameters", json).Exit);
        Assert.Equal(0, CliRunner.Run("scan", file, "--only", "IC1001", "--parameters", json, "--parameter", "Limit=2").Exit);
        Assert.Equal(0, CliRunner.Run("scan", file, "--only", "IC1001", "--strict", "--parameters", toml).Exit);
        Assert.Equal(1, CliRunner.Run("scan", file, "--only", "IC1001", "--parameters", toml, "--config-env", "prod").Exit);
    }

    [Theory]
    [InlineData("--parameter", "NoEquals", "--parameter takes KEY=VALUE")]
    [InlineData("--only", "NOPE_*", "--only/--skip leave no rule to run")]
    [InlineData("--parameters", "/no/such.json", "no such parameters file")]
    public void Bad_Options_Are_One_Line_Usage_Errors(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Template);

        var (exit, _, error) = CliRunner.Run("scan", file, option, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Folders_Are_Searched_Recursively_Skipping_Tool_Folders_And_Non_Templates()
    {
        using var dir = new TempDir();
        dir.Write("a/template.yaml", Template);
        dir.Write("b/c/stack.json", """{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}}}""");
        dir.Write("node_modules/pkg/template.yaml", Template);
        dir.Write(".aws-sam/build/template.yaml", Template);
        dir.Write("config/settings.yaml", "name: x\n");
        dir.Write("package.json", """{"name": "x"}""");

        var (exit, output, _) = CliRunner.Run("scan", dir.Path, "--format", "json", "--only", "IC1001");

        Assert.Equal(1, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("templates").GetInt32());
        var files = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("file").GetString()!).Distinct().ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.DoesNotContain("node_modules", f, StringComparison.Ordinal));
        Assert.All(files, f => Assert.DoesNotContain(".aws-sam", f, StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_Command_Explains_A_Rule_By_Any_Alias()
    {
        foreach (var alias in new[] { "IC1001", "CKV_AWS_115", "LAMBDA_CONCURRENCY_CHECK", "lambda-concurrency-check", "W92" })
        {
            var (exit, output, _) = CliRunner.Run("rules", alias);
            Assert.Equal(0, exit);
            Assert.StartsWith("# IC1001: ", output, StringComparison.Ordinal);
        }

        Assert.Equal(2, CliRunner.Run("rules", "CKV_NOPE").Exit);
    }
}
