using System.Text.Json;
using Ironclad.Cli;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Core.Verification;

namespace Ironclad.Tests.Cli;

/// <summary>Failures never look like results: a crash is exit 3 and one line, a rule that throws is an error, a fix that declines leaves nothing behind.</summary>
public class FailureTests
{
    private const string Bucket = "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n";

    private static readonly RuleDescriptor Kaput = new()
    {
        Id = "IC9999",
        Name = "Kaput",
        Title = "A rule that throws",
        Severity = Severity.High,
        ResourceTypes = ["AWS::S3::Bucket"],
        Rationale = "test",
        Remediation = "test",
        CountLabel = "bucket",
        Noun = "buckets",
    };

    [Fact]
    public void An_Unexpected_Exception_Is_One_Line_And_Exit_3_With_The_Trace_Only_When_Verbose()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (exit, _, error) = Run([new BrokenDescriptorRule()], "scan", file);
        var (verboseExit, _, verboseError) = Run([new BrokenDescriptorRule()], "scan", file, "--verbose");

        Assert.Equal(3, exit);
        Assert.Equal("ironclad: internal error: descriptor lost\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(3, verboseExit);
        Assert.StartsWith("ironclad: internal error: descriptor lost", verboseError, StringComparison.Ordinal);
        Assert.Contains("   at ", verboseError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Help_Documents_Exit_Code_3_And_Verbose()
    {
        var (exit, output, _) = CliRunner.Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("3 the tool itself failed", output, StringComparison.Ordinal);
        Assert.Contains("--verbose", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Rule_That_Throws_Is_An_Error_With_Rule_And_Resource_And_Fails_Scan_With_3()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (exit, output, error) = Run([new ThrowingRule()], "scan", file, "--format", "json");

        Assert.Equal(3, exit);
        Assert.Equal($"{file}:2:3: internal error in rule IC9999 on Data: InvalidOperationException: kaput\n", error.ReplaceLineEndings("\n"));
        using var json = JsonDocument.Parse(output);
        var reported = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("IC9999", reported.GetProperty("rule").GetString());
        Assert.Equal("Data", reported.GetProperty("resource").GetString());
        Assert.DoesNotContain(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("status").GetString() == "unknown");
    }

    [Fact]
    public void A_Rule_That_Throws_In_A_Split_Scan_Is_An_Error_Per_Resource_In_Resource_Order()
    {
        var template = TestTemplates.Parse(Scanning.ParallelScanTests.Buckets(40));
        var rules = new Rule[] { new ThrowingRule("Bucket03", "Bucket21", "Bucket38"), new Core.Rules.S3.S3BucketVersioning() };

        var (results, errors, ranges) = new Scanner(rules, new ScanOptions { ParallelFrom = 2, Workers = 4 }).ScanInRanges(template, "t.yaml", new TemplateFacts(template, new Core.Evaluation.Evaluator(template)));
        var (sequential, sequentialErrors) = new Scanner(rules, new ScanOptions { ParallelFrom = int.MaxValue }).Scan(template, "t.yaml");

        Assert.True(ranges > 1);
        Assert.Equal(
            [
                new ScanError("t.yaml", 8, 3, "internal error in rule IC9999 on Bucket03: InvalidOperationException: kaput", "IC9999", "Bucket03"),
                new ScanError("t.yaml", 44, 3, "internal error in rule IC9999 on Bucket21: InvalidOperationException: kaput", "IC9999", "Bucket21"),
                new ScanError("t.yaml", 78, 3, "internal error in rule IC9999 on Bucket38: InvalidOperationException: kaput", "IC9999", "Bucket38"),
            ],
            errors);
        Assert.Equal(sequentialErrors, errors);

        // The other buckets' verdicts, of both rules, are still reported, in resource order.
        Assert.Equal(sequential, results);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"Bucket{i:D2}"), results.Select(r => r.Resource).Distinct());
        Assert.Equal(77, results.Count);
    }

    [Theory]
    [InlineData("fix")]
    [InlineData("cost")]
    public void A_Rule_That_Throws_Fails_Fix_And_Cost_With_3(string command)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (exit, output, error) = Run([new ThrowingRule()], command, file);

        Assert.Equal(3, exit);
        Assert.Equal("", output);
        Assert.Equal($"{file}:2:3: internal error in rule IC9999 on Data: InvalidOperationException: kaput\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_Live_Check_That_Throws_Is_An_Error_Not_Unknown()
    {
        var outcome = await StackVerifier.Run(Kaput, "Data", "AWS::S3::Bucket", () => throw new InvalidOperationException("kaput"));

        Assert.NotNull(outcome);
        Assert.True(outcome.IsError);
        Assert.Equal("internal error in check IC9999 on Data: InvalidOperationException: kaput", outcome.Message);
    }

    [Fact]
    public void An_Internal_Error_Outranks_Findings_And_Input_Errors_In_The_Exit_Code()
    {
        var report = new ScanReport([], [new ScanError("t.yaml", 1, 1, "bad"), new ScanError("t.yaml", 2, 3, "threw", "IC9999", "Data")], [], 1);

        Assert.Equal(3, Ironclad.Cli.Commands.CommandOutput.ExitCode(report, Severity.Info, softFail: true, strict: false));
    }

    [Theory]
    [InlineData("--parameters", "p.json", "[{\"ParameterKey\": 1}]", "p.json:1:1: parameters file: each parameter needs ParameterKey and ParameterValue")]
    [InlineData("--usage", "u.yml", "usage:\n  kms_requests_per_month: 1e400\n", "u.yml:2:27: usage file: kms_requests_per_month: '1e400' is too large (at most 1,000,000,000,000,000)")]
    [InlineData("--prices", "prices.json", "{\"format\": 1,", "prices.json:1:1: price file: ")]
    public void Each_Input_File_Error_Names_The_Kind_Of_File(string option, string name, string text, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var input = dir.Write(name, text);

        var (exit, _, error) = CliRunner.Run("cost", file, option, input);

        Assert.Equal(2, exit);
        Assert.StartsWith(Path.Combine(dir.Path, expected), error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_Baseline_Error_Says_It_Is_The_Baseline()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var baseline = dir.Write("b.json", "not json");

        var (exit, _, error) = CliRunner.Run("scan", file, "--baseline", baseline);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{baseline}:1:2: baseline: not valid JSON: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void A_Fix_That_Declines_Halfway_Leaves_Nothing_Behind()
    {
        // Access logging plans the log bucket and its retention parameter, then meets a LoggingConfiguration
        // chosen by !If, which it will not override: the bucket and the parameter must go with it.
        const string text = """
            Conditions:
              Prod: !Equals [!Ref AWS::Region, eu-west-1]
            Resources:
              Data:
                Type: AWS::S3::Bucket
                Properties:
                  LoggingConfiguration: !If [Prod, {DestinationBucketName: logs}, !Ref AWS::NoValue]
            """;
        var template = CfnTemplate.From(TemplateDocument.Parse("t.yaml", text));

        // Without replication, whose failover bucket logs to the same log bucket for a finding of its own.
        var plan = Hardener.Plan(template, new HardeningOptions { Skip = ["IC3004"] });

        var unfixed = Assert.Single(plan.Unfixed, u => u.Finding.RuleId == "IC3001");
        Assert.Equal("Data", unfixed.Finding.Resource);
        Assert.DoesNotContain(plan.AddedResources, r => r.LogicalId == "AccessLoggingBucket");
        Assert.DoesNotContain(plan.AddedParameters, p => p.Name == "LogRetentionDays");
        var unfixedFindings = plan.Unfixed.Select(u => u.Finding).ToHashSet();
        Assert.All(plan.Changes, c => Assert.Contains(c.Fixes, f => !unfixedFindings.Contains(f)));
        Assert.All(plan.AddedResources, r => Assert.Contains(r.Fixes, f => !unfixedFindings.Contains(f)));
        Assert.DoesNotContain("LogRetentionDays", plan.Apply(), StringComparison.Ordinal);
    }

    private static (int Exit, string Out, string Err) Run(IReadOnlyList<Rule> rules, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = App.Run(args, output, error, rules);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Throws on the resources named, or on every resource when none is.</summary>
    private sealed class ThrowingRule(params string[] resources) : Rule
    {
        public override RuleDescriptor Descriptor => Kaput;

        public override Verdict Evaluate(ResourceContext context) =>
            resources.Length == 0 || resources.Contains(context.LogicalId) ? throw new InvalidOperationException("kaput") : Verdict.Pass("no throw here");
    }

    /// <summary>A rule broken beyond its verdict: the scanner cannot even ask what it applies to.</summary>
    private sealed class BrokenDescriptorRule : Rule
    {
        public override RuleDescriptor Descriptor => throw new InvalidOperationException("descriptor lost");

        public override Verdict Evaluate(ResourceContext context) => Verdict.Pass("unreachable");
    }
}
