using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// The post-conditions <c>fix</c> holds its output to before anything is written: it parses, the re-scan finds no
/// failure the plan claims to have fixed, a second fix changes nothing, and the deployability rules find nothing the
/// input did not already have. The output is parsed once; the second plan's scan is the re-scan.
/// </summary>
public static class SelfChecks
{
    public static FixResult Verify(CfnTemplate input, HardeningPlan plan, HardeningOptions options) =>
        Verify(input, plan, options, static _ => 0).Result;

    /// <summary>
    /// <see cref="Verify(CfnTemplate, HardeningPlan, HardeningOptions)"/>, with <paramref name="alongside"/> run on another
    /// core meanwhile: the work that reads the result but does not decide whether it may be written (the diff and the
    /// report, which need only the plan, then the cost line, which needs the parsed output). It starts with the plan; the
    /// task it is given completes with the result once the output has re-parsed and the second plan's scan has evaluated
    /// its facts (cancelled if either failed), while the rest of the second plan still checks it. Its value is returned only when every check passed; when one fails, the check's
    /// exception is thrown and the value dropped, so nothing built from an unchecked output escapes.
    /// </summary>
    public static (FixResult Result, T Alongside) Verify<T>(CfnTemplate input, HardeningPlan plan, HardeningOptions options, Func<Task<FixResult>, T> alongside)
    {
        var parsed = new TaskCompletionSource<FixResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The alongside work reads the two templates, the plan and the two templates' facts. The facts are shared: the
        // second plan's scan evaluates the output's, and the alongside work is given them only once that scan is done,
        // so that it prices from evaluations already made instead of repeating them on the other core; what it still
        // evaluates meanwhile goes through the facts' thread-safe caches.
        var meanwhile = Task.Run(() => alongside(parsed.Task));
        try
        {
            var result = Reparse(input, plan);
            if (plan.IsEmpty)
            {
                parsed.SetResult(result);
            }
            else
            {
                var facts = Hardener.Facts(result.Fixed, options);
                result = result with { FixedFacts = facts };
                Check(input, plan, result.Fixed, options, facts, () => parsed.SetResult(result));
            }

            return (result, WaitFor(meanwhile).GetAwaiter().GetResult());
        }
        finally
        {
            // Nothing of this call outlives it, whichever check failed; a result that never came cancels the wait for it.
            parsed.TrySetCanceled();
            WaitFor(meanwhile);
        }
    }

    /// <summary>How messages name the output: never as the user's file, whose lines differ.</summary>
    public static string OutputName(string inputPath) => $"<fixed output of {inputPath.Replace('\\', '/')}>";

    /// <summary>Waits for a task without throwing its exception (the caller decides whether it matters).</summary>
    private static Task<T> WaitFor<T>(Task<T> task)
    {
        Task.WaitAny(task);
        return task;
    }

    /// <summary>The output, applied and parsed again: the re-parse check.</summary>
    private static FixResult Reparse(CfnTemplate input, HardeningPlan plan)
    {
        var output = plan.Apply();
        var name = OutputName(input.Document.Path);
        try
        {
            return new FixResult(input, plan, output, CfnTemplate.From(TemplateDocument.Parse(name, output)));
        }
        catch (TemplateLoadException ex)
        {
            throw new SelfCheckException(SelfCheck.Reparse, name, ex.Position, ex.Message);
        }
    }

    /// <summary>The re-scan, idempotence and deployability checks, through one second plan of the output.</summary>
    /// <param name="scanned">Called once the second plan's scan has evaluated <paramref name="facts"/>.</param>
    private static void Check(CfnTemplate input, HardeningPlan plan, CfnTemplate fixedTemplate, HardeningOptions options, TemplateFacts facts, Action scanned)
    {
        var name = OutputName(input.Document.Path);
        var second = Hardener.Plan(fixedTemplate, options, facts, scanned);
        // What the plan claims: findings its changes answer, less those it reports as left unfixed or declined.
        var claimed = plan.Answered.Select(f => (f.RuleId, f.Resource)).ToHashSet();
        claimed.ExceptWith(plan.Unfixed.Select(u => (u.Finding.RuleId, u.Finding.Resource)));
        claimed.ExceptWith(plan.Declined.Select(d => (d.Finding.RuleId, d.Finding.Resource)));
        if (second.Findings.FirstOrDefault(f => claimed.Contains((f.Rule.Id, f.Resource))) is { } unfixed)
        {
            throw new SelfCheckException(
                SelfCheck.Rescan,
                name,
                new SourcePosition(unfixed.Line, unfixed.Column, 0),
                $"{unfixed.Rule.DisplayId} still fails on {unfixed.Resource}, which the plan says it fixed: {unfixed.Message}");
        }

        if (second.Edits.Count > 0)
        {
            var change = second.Changes.Count > 0 ? second.Changes[0] : null;
            var what = change is null ? "" : $": {change.Target} {change.Path} ({change.Summary})";
            throw new SelfCheckException(SelfCheck.Idempotence, name, fixedTemplate.Document.Lines.At(second.Edits[0].Start), "a second fix would change it again" + what);
        }

        var (before, after) = DeployabilityFailures(input, plan, fixedTemplate, second, options);
        if (after.FirstOrDefault(f => !before.Contains((f.Rule.Id, f.Resource))) is { } broken)
        {
            throw new SelfCheckException(
                SelfCheck.Deployability,
                name,
                new SourcePosition(broken.Line, broken.Column, 0),
                $"{broken.Rule.Id} {broken.Rule.Title.ToLowerInvariant()} fails on {broken.Resource}, which the input passed: {broken.Message}");
        }
    }

    /// <summary>
    /// The deployability failures of input and output. The plans scanned both already when their rules included the
    /// whole family; otherwise (a narrowed rule set, --only, --skip) the family is scanned on its own.
    /// </summary>
    private static (HashSet<(string, string)> Before, IReadOnlyList<ScanResult> After) DeployabilityFailures(
        CfnTemplate input, HardeningPlan plan, CfnTemplate output, HardeningPlan second, HardeningOptions options)
    {
        var family = RuleCatalog.Deployability;
        if (options.Only.Count == 0 && options.Skip.Count == 0 && family.All(options.Rules.Contains))
        {
            var ids = family.Select(r => r.Descriptor.Id).ToHashSet(StringComparer.Ordinal);
            return (
                plan.Findings.Where(f => ids.Contains(f.Rule.Id)).Select(f => (f.Rule.Id, f.Resource)).ToHashSet(),
                second.Findings.Where(f => ids.Contains(f.Rule.Id)).ToList());
        }

        var scanner = new Scanner(family, new ScanOptions { Parameters = options.Parameters });
        var before = scanner.Scan(input, input.Document.Path).Results.Where(r => r.Status == ResultStatus.Fail).Select(r => (r.Rule.Id, r.Resource)).ToHashSet();
        var after = scanner.Scan(output, output.Document.Path).Results.Where(r => r.Status == ResultStatus.Fail).ToList();
        return (before, after);
    }
}
