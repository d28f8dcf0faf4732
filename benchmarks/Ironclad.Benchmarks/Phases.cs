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

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{resources} resources, median of {totals.Count} runs: {Median(totals.Select(t => t.Ms)):F0} ms sequential, gen0 {Median(totals.Select(t => (double)t.Gen0)):F0}, gen2 {Median(totals.Select(t => (double)t.Gen2)):F0} per run"));
        foreach (var phase in timings.GroupBy(t => t.Phase))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase.Key,-16} {Median(phase.Select(t => t.Ms)),8:F0} ms {phase.First().Bytes / 1e6,8:F1} MB"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
