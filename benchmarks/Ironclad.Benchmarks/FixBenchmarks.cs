using BenchmarkDotNet.Attributes;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Benchmarks;

/// <summary>Plan and apply the hardening, in process: the work `ironclad fix` does after start-up.</summary>
[MemoryDiagnoser]
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
