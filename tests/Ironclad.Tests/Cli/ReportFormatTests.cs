using System.Text.Json;
using System.Xml.Linq;
using NJsonSchema;

namespace Ironclad.Tests.Cli;

public class ReportFormatTests
{
    private const string Template = """
        Parameters:
          Limit:
            Type: Number
        Resources:
          Limited:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: 5
          Unlimited:
            Type: AWS::Lambda::Function
            Properties:
              Handler: index.handler
          Skipped:
            Type: AWS::Lambda::Function
            Metadata:
              checkov:
                skip:
                  - id: CKV_AWS_115
                    comment: batch job, throttled upstream
          Unknowable:
            Type: AWS::Lambda::Function
            Properties:
              ReservedConcurrentExecutions: !Ref Limit
        """;

    [Fact]
    public void Json_Carries_Every_Evaluated_Pair_With_The_Contract_Fields()
    {
        using var dir = new TempDir();
        dir.Write("t.yaml", Template);

        var (exit, output, _) = Run(dir, "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var results = json.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("rule").GetString() == "IC1001")
            .ToDictionary(r => r.GetProperty("resource").GetString()!);
        Assert.Equal(["Limited", "Skipped", "Unknowable", "Unlimited"], results.Keys.Order());
        Assert.Equal("pass", results["Limited"].GetProperty("status").GetString());
        Assert.Equal("fail", results["Unlimited"].GetProperty("status").GetString());
        Assert.Equal("unknown", results["Unknowable"].GetProperty("status").GetString());
        Assert.Equal("suppressed", results["Skipped"].GetProperty("status").GetString());
        Assert.Equal("batch job, throttled upstream", results["Skipped"].GetProperty("reason").GetString());
        var fail = results["Unlimited"];
        Assert.Equal("t.yaml", fail.GetProperty("file").GetString());
        Assert.Equal((9, 3), (fail.GetProperty("line").GetInt32(), fail.GetProperty("column").GetInt32()));
        Assert.Equal("AWS::Lambda::Function", fail.GetProperty("resourceType").GetString());
        Assert.Contains("CKV_AWS_115", fail.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("lambda-concurrency-check", fail.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.False(string.IsNullOrEmpty(fail.GetProperty("message").GetString()));
        var summary = json.RootElement.GetProperty("summary").GetProperty("rules").EnumerateArray().Single(s => s.GetProperty("rule").GetString() == "IC1001");
        Assert.Equal(4, summary.GetProperty("evaluated").GetInt32());
        Assert.Equal(1, summary.GetProperty("failed").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Sarif_Validates_Against_The_Schema_And_Carries_Suppressions()
    {
        using var dir = new TempDir();
        dir.Write("sub/t.yaml", Template);
        dir.Write("broken.yaml", "Resources:\n  A: [\n");

        var (_, output, _) = Run(dir, "sarif");

        var schema = await JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Schemas", "sarif-2.1.0.json"));
        var errors = schema.Validate(output);
        Assert.Empty(errors.Select(e => e.ToString()));
        Assert.NotEmpty(schema.Validate("{\"runs\": []}"));
        using var sarif = JsonDocument.Parse(output);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        var fail = results.Single(r => r.GetProperty("message").GetProperty("text").GetString()!.StartsWith("Unlimited", StringComparison.Ordinal));
        var location = fail.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("sub/t.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(9, location.GetProperty("region").GetProperty("startLine").GetInt32());
        var suppressed = results.Single(r => r.TryGetProperty("suppressions", out _));
        Assert.Equal("batch job, throttled upstream", suppressed.GetProperty("suppressions")[0].GetProperty("justification").GetString());
        var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "IC1001");
        Assert.False(string.IsNullOrEmpty(rule.GetProperty("help").GetProperty("text").GetString()));
        var notification = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0];
        Assert.True(notification.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
    }

    [Fact]
    public void Junit_Has_A_Failure_Per_Failing_Resource()
    {
        using var dir = new TempDir();
        dir.Write("t.yaml", Template);

        var (_, output, _) = Run(dir, "junit");

        var xml = XDocument.Parse(output);
        var failures = xml.Descendants("testcase").Where(t => t.Element("failure") is not null).Select(t => (string?)t.Attribute("name")).ToList();
        Assert.Contains("[MEDIUM][CKV_AWS_115] Unlimited", failures);
        Assert.Equal(2, xml.Descendants("testcase").Count(t => t.Element("skipped") is not null));
    }

    [Fact]
    public void Github_Annotates_Failures_With_Position()
    {
        using var dir = new TempDir();
        dir.Write("t.yaml", Template);

        var (_, output, _) = Run(dir, "github");

        Assert.Contains("::warning file=t.yaml,line=9,col=3,title=CKV_AWS_115 Lambda functions have a reserved concurrency limit::Unlimited: ReservedConcurrentExecutions is not set", output, StringComparison.Ordinal);
        Assert.Contains("::notice file=t.yaml,line=", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_Ends_With_The_Audit_Count_Line()
    {
        using var dir = new TempDir();
        dir.Write("t.yaml", Template);

        var (_, output, _) = Run(dir, "text");

        Assert.Matches(@"CKV_AWS_115\s+Lambda function without a concurrency limit\s+1 of 4 functions", output);
        Assert.Contains("t.yaml:9:3 Unlimited: ReservedConcurrentExecutions is not set", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_Option_Writes_The_Report_To_A_File()
    {
        using var dir = new TempDir();
        dir.Write("t.yaml", Template);
        var target = Path.Combine(dir.Path, "report.json");

        var (exit, output, _) = Run(dir, "json", "--output", target);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(4, JsonDocument.Parse(File.ReadAllText(target)).RootElement.GetProperty("results").GetArrayLength());
    }

    private static (int Exit, string Out, string Err) Run(TempDir dir, string format, params string[] more)
    {
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(dir.Path);
        try
        {
            return CliRunner.Run(["scan", ".", "--only", "IC1001", "--format", format, "--quiet", .. more]);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}

public class OutputFileTests
{
    [Fact]
    public void Writing_To_A_Device_Leaves_The_Device_In_Place()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n");

        var (exit, _, error) = CliRunner.Run("scan", file, "--output", "/dev/null", "--format", "json");

        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.Equal(0, new FileInfo("/dev/null").Length);
    }

    [Fact]
    public void An_Unwritable_Output_Is_A_Usage_Error_And_Leaves_No_Temporary_File()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n");

        var (exit, _, error) = CliRunner.Run("scan", file, "--output", Path.Combine(dir.Path, "missing-dir", "r.json"));

        Assert.Equal(2, exit);
        Assert.StartsWith("ironclad: cannot write", error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
