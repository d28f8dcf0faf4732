using Ironclad.Core.Rules;

namespace Ironclad.Core.Baselines;

/// <summary>The text report's closing lines about the baseline: how many findings it accepted, how many are new, and which it lists in vain.</summary>
public static class BaselineSummaryWriter
{
    public static void Write(BaselineComparison comparison, string baselineName, TextWriter output)
    {
        var resolved = comparison.Resolved.Sum(r => r.Count);
        output.WriteLine($"Baseline {baselineName}: {comparison.Baselined} baselined, {comparison.New} new, {resolved} resolved");
        foreach (var entry in comparison.Resolved)
        {
            var rule = RuleCatalog.Find(entry.Rule)?.Descriptor;
            var name = rule is null ? entry.Rule : $"{rule.DisplayId} ({rule.Id})";
            var times = entry.Count == 1 ? "" : $" ({entry.Count} times)";
            output.WriteLine($"  RESOLVED  {name} {entry.File} {entry.Resource}{times}: no longer found; --create-baseline rewrites the baseline without it");
        }
    }
}
