using Ironclad.Core.Hardening;
using Ironclad.Core.Rules.S3;
using Ironclad.Core.Reporting;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// Prices the plan <c>fix</c> would apply: the same planner, the same options, the hardened text it
/// writes, with the savings of the options it did not take (<see cref="CostSavings.Options"/>).
/// </summary>
public static class HardeningCost
{
    /// <summary>The rule whose fix adds replication; skipping it is the guide's "replication only in production".</summary>
    public static string ReplicationRule => S3BucketReplication.Info.Id;

    public static CostReport Estimate(CfnTemplate original, HardeningOptions options, UsageAssumptions usage, PriceTable prices) =>
        ForPlan(original, Hardener.Plan(original, options), options, usage, prices);

    /// <summary>Prices a plan already made (fix's own), with the savings of the options it did not take.</summary>
    public static CostReport ForPlan(CfnTemplate original, HardeningPlan plan, HardeningOptions options, UsageAssumptions usage, PriceTable prices)
    {
        var hardened = Hardened(original, plan);
        var report = CostEstimator.Estimate(original, hardened, usage, prices, options.Parameters);
        return report.WithSavings(CostSavings.Compute(original, report, CostSavings.Options(original, plan, hardened, options)));
    }

    /// <summary>
    /// The line <c>fix</c> ends its report with: the monthly cost of the fix with the default usage, in
    /// <paramref name="region"/> (the caller reads the samconfig.toml). It prices the templates the fix already parsed,
    /// its input and its checked output, and has no savings, so nothing is parsed or planned again.
    /// </summary>
    public static string TotalLine(FixResult result, HardeningOptions options, string region = "us-east-1")
    {
        var (report, note) = WithDefaults(result, options, region);
        return note is null ? CostSummary.TotalLine(report) : CostSummary.TotalLine(report) + " " + note;
    }

    /// <summary>The same price as <see cref="TotalLine"/>, as the numbers fix's JSON carries.</summary>
    public static MonthlyCost Monthly(FixResult result, HardeningOptions options, string region = "us-east-1")
    {
        var (report, note) = WithDefaults(result, options, region);
        return new MonthlyCost(report.Total, PriceTable.Currency, report.Region, report.PriceDate, note);
    }

    /// <summary>
    /// The fix priced as <see cref="TotalLine"/> prices it (fix's Markdown report draws it), with a note when
    /// <paramref name="region"/> has no embedded prices and us-east-1's were used.
    /// </summary>
    public static (CostReport Report, string? Note) WithDefaults(FixResult result, HardeningOptions options, string region = "us-east-1")
    {
        var prices = PriceTable.EmbeddedRegions.Contains(region) ? PriceTable.Embedded(region) : PriceTable.Embedded("us-east-1");
        var delta = result.Plan.Facts is { } before && result.FixedFacts is { } after
            ? new PlanDelta(before, after)
            : new PlanDelta(result.Input, result.Fixed, options.Parameters);
        var report = CostEstimator.Price(delta, UsageAssumptions.Defaults, prices);
        return (report, prices.Region == region ? null : $"No embedded prices for {region}: priced with us-east-1's.");
    }

    /// <summary>The hardened template a plan writes.</summary>
    public static CfnTemplate Hardened(CfnTemplate original, HardeningPlan plan) =>
        plan.IsEmpty ? original : CfnTemplate.From(TemplateDocument.Parse(original.Document.Path, plan.Apply()));
}
