using BenchmarkDotNet.Running;
using Ironclad.Benchmarks;

// "generate DIR" writes the benchmark inputs for benchmarks/compare.sh; anything else runs BenchmarkDotNet.
if (args is ["generate", var directory])
{
    TemplateGenerator.WriteCorpus(directory);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ScanBenchmarks).Assembly).Run(args);
return 0;
