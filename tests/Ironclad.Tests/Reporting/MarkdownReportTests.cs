using System.Text;
using System.Text.RegularExpressions;
using Ironclad.Benchmarks;
using Ironclad.Core.Hardening;
using Ironclad.Core.Reporting;
using Ironclad.Core.Reporting.Markdown;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;
using Ironclad.Tests.Cli;
using Ironclad.Tests.Packaging;

namespace Ironclad.Tests.Reporting;

/// <summary>
/// The Markdown reports for pull requests: goldens (the example's is docs/example-fix.md, whose diagram the
/// README shows), the Mermaid in them parsed by Mermaid's own parser, and the size of a large template's.
/// </summary>
public partial class MarkdownReportTests
{
    private const string FixtureFolder = "tests/Ironclad.Tests/Fixtures/Markdown";
    private const string ExamplePath = "examples/prechat/template.yaml";
    private const string ExampleDoc = "docs/example-fix.md";
    private const string DiagramStart = "<!-- example-diagram:start (generated from docs/example-fix.md) -->";
    private const string DiagramEnd = "<!-- example-diagram:end -->";

    private static readonly Lazy<string> Example = new(() => MarkdownReports.Fix(ExamplePath));

    private static readonly Lazy<(string Report, Diagram Diagram)> Large = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "ironclad-large-" + Environment.ProcessId + ".yaml");
        var template = CfnTemplate.From(TemplateDocument.Parse(path, TemplateGenerator.Large(5000)));
        var options = Hardener.ForFile(new HardeningOptions(), path);
        var plan = Hardener.Plan(template, options);
        var hardened = Core.Costing.HardeningCost.Hardened(template, plan);
        var diagram = ArchitectureDiagram.Build(hardened, plan.AddedResources.Select(a => a.LogicalId).ToHashSet(StringComparer.Ordinal), plan.ChangedResources.Select(c => c.LogicalId).ToHashSet(StringComparer.Ordinal));
        return (MarkdownReports.Fix(template, path), diagram);
    });

    public static TheoryData<string> Fixtures()
    {
        var names = new TheoryData<string>();
        foreach (var name in FixtureNames())
        {
            names.Add(name);
        }

        return names;
    }

    private static IEnumerable<string> FixtureNames() =>
        Directory.GetFiles(Path.Combine(Repository.Root, FixtureFolder), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Should_Match_The_Golden_Report(string name)
    {
        var actual = MarkdownReports.Fix($"{FixtureFolder}/{name}.yaml");
        var golden = Path.Combine(Repository.Root, FixtureFolder, name + ".md");
        var actualPath = Path.Combine(Repository.Root, FixtureFolder, name + ".actual.md");
        var expected = File.Exists(golden) ? File.ReadAllText(golden) : "";
        if (expected != actual)
        {
            File.WriteAllText(actualPath, actual, new UTF8Encoding(false));
        }
        else if (File.Exists(actualPath))
        {
            File.Delete(actualPath);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Should_Keep_The_Example_Report_And_The_README_Diagram_In_Sync()
    {
        var docPath = Path.Combine(Repository.Root, ExampleDoc);
        var readmePath = Path.Combine(Repository.Root, "README.md");
        var readme = File.ReadAllText(readmePath);
        var start = readme.IndexOf(DiagramStart, StringComparison.Ordinal);
        var end = readme.IndexOf(DiagramEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {DiagramStart} ... {DiagramEnd} block");
        var embedded = "\n" + CommentSections.Mermaid(MarkdownReports.Diagrams(Example.Value)[0]);
        var synced = readme[..(start + DiagramStart.Length)] + embedded + readme[end..];
        if (Environment.GetEnvironmentVariable("IRONCLAD_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(docPath, Example.Value, new UTF8Encoding(false));
            File.WriteAllText(readmePath, synced, new UTF8Encoding(false));
        }

        const string Update = "run IRONCLAD_UPDATE_DOCS=1 dotnet test --filter MarkdownReportTests, and look at the diff";
        Assert.True(File.ReadAllText(docPath) == Example.Value, $"{ExampleDoc} is stale: {Update}");
        Assert.True(File.ReadAllText(readmePath) == synced, $"README.md's example diagram is stale: {Update}");
    }

    [Fact]
    public void Should_Report_The_Example_As_A_Reviewer_Reads_It()
    {
        var report = Example.Value;
        Assert.StartsWith(FixMarkdownReport.Marker + "\n## ironclad fix `examples/prechat/template.yaml`\n\n**165 findings: 162 fixed, 1 declined with a suppression, 2 left for you.** 52 resources added, 44 changed.", report, StringComparison.Ordinal);
        var flowchart = MarkdownReports.Diagrams(report)[0];

        // The 35 functions the fix put in the VPC share one configuration, so they are one node in the VPC.
        Assert.Contains("    subgraph area_VPC_functions[\"Functions\"]\n      n12_CreateSessionFunction[\"35 functions<br/>CreateSessionFunction, GetSessionFunction, UpdateSessionFunction and 32 more\"]\n    end\n", flowchart, StringComparison.Ordinal);
        Assert.Contains("  n1_PrivateSubnet1 -->|\"default route\"| n4_NatGateway1\n", flowchart, StringComparison.Ordinal);
        Assert.Contains("  n17_DynamoDBKMSKey -->|\"encrypts\"| n18_SessionsTable\n", flowchart, StringComparison.Ordinal);
        Assert.Contains("  n20_WebsiteBucket -->|\"replicates to\"| n23_FailoverBucket\n", flowchart, StringComparison.Ordinal);
        Assert.Contains("  n26_WebsiteDistribution -->|\"access logs\"| n22_AccessLoggingBucket\n", flowchart, StringComparison.Ordinal);
        Assert.Contains("  n25_AlarmTopic -->|\"delivers to\"| n29_AlarmTopicEmailSubscription\n", flowchart, StringComparison.Ordinal);
        Assert.Contains("pie showData title Monthly cost, USD (us-east-1, total $138.26)\n  \"NAT gateway with its public IPv4 address\" : 73.00\n", report, StringComparison.Ordinal);
        Assert.Contains("### Deploy\n\n```sh\nsam build && sam deploy ", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Parse_Every_Generated_Diagram_With_Mermaids_Own_Parser()
    {
        var reports = new List<(string Name, string Markdown)> { ("example", Example.Value), ("large", Large.Value.Report), ("example-cut", MarkdownReports.Fix(ExamplePath, 9_000)) };
        reports.AddRange(FixtureNames().Select(name => (name, MarkdownReports.Fix($"{FixtureFolder}/{name}.yaml"))));
        var (costExit, cost, _) = CliRunner.Run("cost", Path.Combine(Repository.Root, ExamplePath), "--format", "markdown");
        Assert.Equal(0, costExit);
        reports.Add(("cost", cost));
        var diagrams = reports.SelectMany(r => MarkdownReports.Diagrams(r.Markdown).Select((d, i) => ($"{r.Name}-{i}", d))).ToList();
        Assert.Contains(diagrams, d => d.Item1 == "hostile-labels-0");
        Assert.Contains(diagrams, d => d.Item1 == "cost-1");

        var (exit, output) = MermaidChecker.Check(diagrams);

        Assert.True(exit == 0, output);
        Assert.EndsWith($"{diagrams.Count} diagrams, 0 failed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Reject_A_Diagram_GitHub_Would_Not_Render()
    {
        // An unescaped quote ends the label early; an arrow to nothing is not a statement.
        var (exit, output) = MermaidChecker.Check([("good", "flowchart LR\n  a[\"a #quot;b#quot;\"] --> b\n"), ("bad", "flowchart LR\n  a[\"a \"b\"\"] --> \n")]);

        Assert.Equal(1, exit);
        Assert.Contains("ok good.mmd (flowchart-v2)\n", output, StringComparison.Ordinal);
        Assert.Contains("FAIL bad.mmd: Parse error on line 4: | ...  a[\"a \"b\"\"] -->  | ", output, StringComparison.Ordinal);
        Assert.EndsWith("2 diagrams, 1 failed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Keep_A_5000_Resource_Template_Readable_And_Under_The_Comment_Limit()
    {
        var (report, diagram) = Large.Value;

        Assert.InRange(report.Length, 1, CommentSections.GitHubLimit);
        Assert.InRange(diagram.Nodes, 1, 300);
        Assert.Contains($"({diagram.Nodes} nodes)", report, StringComparison.Ordinal);

        // 2,000 functions of one configuration are one node, not 2,000.
        Assert.Contains("[\"2000 functions<br/>Function00000, Function00001, Function00005 and 1997 more\"]", diagram.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Leave_Out_Whole_Sections_Rather_Than_Pass_The_Limit()
    {
        var report = MarkdownReports.Fix(ExamplePath, 9_000);

        Assert.InRange(report.Length, 1, 9_000);
        Assert.Contains("### Findings by rule\n", report, StringComparison.Ordinal);
        Assert.Contains("### Deploy\n", report, StringComparison.Ordinal);
        Assert.Contains("### Resources added (52)\n\n_Left out: the comment would pass GitHub's 9,000-character limit; run `ironclad fix examples/prechat/template.yaml` for it._\n", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a \"b\" [c]", "a #quot;b#quot; [c]")]
    [InlineData("x#1 <b>&</b>; `y` {z} |w| \\", "x#35;1 #60;b#62;#38;#60;/b#62;#59; #96;y#96; #123;z#125; #124;w#124; #92;")]
    [InlineData("line\nbreak", "line break")]
    public void Should_Escape_Mermaid_Labels(string text, string expected) => Assert.Equal(expected, MermaidText.Label(text));

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("*.cloudfront.net <origin> & CKV_AWS_1 _x_ [x](y)", "\\*.cloudfront.net &lt;origin&gt; &amp; CKV_AWS_1 \\_x\\_ \\[x\\](y)")]
    public void Should_Escape_Markdown_Text(string text, string expected) => Assert.Equal(expected, MarkdownText.Escape(text));

    [Fact]
    public void Should_Print_Fix_Markdown_From_The_Command_Line()
    {
        var path = Path.Combine(Repository.Root, FixtureFolder, "function-table-bucket.yaml");

        var (exit, output, error) = CliRunner.Run("fix", path, "--format", "markdown");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(MarkdownReports.Fix(CfnTemplate.From(TemplateDocument.Parse(path, File.ReadAllText(path))), path), output);
    }

    [Fact]
    public void Should_Report_Verify_Results_As_Passed_Failed_And_Drifted()
    {
        var rule = RuleCatalog.All.First(r => r.Descriptor.Id == "IC2001").Descriptor;
        static LiveLocation Live(string physical, bool drift) => new("123456789012", "eu-west-1", "shop", physical, drift);
        ScanResult Result(ResultStatus status, string resource, string message, bool drift) =>
            new(rule, status, "stack shop", resource, "AWS::DynamoDB::Table", 1, 1, message) { Live = Live(resource.ToLowerInvariant(), drift) };
        var report = new ScanReport(
            [Result(ResultStatus.Pass, "Orders", "ok", false), Result(ResultStatus.Fail, "Carts", "no | key", false), Result(ResultStatus.Fail, "Users", "drifted <key>", true)],
            [],
            [rule],
            1)
        { Subject = "stack" };
        using var output = new StringWriter();

        ReportWriters.Write(ReportFormat.Markdown, report, output, new ReportContext("test"));

        Assert.Equal(
            $"""
            <!-- ironclad-verify -->
            ## ironclad verify: 1 stack

            **1 passed, 2 failed (1 drifted from the template), 0 not known, 0 suppressed, 0 errors.**

            ### Checks by rule

            | Rule | Check | Passed | Failed | Drifted | Not known |
            |---|---|--:|--:|--:|--:|
            | {rule.DisplayId} | {MarkdownText.Escape(rule.CountLabel)} | 1 | 2 | 1 | 0 |

            ### Failed

            | Stack | Resource | Rule | Finding |
            |---|---|---|---|
            | shop (123456789012, eu-west-1) | Carts (carts) | {rule.DisplayId} | no \| key |

            ### Drifted from the template

            The template asks for these; the deployed resource does not have them (changed outside CloudFormation, or not deployed yet).

            | Stack | Resource | Rule | Finding |
            |---|---|---|---|
            | shop (123456789012, eu-west-1) | Users (users) | {rule.DisplayId} | drifted &lt;key&gt; |

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            output.ToString());
    }

    [Fact]
    public void Should_Offer_Markdown_In_The_Help_Of_Fix_Cost_And_Verify()
    {
        foreach (var command in new[] { "fix", "cost", "verify" })
        {
            var (exit, output, _) = CliRunner.Run(command, "--help");
            Assert.Equal(0, exit);
            Assert.Matches(MarkdownFormat(), output);
        }
    }

    [GeneratedRegex(@"--format <[a-z|]*markdown[a-z|]*>")]
    private static partial Regex MarkdownFormat();
}
