using System.Diagnostics;
using System.Globalization;
using Ironclad.Core.Costing;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Benchmarks;

/// <summary>
/// `phases [N]`: the steps of one `fix` of the generated N-resource template timed one by one, each with the bytes it
/// allocated on every thread (a large template's scan runs on pool threads too), to see where the end-to-end benchmark's
/// time goes (BenchmarkDotNet times only the whole). Runs the sequence ten times and prints the median of the last eight for each step, so the first runs' JIT is
/// not counted and a collection that lands in one step of one run does not decide the figure.
/// </summary>
public static class Phases
{
    public static void Run(int resources)
    {
        var text = TemplateGenerator.Large(resources);
        var options = new HardeningOptions();
        var timings = new List<(string Phase, double Ms, long Bytes)>();
        var totals = new List<(double Ms, int Gen0, int Gen2)>();
        for (var run = 0; run < 10; run++)
        {
            T Time<T>(string phase, Func<T> work)
            {
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var value = work();
                timings.Add((phase, clock.Elapsed.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - bytes));
                return value;
            }

            var gen0 = GC.CollectionCount(0);
            var gen2 = GC.CollectionCount(2);
            var total = Stopwatch.StartNew();
            var input = Time("parse input", () => CfnTemplate.From(TemplateDocument.Parse("template.yaml", text)));
            var plan = Time("first plan", () => Hardener.Plan(input, options));
            var output = Time("apply", plan.Apply);
            var parsed = Time("re-parse output", () => CfnTemplate.From(TemplateDocument.Parse("out.yaml", output)));
            // As the self-check does it: the second plan evaluates the output's facts, which the cost line then prices from.
            var facts = Hardener.Facts(parsed, options);
            Time("second plan", () => Hardener.Plan(parsed, options, facts, scanned: null));
            Time("diff", () => LineDiff.Unified(plan.OriginalText, plan.Edits, "a/template.yaml", "b/template.yaml").Length);
            Time("report", () => HardeningReport.Text(plan).Length);
            Time("cost line", () => HardeningCost.TotalLine(new FixResult(input, plan, output, parsed) { FixedFacts = facts }, options).Length);
            if (run < 2)
            {
                timings.Clear();
                continue;
            }

            totals.Add((total.Elapsed.TotalMilliseconds, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2));
        }

        EndToEnd(text);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{resources} resources, median of {totals.Count} runs: {Median(totals.Select(t => t.Ms)):F0} ms sequential, gen0 {Median(totals.Select(t => (double)t.Gen0)):F0}, gen2 {Median(totals.Select(t => (double)t.Gen2)):F0} per run"));
        foreach (var phase in timings.GroupBy(t => t.Phase))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase.Key,-16} {Median(phase.Select(t => t.Ms)),8:F0} ms {phase.First().Bytes / 1e6,8:F1} MB"));
        }
    }

    /// <summary>
    /// `allocs [N]`: the bytes each step of one fix allocates, by type, sampled by the runtime's allocation events (one
    /// event per ~100 KB), summed over three fixes after two warm-up ones: what to shrink when the collector's pauses
    /// dominate.
    /// </summary>
    public static void Allocations(int resources)
    {
        var text = TemplateGenerator.Large(resources);
        var options = new HardeningOptions();
        for (var run = 0; run < 2; run++)
        {
            FixBenchmarks.FixEndToEnd(text);
        }

        const int Runs = 3;
        using var listener = new AllocationListener();
        for (var run = 0; run < Runs; run++)
        {
            listener.Phase = "parse input";
            var input = CfnTemplate.From(TemplateDocument.Parse("template.yaml", text));
            listener.Phase = "first plan";
            var plan = Hardener.Plan(input, options);
            listener.Phase = "apply";
            var output = plan.Apply();
            listener.Phase = "re-parse output";
            var parsed = CfnTemplate.From(TemplateDocument.Parse("out.yaml", output));
            listener.Phase = "second plan";
            var facts = Hardener.Facts(parsed, options);
            Hardener.Plan(parsed, options, facts, scanned: null);
            listener.Phase = "diff";
            _ = LineDiff.Unified(plan.OriginalText, plan.Edits, "a/template.yaml", "b/template.yaml");
            listener.Phase = "report";
            _ = HardeningReport.Text(plan);
            listener.Phase = "cost line";
            _ = HardeningCost.TotalLine(new FixResult(input, plan, output, parsed) { FixedFacts = facts }, options);
        }

        foreach (var ((phase, type), bytes) in listener.Sampled().OrderByDescending(s => s.Value).Take(60))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6 / Runs,8:F1} MB  {phase,-16} {type}"));
        }
    }

    /// <summary>
    /// The fix as the command runs it (the self-checks and the work beside them in parallel), ten times: the median of
    /// the last eight, and what the collector cost each of them.
    /// </summary>
    private static void EndToEnd(string text)
    {
        var runs = new List<(double Ms, double PauseMs, int Gen0, int Gen1, int Gen2)>();
        for (var run = 0; run < 10; run++)
        {
            var pause = GC.GetTotalPauseDuration();
            var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var clock = Stopwatch.StartNew();
            FixBenchmarks.FixEndToEnd(text);
            var ms = clock.Elapsed.TotalMilliseconds;
            if (run >= 2)
            {
                runs.Add((ms, (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2));
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"end to end as the command runs it: median {Median(runs.Select(r => r.Ms)):F0} ms; collector pauses {Median(runs.Select(r => r.PauseMs)):F0} ms median, collections gen0/1/2 {runs.Average(r => r.Gen0):F1}/{runs.Average(r => r.Gen1):F1}/{runs.Average(r => r.Gen2):F1} per run"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
