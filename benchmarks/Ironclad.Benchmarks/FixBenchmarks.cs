using BenchmarkDotNet.Attributes;
using Ironclad.Core.Costing;
using Ironclad.Core.Editing;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Benchmarks;

/// <summary>
/// Plan and apply the hardening, in process; and the whole of `ironclad fix` after start-up: parse, plan, apply, the
/// self-checks (re-parse, re-scan and idempotence through a second plan, deployability), the diff, the report and the
/// cost line.
/// </summary>
[MemoryDiagnoser]
[GcServer(true)]
public class FixBenchmarks
{
    private string example = "";
    private string large = "";

    [GlobalSetup]
    public void Setup()
    {
        example = File.ReadAllText(Path.Combine(Repository.Root, "examples", "prechat", "template.yaml"));
        large = TemplateGenerator.Large(5000);
    }

    [Benchmark]
    public int FixPrechatExample() => Fix(example);

    [Benchmark]
    public int Fix5000Resources() => Fix(large);

    [Benchmark]
    public int FixEndToEndPrechatExample() => FixEndToEnd(example);

    [Benchmark]
    public int FixEndToEnd5000Resources() => FixEndToEnd(large);

    internal static int FixEndToEnd(string text)
    {
        // As the command does it: the diff, the report and the cost line are built beside the self-checks (the cost line
        // once the output has parsed).
        var options = new HardeningOptions();
        var (result, printed) = Hardener.Fix(
            CfnTemplate.From(TemplateDocument.Parse("template.yaml", text)),
            options,
            (plan, parsed) => LineDiff.Unified(plan.OriginalText, plan.Edits, "a/template.yaml", "b/template.yaml").Length
                + HardeningReport.Text(plan).Length
                + HardeningCost.TotalLine(parsed.GetAwaiter().GetResult(), options).Length);
        return printed + result.Output.Length;
    }

    private static int Fix(string text) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", text)), new HardeningOptions()).Apply().Length;
}

/// <summary>Finds the repository root, where the example lives.</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Ironclad.slnx")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
            }

            return root;
        }
    }
}
