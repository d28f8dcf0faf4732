using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// One of the guide's optimisation options as a concrete plan: the hardened template the planner writes
/// with the option applied, and the parameter values it would be deployed with.
/// </summary>
public sealed record SavingsScenario(string Option, string Description, CfnTemplate Hardened, IReadOnlyDictionary<string, string> Parameters);

/// <summary>Re-prices each option's plan, so that every saving is the difference of two real estimates, never a rule of thumb.</summary>
public static class CostSavings
{
    public const string LogRetentionParameter = "LogRetentionDays";

    public static IReadOnlyList<SavingsRow> Compute(CfnTemplate original, CostReport baseline, IEnumerable<SavingsScenario> scenarios)
    {
        var rows = new List<SavingsRow>();
        foreach (var scenario in scenarios)
        {
            var total = CostEstimator.Estimate(original, scenario.Hardened, baseline.Usage, baseline.Prices, scenario.Parameters).Total;
            rows.Add(new SavingsRow(scenario.Option, scenario.Description, total, baseline.Total - total));
        }

        return rows;
    }

    /// <summary>
    /// The guide's "reduce logging retention": the same plan deployed with <c>LogRetentionDays</c> set to
    /// <paramref name="days"/>; none when the plan has no such parameter or already keeps logs no longer.
    /// </summary>
    public static SavingsScenario? ShorterLogRetention(CfnTemplate hardened, IReadOnlyDictionary<string, string> parameters, int days = 30)
    {
        if (!hardened.Parameters.TryGetValue(LogRetentionParameter, out var parameter))
        {
            return null;
        }

        var current = parameters.TryGetValue(LogRetentionParameter, out var given) ? given : (parameter.Default as ScalarNode)?.Value;
        if (!int.TryParse(current, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var currentDays) || currentDays <= days)
        {
            return null;
        }

        var shorter = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { [LogRetentionParameter] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return new SavingsScenario($"Log retention {days} days", $"{LogRetentionParameter}={days} instead of {currentDays}", hardened, shorter);
    }
}
