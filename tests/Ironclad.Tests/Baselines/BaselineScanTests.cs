using System.Text.Json;
using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Baselines;

/// <summary><c>ironclad scan --baseline</c> and <c>--create-baseline</c>, end to end through the CLI.</summary>
public class BaselineScanTests
{
    private const string Template = """
        Resources:
          Orders:
            Type: AWS::Lambda::Function
            Properties:
              Handler: orders.handler
          Billing:
            Type: AWS::Lambda::Function
            Properties:
              Handler: billing.handler
        """;

    [Fact]
    public void Create_Baseline_Accepts_Every_Finding_And_Writes_Them_Sorted()
    {
        using var dir = new TempDir();
        var template = dir.Write("app/template.yaml", Template);
        var baseline = Path.Combine(dir.Path, "ironclad-baseline.json");

        var (exit, output, error) = CliRunner.Run("scan", template, "--only", "IC1001", "--create-baseline", baseline);

        Assert.Equal(0, exit);
        Assert.Equal($"ironclad: wrote baseline {baseline} (2 findings)", error.Trim());
        Assert.Contains("1 template: 0 failed, 2 baselined, 0 passed, 0 unknown, 0 suppressed, 0 errors", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(baseline));
        Assert.Equal("ironclad", json.RootElement.GetProperty("tool").GetString());
        Assert.Equal(Ironclad.Cli.App.Version, json.RootElement.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("note").GetString()));
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("file").GetString(), f.GetProperty("resource").GetString(), f.GetProperty("rule").GetString()))
            .ToList();
        Assert.Equal([("app/template.yaml", "Billing", "IC1001"), ("app/template.yaml", "Orders", "IC1001")], findings);
    }

    [Fact]
    public void Creating_The_Baseline_Twice_Gives_The_Same_Bytes()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var first = Path.Combine(dir.Path, "first.json");
        var second = Path.Combine(dir.Path, "second.json");

        CliRunner.Run("scan", template, "--create-baseline", first);
        CliRunner.Run("scan", template, "--create-baseline", second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void A_Finding_Moved_By_Lines_Inserted_Above_Stays_Baselined()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var baseline = Path.Combine(dir.Path, "baseline.json");
        CliRunner.Run("scan", template, "--only", "IC1001", "--create-baseline", baseline);
        File.WriteAllText(template, "AWSTemplateFormatVersion: '2010-09-09'\nDescription: >\n  Orders and billing.\n" + Template);

        var (exit, output, error) = CliRunner.Run("scan", template, "--only", "IC1001", "--baseline", baseline, "--format", "json");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var orders = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "Orders");
        Assert.Equal(5, orders.GetProperty("line").GetInt32());
        Assert.Equal("fail", orders.GetProperty("status").GetString());
        Assert.True(orders.GetProperty("baselined").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("baselined").GetInt32());
    }

    [Fact]
    public void A_New_Finding_Fails_The_Run_And_Only_It_Is_Reported_As_Failing()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var baseline = Path.Combine(dir.Path, "baseline.json");
        CliRunner.Run("scan", template, "--only", "IC1001", "--create-baseline", baseline);
        File.AppendAllText(template, "\n  Shipping:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: shipping.handler\n");

        var (exit, output, _) = CliRunner.Run("scan", template, "--only", "IC1001", "--baseline", baseline);

        Assert.Equal(1, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains($"  FAIL      {template}:10:3 Shipping: ReservedConcurrentExecutions is not set", lines);
        Assert.Contains($"  BASELINED {template}:2:3 Orders: ReservedConcurrentExecutions is not set", lines);
        Assert.Contains($"  BASELINED {template}:6:3 Billing: ReservedConcurrentExecutions is not set", lines);
        Assert.Contains("1 template: 1 failed, 2 baselined, 0 passed, 0 unknown, 0 suppressed, 0 errors", lines);
        Assert.Contains("Baseline " + baseline + ": 2 baselined, 1 new, 0 resolved", lines);
    }

    [Fact]
    public void A_Fixed_Finding_Is_Reported_As_Resolved()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var baseline = Path.Combine(dir.Path, "baseline.json");
        CliRunner.Run("scan", template, "--only", "IC1001", "--create-baseline", baseline);
        File.WriteAllText(template, Template.Replace("Handler: billing.handler", "Handler: billing.handler\n      ReservedConcurrentExecutions: 5", StringComparison.Ordinal));

        var (exit, output, _) = CliRunner.Run("scan", template, "--only", "IC1001", "--baseline", baseline);

        Assert.Equal(0, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Baseline " + baseline + ": 1 baselined, 0 new, 1 resolved", lines);
        Assert.Contains("  RESOLVED  CKV_AWS_115 (IC1001) template.yaml Billing: no longer found; --create-baseline rewrites the baseline without it", lines);
    }

    [Fact]
    public void Baselined_Findings_Do_Not_Count_Towards_The_Exit_Code_But_Other_Rules_Do()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var baseline = Path.Combine(dir.Path, "baseline.json");
        CliRunner.Run("scan", template, "--only", "IC1001", "--create-baseline", baseline);

        Assert.Equal(0, CliRunner.Run("scan", template, "--only", "IC1001", "--baseline", baseline).Exit);
        Assert.Equal(1, CliRunner.Run("scan", template, "--only", "IC1001,IC1002", "--baseline", baseline).Exit);
    }

    [Fact]
    public void Sarif_Marks_Baselined_Results_As_Unchanged()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var baseline = Path.Combine(dir.Path, "baseline.json");
        File.WriteAllText(baseline, """{"findings": [{"file": "template.yaml", "resource": "Orders", "rule": "CKV_AWS_115"}]}""");

        var (exit, output, _) = CliRunner.Run("scan", template, "--only", "IC1001", "--baseline", baseline, "--format", "sarif");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var states = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("message").GetProperty("text").GetString()!.Split(':')[0], r => r.TryGetProperty("baselineState", out var s) ? s.GetString() : null);
        Assert.Equal("unchanged", states["Orders"]);
        Assert.Null(states["Billing"]);
    }

    [Theory]
    [InlineData("{\"findings\": [", "baseline.json:1:15: baseline: not valid JSON")]
    [InlineData("[]", "baseline.json:1:1: baseline: not a baseline: the top level must be an object with a 'findings' array")]
    [InlineData("{\"findings\": {}}", "baseline.json:1:1: baseline: not a baseline: 'findings' must be an array")]
    [InlineData("{\"findings\": [{\"rule\": \"IC1001\", \"file\": \"t.yaml\"}]}", "baseline.json:1:1: baseline: not a baseline: findings[0].resource must be a non-empty string")]
    [InlineData("{\"findings\": [{\"rule\": \"IC1001\", \"file\": \"t.yaml\", \"resource\": \"A\", \"count\": 0}]}", "baseline.json:1:1: baseline: not a baseline: findings[0].count must be a whole number of at least 1")]
    [InlineData("{\"format\": 2, \"findings\": []}", "baseline.json:1:1: baseline: not a baseline: 'format' 2 is not one this version of ironclad reads (it reads format 1)")]
    public void A_Malformed_Baseline_Is_One_Line_And_Exit_Code_2(string text, string expected)
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);
        var baseline = dir.Write("baseline.json", text);

        var (exit, output, error) = CliRunner.Run("scan", template, "--baseline", baseline);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(baseline.Replace("baseline.json", expected, StringComparison.Ordinal), line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Missing_Baseline_Is_An_Input_Error()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);

        var (exit, _, error) = CliRunner.Run("scan", template, "--baseline", Path.Combine(dir.Path, "none.json"));

        Assert.Equal(2, exit);
        Assert.StartsWith($"{Path.Combine(dir.Path, "none.json")}:1:1: baseline: cannot read the baseline: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_And_Create_Baseline_Together_Are_A_Usage_Error()
    {
        using var dir = new TempDir();
        var template = dir.Write("template.yaml", Template);

        var (exit, _, error) = CliRunner.Run("scan", template, "--baseline", "a.json", "--create-baseline", "b.json");

        Assert.Equal(2, exit);
        Assert.Equal("ironclad: --baseline and --create-baseline exclude each other: compare against a baseline, or write a new one", error.Trim());
    }

    [Fact]
    public void No_Baseline_Is_Written_When_A_Template_Cannot_Be_Read()
    {
        using var dir = new TempDir();
        var good = dir.Write("good.yaml", Template);
        var bad = dir.Write("bad.yaml", "Resources:\n  A: [\n");
        var baseline = Path.Combine(dir.Path, "baseline.json");

        var (exit, _, error) = CliRunner.Run("scan", good, bad, "--create-baseline", baseline);

        Assert.Equal(2, exit);
        Assert.False(File.Exists(baseline));
        // The unreadable template is named on its own line, then the refusal.
        Assert.Equal([$"{bad}:3:1: invalid YAML: While parsing a node, did not find expected node content", "ironclad: baseline not written: 1 template error; fix it first"], error.TrimEnd('\n').Split('\n'));
    }
}
