using BenchmarkDotNet.Attributes;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Benchmarks;

/// <summary>Parse + scan, in process: the work `ironclad scan` does after start-up.</summary>
[MemoryDiagnoser]
[GcServer(true)]
public class ScanBenchmarks
{
    private string example = "";
    private string large = "";
    private Scanner scanner = null!;

    [GlobalSetup]
    public void Setup()
    {
        example = File.ReadAllText(Path.Combine(Repository.Root, "examples", "prechat", "template.yaml"));
        large = TemplateGenerator.Large(5000);
        scanner = new Scanner(RuleCatalog.All, new ScanOptions());
    }

    [Benchmark]
    public int ScanPrechatExample() => Scan(example);

    [Benchmark]
    public int Scan5000Resources() => Scan(large);

    [Benchmark]
    public int Parse5000Resources() => TemplateDocument.Parse("large.yaml", large).Root.Entries.Count;

    private int Scan(string text) => scanner.Scan(CfnTemplate.From(TemplateDocument.Parse("t.yaml", text)), "t.yaml").Results.Count;
}
