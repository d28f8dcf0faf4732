using Ironclad.Core.Data;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// The checks every fixed template must pass (golden cases, the hand-written and the public corpus,
/// and the example): fix's own self-checks pass, the re-scan finds nothing but what is written down as left
/// (Fixtures/expected-left.txt), a second fix changes nothing, cfn-lint finds no error the input did not have, the SAM
/// transform accepts it as it accepts every SAM input, the deployability rules find nothing new, every
/// input line is still there in order unless its value had to change, and no edit touches a
/// create-only property. The public templates that are invalid upstream are refused in one line.
/// </summary>
public class FixChecksTests
{
    public static IEnumerable<object[]> Cases => FixSuite.Names();

    public static IEnumerable<object[]> SamCases => FixSuite.SamNames();

    public static IEnumerable<object[]> Unreadable => FixSuite.UnreadablePublicTemplates.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Plan_Without_Crashing(string name)
    {
        var outcome = FixSuite.Instance[name];

        Assert.Null(outcome.Error);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Rescan_Clean_Except_What_Is_Expected_Left(string name)
    {
        var outcome = Completed(name);

        // What may still fail is written down per template (ExpectedLeftTests), not taken from the plan's own word.
        var left = ExpectedLeftTests.Unfixed(name);

        var failing = outcome.Rescan.Where(r => r.Status == ResultStatus.Fail).Select(r => (r.Rule.Id, r.Resource)).ToHashSet();

        Assert.Empty(failing.Except(left));
        var declined = outcome.Plan!.Declined.Select(d => (d.Finding.RuleId, d.Finding.Resource));
        Assert.All(declined, d => Assert.Contains(outcome.Rescan, r => (r.Rule.Id, r.Resource) == d && r.Status == ResultStatus.Suppressed));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Change_Nothing_The_Second_Time(string name)
    {
        var outcome = Completed(name);

        Assert.Empty(outcome.Second!.Edits);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Keep_Every_Input_Line_In_Order_Unless_Its_Value_Changed(string name)
    {
        var outcome = Completed(name);
        var edits = outcome.Plan!.Edits;
        var lineStarts = LineStarts(outcome.Input);

        // A line may change only where a value on it was replaced, or where a flow collection on it
        // (JSON, YAML {...}) received new entries in place, JSON's separating comma included; the edits
        // themselves never remove text.
        foreach (var line in LineDiff.Compare(outcome.Input, outcome.Output).Where(l => l.Kind == LineDiff.Kind.Removed))
        {
            var start = lineStarts[line.OldNumber - 1];
            var end = line.OldNumber < lineStarts.Count ? lineStarts[line.OldNumber] - 1 : outcome.Input.Length;
            var replaced = edits.Any(e => !e.IsInsertion && e.Start < end && e.End >= start);
            var inserted = edits.Any(e => e.IsInsertion && e.Start > start && e.Start <= end);
            Assert.True(replaced || inserted, $"line {line.OldNumber} '{line.Text}' was changed but no value on it was replaced or extended");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Trace_Every_Change_To_A_Finding_It_Fixes(string name)
    {
        var outcome = Completed(name);
        var findings = outcome.Plan!.Findings.Select(f => (f.Rule.Id, f.Resource)).ToHashSet();

        Assert.All(outcome.Plan.Changes, c =>
        {
            Assert.True(c.Fixes.Count > 0, $"{c.Target} {c.Path} ({c.Summary}) is traced to no finding");
            Assert.All(c.Fixes, f => Assert.Contains((f.RuleId, f.Resource), findings));
        });
        Assert.All(outcome.Plan.AddedResources, r => Assert.NotEmpty(r.Fixes));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Not_Touch_Create_Only_Properties(string name)
    {
        var outcome = Completed(name);
        var converted = outcome.Plan!.Changes.Where(c => c.Path == "Type").Select(c => c.Target).ToHashSet();

        foreach (var change in outcome.Plan.Changes.Where(c => !c.IsNewResource && c.Path.StartsWith("Properties", StringComparison.Ordinal) && !converted.Contains(c.Target)))
        {
            Assert.False(
                CreateOnlyProperties.Touches(change.TargetType, PlanPath(change.Path)) && !CreateOnlyProperties.IsReplacedWithoutLoss(change.TargetType),
                $"{change.Target} ({change.TargetType}) {change.Path} is create-only");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Pass_Its_Own_Self_Checks(string name)
    {
        var outcome = Completed(name);

        Assert.True(outcome.SelfCheck is null, outcome.SelfCheck?.Message);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Add_No_Deployability_Finding(string name)
    {
        var outcome = Completed(name);
        var scanner = new Scanner(RuleCatalog.Deployability, new ScanOptions { Parameters = outcome.Case.Options.Parameters });

        var before = scanner.Scan(TestTemplates.Parse(outcome.Input, outcome.Case.InputPath), "input").Results
            .Where(r => r.Status == ResultStatus.Fail).Select(r => (r.Rule.Id, r.Resource)).ToHashSet();
        var added = scanner.Scan(TestTemplates.Parse(outcome.Output, outcome.Case.InputPath), "output").Results
            .Where(r => r.Status == ResultStatus.Fail && !before.Contains((r.Rule.Id, r.Resource)))
            .Select(r => $"{r.Rule.Id} {r.Resource} at {r.Line}:{r.Column}: {r.Message}");

        Assert.Empty(added);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Add_No_Lint_Error(string name)
    {
        var outcome = Completed(name);
        var lint = FixSuite.Instance.Lint;

        Assert.True(lint is not null, "cfn-lint is not installed: the acceptance check cannot run (pip install cfn-lint)");

        Assert.Empty(lint[outcome.OutputCopy].Except(lint[outcome.InputCopy]));
    }

    /// <summary>
    /// The translator is given each input as <c>sam package</c> would (code and image locations filled in, dates read as
    /// CloudFormation reads them), so every SAM input of the suite must pass it: an input it rejects fails here rather
    /// than excuse its output, which would then go unchecked.
    /// </summary>
    [Theory]
    [MemberData(nameof(SamCases))]
    public void Should_Be_Accepted_By_The_Sam_Transform_As_Its_Input_Is(string name)
    {
        var outcome = Completed(name);
        var sam = FixSuite.Instance.Sam;

        Assert.True(sam is not null, "python3 with samtranslator is not installed: the acceptance check cannot run (pip install aws-sam-translator)");

        Assert.True(sam[outcome.InputCopy].Count == 0, $"the SAM translator rejects the input itself, so its output cannot be judged: {string.Join("; ", sam[outcome.InputCopy])}");
        Assert.Empty(sam[outcome.OutputCopy]);
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void Should_Refuse_An_Unreadable_Public_Template_With_One_Line_And_Exit_2(string file)
    {
        var path = Path.Combine(FixSuite.FixturesFolder, "PublicCorpus", file);

        var (exit, stdout, stderr) = Cli.CliRunner.Run("fix", path);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:[0-9]+:[0-9]+: [^\n]+\n$", stderr.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static FixOutcome Completed(string name)
    {
        var outcome = FixSuite.Instance[name];
        Assert.Null(outcome.Error);
        return outcome;
    }

    private static List<string> PlanPath(string tracePath) =>
        tracePath.Split('.').Skip(1).Select(p => p.Split('[')[0]).ToList();

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }
}
