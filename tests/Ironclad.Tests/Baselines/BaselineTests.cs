using Ironclad.Core.Baselines;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Tests.Baselines;

/// <summary>The matching rules of <see cref="Baseline"/>, on reports built by hand.</summary>
public class BaselineTests
{
    private static readonly RuleDescriptor Concurrency = RuleCatalog.Find("IC1001")!.Descriptor;
    private static readonly RuleDescriptor DeadLetter = RuleCatalog.Find("IC1002")!.Descriptor;
    private static readonly BaselinePaths Paths = new("/repo", "/repo");

    private static ScanResult Fail(RuleDescriptor rule, string file, string resource, int line) =>
        new(rule, ResultStatus.Fail, file, resource, "AWS::Lambda::Function", line, 3, "not set");

    private static ScanReport Report(params ScanResult[] results) => new(results, [], [Concurrency, DeadLetter], 1);

    private static BaselineScope Scope(params string[] files) => new(new HashSet<string> { "IC1001", "IC1002" }, files.ToHashSet(), Strict: false);

    [Fact]
    public void Matching_Counts_One_Accepted_Finding_Excuses_One_Finding()
    {
        var baseline = new Baseline([new BaselineEntry("IC1001", "t.yaml", "Fn")], "0.1.0");

        var comparison = baseline.Compare(Report(Fail(Concurrency, "t.yaml", "Fn", 4), Fail(Concurrency, "t.yaml", "Fn", 9)), Paths, Scope("t.yaml"));

        Assert.Equal([true, false], comparison.Report.Results.Select(r => r.Baselined));
        Assert.Equal((1, 1), (comparison.Baselined, comparison.New));
        Assert.Empty(comparison.Resolved);
    }

    [Fact]
    public void An_Entry_Counted_Twice_Resolves_Once_When_One_Finding_Remains()
    {
        var baseline = new Baseline([new BaselineEntry("IC1001", "t.yaml", "Fn", Count: 2)], "0.1.0");

        var comparison = baseline.Compare(Report(Fail(Concurrency, "t.yaml", "Fn", 4)), Paths, Scope("t.yaml"));

        Assert.Equal(new BaselineEntry("IC1001", "t.yaml", "Fn", 1), Assert.Single(comparison.Resolved));
    }

    [Fact]
    public void Matching_Ignores_Lines_But_Not_Rule_File_Or_Resource()
    {
        var baseline = new Baseline([new BaselineEntry("IC1001", "t.yaml", "Fn")], "0.1.0");

        var comparison = baseline.Compare(
            Report(Fail(Concurrency, "t.yaml", "Fn", 400), Fail(DeadLetter, "t.yaml", "Fn", 4), Fail(Concurrency, "u.yaml", "Fn", 4), Fail(Concurrency, "t.yaml", "Other", 4)),
            Paths,
            Scope("t.yaml", "u.yaml"));

        Assert.Equal([true, false, false, false], comparison.Report.Results.Select(r => r.Baselined));
    }

    [Fact]
    public void A_Rule_Named_By_Its_Checkov_Alias_Matches()
    {
        var baseline = new Baseline([new BaselineEntry("CKV_AWS_115", "t.yaml", "Fn")], "0.1.0");

        var comparison = baseline.Compare(Report(Fail(Concurrency, "t.yaml", "Fn", 4)), Paths, Scope("t.yaml"));

        Assert.True(Assert.Single(comparison.Report.Results).Baselined);
    }

    [Fact]
    public void Entries_For_Files_Not_Scanned_Or_Rules_Not_Run_Are_Not_Resolved()
    {
        var baseline = new Baseline(
            [new BaselineEntry("IC1001", "elsewhere.yaml", "Fn"), new BaselineEntry("IC3001", "t.yaml", "Bucket"), new BaselineEntry("IC1002", "t.yaml", "Fn")],
            "0.1.0");

        var comparison = baseline.Compare(Report(), Paths, Scope("t.yaml"));

        Assert.Equal(new BaselineEntry("IC1002", "t.yaml", "Fn"), Assert.Single(comparison.Resolved));
    }

    [Fact]
    public void Unknown_Results_Are_Findings_Only_When_Strict()
    {
        var unknown = Fail(Concurrency, "t.yaml", "Fn", 4) with { Status = ResultStatus.Unknown };

        Assert.Empty(Baseline.Create(Report(unknown), Paths, strict: false, "0.1.0").Findings);
        Assert.Single(Baseline.Create(Report(unknown), Paths, strict: true, "0.1.0").Findings);
    }

    [Fact]
    public void Files_Are_Named_Relative_To_The_Baseline_Whatever_The_Working_Directory()
    {
        Assert.Equal("app/t.yaml", new BaselinePaths("/repo", "/repo").Key("app/t.yaml"));
        Assert.Equal("app/t.yaml", new BaselinePaths("/repo", "/repo/app").Key("t.yaml"));
        Assert.Equal("app/t.yaml", new BaselinePaths("/repo", "/elsewhere").Key("/repo/app/t.yaml"));
        Assert.Equal("../t.yaml", new BaselinePaths("/repo/ci", "/repo").Key("t.yaml"));
    }

    [Fact]
    public void Written_Baselines_Read_Back_Equal_And_Repeated_Entries_Merge()
    {
        var baseline = new Baseline(
            [new BaselineEntry("IC1002", "b.yaml", "Fn"), new BaselineEntry("IC1001", "a.yaml", "Zed"), new BaselineEntry("IC1001", "a.yaml", "Alpha"), new BaselineEntry("IC1002", "b.yaml", "Fn")],
            "1.2.3");
        using var text = new StringWriter();
        baseline.Write(text);

        var read = Baseline.Parse(text.ToString());

        Assert.Equal(
            [new BaselineEntry("IC1001", "a.yaml", "Alpha"), new BaselineEntry("IC1001", "a.yaml", "Zed"), new BaselineEntry("IC1002", "b.yaml", "Fn", 2)],
            read.Findings);
        Assert.Equal("1.2.3", read.ToolVersion);
        Assert.Contains("\"count\": 2", text.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("}\n", text.ToString(), StringComparison.Ordinal);
    }
}
