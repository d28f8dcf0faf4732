using BenchmarkDotNet.Running;
using Ironclad.Benchmarks;

// "generate DIR" writes the benchmark inputs for benchmarks/compare.sh; "phases [N]" times the steps of one fix of N
// resources and the whole of it; "allocs [N]" shows what each step allocates (Phases.cs); anything else runs BenchmarkDotNet.
if (args is ["generate", var directory])
{
    TemplateGenerator.WriteCorpus(directory);
    return 0;
}

if (args is ["phases", ..])
{
    Phases.Run(Resources(args));
    return 0;
}

if (args is ["allocs", ..])
{
    Phases.Allocations(Resources(args));
    return 0;
}

// BenchmarkDotNet runs each benchmark in a process of its own, built from a project it generates: the collector's
// configuration of the ironclad command reaches it through the environment it inherits (server GC itself through
// [GcServer(true)]), whatever that generated project copies of this one.
Environment.SetEnvironmentVariable("DOTNET_GCDynamicAdaptationMode", "0");
Environment.SetEnvironmentVariable("DOTNET_GCHeapCount", "4");
Environment.SetEnvironmentVariable("DOTNET_GCNoAffinitize", "1");
BenchmarkSwitcher.FromAssembly(typeof(ScanBenchmarks).Assembly).Run(args);
return 0;

static int Resources(string[] args) => args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000;
