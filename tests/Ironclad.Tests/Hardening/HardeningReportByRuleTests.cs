using System.Text;
using CsCheck;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// The report's count line and "Changes by rule", built in one pass over the plan, must say what the per-rule searches
/// of the whole plan said: for each rule of the findings, how many were fixed, the changes to existing resources that
/// fix one of them grouped by path and summary (the first four targets, each once, and how many more), and the
/// resources added for it.
/// </summary>
public class HardeningReportByRuleTests
{
    private static readonly RuleDescriptor[] Rules = [.. RuleCatalog.All.Take(3).Select(r => r.Descriptor)];

    [Fact]
    public void Random_Plans_Give_The_Sections_Of_A_Search_Per_Rule()
    {
        // Small pools of rules, targets, paths and summaries, so that changes share groups, a target comes back in its
        // group, and groups pass the four targets the report names; "X" is a rule no finding has.
        var ruleIds = Gen.Int[0, Rules.Length];
        var fix = Gen.Select(ruleIds, Gen.Int[0, 3]);
        var change = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1], Gen.Int[0, 1], fix.List[0, 4], Gen.Int[0, 5]);
        var added = Gen.Select(Gen.Int[0, 9], fix.List[0, 3]);
        var finding = Gen.Select(Gen.Int[0, Rules.Length - 1], Gen.Int[0, 3], Gen.Int[0, 9]);
        Gen.Select(finding.List[0, 12], change.List[0, 40], added.List[0, 6])
            .Sample((findings, changes, additions) =>
            {
                var plan = Plan(findings, changes, additions);
                var report = HardeningReport.Text(plan);
                Assert.Equal(Expected(plan), report[..report.IndexOf("\nResources added", StringComparison.Ordinal)]);
            });
    }

    private static FindingRef Ref(int rule, int resource) =>
        rule == Rules.Length ? new FindingRef("X", "X", $"R{resource}") : new FindingRef(Rules[rule].Id, Rules[rule].DisplayId, $"R{resource}");

    /// <summary>A plan of the findings, changes and added resources drawn; a finding's third number declines it (1) or leaves it (2).</summary>
    private static HardeningPlan Plan(
        List<(int Rule, int Resource, int Outcome)> findings,
        List<(int Target, int Path, int Summary, List<(int Rule, int Resource)> Fixes, int NewResource)> changes,
        List<(int Id, List<(int Rule, int Resource)> Fixes)> additions)
    {
        var results = findings.Select(f => new ScanResult(Rules[f.Rule], ResultStatus.Fail, "t.yaml", $"R{f.Resource}", "AWS::S3::Bucket", 1, 1, "m")).ToList();
        return new HardeningPlan("t.yaml", "x", [new TextEdit(0, 1, "y")])
        {
            Findings = results,
            Changes = [.. changes.Select(c => new PlannedChange($"T{c.Target}", "AWS::S3::Bucket", $"P{c.Path}", $"S{c.Summary}", [.. c.Fixes.Select(f => Ref(f.Rule, f.Resource))], c.NewResource == 0))],
            AddedResources = [.. additions.Select(a => new AddedResource($"A{a.Id}", "AWS::SQS::Queue", new Dictionary<string, string>(), [.. a.Fixes.Select(f => Ref(f.Rule, f.Resource))], null))],
            Declined = [.. findings.Where(f => f.Outcome == 1).Select(f => new DeclinedFix(Ref(f.Rule, f.Resource), "r", "d")).Distinct()],
            Unfixed = [.. findings.Where(f => f.Outcome == 2).Select(f => new UnfixedFinding(Ref(f.Rule, f.Resource), "r")).Distinct()],
        };
    }

    /// <summary>The count line and "Changes by rule" as a search per rule writes them.</summary>
    private static string Expected(HardeningPlan plan)
    {
        var text = new StringBuilder();
        var refs = plan.Findings.Select(PlanContext.Ref).ToList();
        var declined = refs.Count(r => plan.Outcome(r) == "declined");
        var unfixed = refs.Count(r => plan.Outcome(r) == "unfixed");
        text.Append($"ironclad fix {plan.Path}: {refs.Count} findings, {refs.Count - declined - unfixed} fixed, {declined} declined with a suppression, {unfixed} left unfixed\n");
        text.Append("\nChanges by rule\n");
        foreach (var rule in plan.Findings.GroupBy(f => f.Rule.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var descriptor = rule.First().Rule;
            var fixedCount = rule.Count(f => plan.Outcome(PlanContext.Ref(f)) == "fixed");
            text.Append($"  {descriptor.DisplayId} ({descriptor.Id}) {descriptor.CountLabel}: {fixedCount} of {rule.Count()} fixed\n");
            foreach (var group in plan.Changes.Where(c => !c.IsNewResource && c.Fixes.Any(f => f.RuleId == rule.Key)).GroupBy(c => (c.Path, c.Summary)))
            {
                var targets = group.Select(c => c.Target).Distinct().ToList();
                text.Append("    ").AppendJoin(", ", targets.Take(4));
                if (targets.Count > 4)
                {
                    text.Append($" and {targets.Count - 4} more");
                }

                text.Append($"  {group.Key.Path}: {group.Key.Summary}\n");
            }

            var added = plan.AddedResources.Where(a => a.Fixes.Any(f => f.RuleId == rule.Key)).Select(a => a.LogicalId).ToList();
            if (added.Count > 0)
            {
                text.Append("    new: ").AppendJoin(", ", added).Append('\n');
            }
        }

        return text.ToString();
    }
}
