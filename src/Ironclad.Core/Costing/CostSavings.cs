using System.Globalization;
using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// One of the guide's optimisation options as a concrete plan: the hardened template the planner writes
/// with the option applied, and the parameter values it would be deployed with.
/// </summary>
public sealed record SavingsScenario(string Option, string Description, CfnTemplate Hardened, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>
    /// Resources of <see cref="Hardened"/> that the option would not add: the option is that template less these, so
    /// it is priced from the plan already made instead of a second one.
    /// </summary>
    public IReadOnlySet<string> Without { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>Re-prices each option's plan, so that every saving is the difference of two real estimates, never a rule of thumb.</summary>
public static class CostSavings
{
    public const string LogRetentionParameter = "LogRetentionDays";

    public static IReadOnlyList<SavingsRow> Compute(CfnTemplate original, CostReport baseline, IEnumerable<SavingsScenario> scenarios)
    {
        // The options that leave resources out of one plan share that plan's delta and its evaluations.
        var deltas = new Dictionary<(CfnTemplate, IReadOnlyDictionary<string, string>), PlanDelta>();
        var rows = new List<SavingsRow>();
        foreach (var scenario in scenarios)
        {
            var key = (scenario.Hardened, scenario.Parameters);
            if (!deltas.TryGetValue(key, out var delta))
            {
                delta = deltas[key] = new PlanDelta(original, scenario.Hardened, scenario.Parameters);
            }

            var total = CostEstimator.Price(delta.Without(scenario.Without), baseline.Usage, baseline.Prices).Total;
            rows.Add(new SavingsRow(scenario.Option, scenario.Description, total, baseline.Total - total));
        }

        return rows;
    }

    /// <summary>
    /// The options the plan did not take, each as the template it would write. An option that only leaves out resources
    /// the plan adds (the second NAT gateway and its address, interface endpoints) is the plan's own template less those
    /// resources: the routes and security groups it would write otherwise have no charge, so nothing priced differs.
    /// Replication only in production is planned again, once: skipping it changes what the plan writes into the input's
    /// buckets (their replication configuration) and the resources other fixes add around it (the failover bucket's
    /// own encryption, logging and policy), which is not a subset of this plan's additions.
    /// </summary>
    public static IEnumerable<SavingsScenario> Options(CfnTemplate original, HardeningPlan plan, CfnTemplate hardened, HardeningOptions options)
    {
        SavingsScenario Without(string option, string how, IEnumerable<string> logicalIds) =>
            new(option, how, hardened, options.Parameters) { Without = logicalIds.ToHashSet(StringComparer.Ordinal) };

        var natGateways = plan.AddedResources.Where(r => r.Type == "AWS::EC2::NatGateway").Select(r => r.LogicalId).ToList();
        if (natGateways.Count > 1)
        {
            // With --single-nat the planner writes only the first zone's gateway and routes both zones through it.
            var extra = natGateways.Skip(1).ToList();
            yield return Without(
                "One NAT gateway",
                "--single-nat: one gateway serves both AZs (development; an AZ outage cuts egress)",
                extra.Concat(extra.Select(g => AllocatedAddress(hardened, g)).OfType<string>()));
        }

        var endpoints = plan.Endpoints;
        if (endpoints.Count > 1)
        {
            foreach (var endpoint in endpoints)
            {
                yield return Without(
                    $"Without the {endpoint.Service} endpoint",
                    $"--endpoints {string.Join(',', endpoints.Where(e => e != endpoint).Select(e => e.Service))}: {endpoint.Service} calls go through NAT",
                    [endpoint.LogicalId]);
            }
        }

        if (endpoints.Count > 0)
        {
            yield return Without("No interface endpoints", "--endpoints none: calls to AWS services go through NAT", endpoints.Select(e => e.LogicalId));
        }

        // The plan's own account of what it did: it fixed a replication finding (whatever it had to name the role it
        // added, S3ReplicationRole2 beside a resource of that name), not a declined one.
        if (plan.Findings.Any(f => f.Rule.Id == HardeningCost.ReplicationRule && plan.Outcome(PlanContext.Ref(f)) == "fixed"))
        {
            var skipped = options with { Skip = [.. options.Skip, HardeningCost.ReplicationRule] };
            yield return new SavingsScenario(
                "Replication only in production",
                $"--skip {HardeningCost.ReplicationRule} for dev and staging stacks (the finding stays, suppressed or accepted)",
                HardeningCost.Hardened(original, Hardener.Plan(original, skipped)),
                skipped.Parameters);
        }

        if (ShorterLogRetention(hardened, options.Parameters) is { } retention)
        {
            yield return retention;
        }
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
        if (!int.TryParse(current, NumberStyles.Integer, CultureInfo.InvariantCulture, out var currentDays) || currentDays <= days)
        {
            return null;
        }

        var shorter = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { [LogRetentionParameter] = days.ToString(CultureInfo.InvariantCulture) };
        return new SavingsScenario($"Log retention {days} days", $"{LogRetentionParameter}={days} instead of {currentDays}", hardened, shorter);
    }

    /// <summary>The Elastic IP a NAT gateway takes its address from (<c>AllocationId: !GetAtt Eip.AllocationId</c>), when the template defines it.</summary>
    private static string? AllocatedAddress(CfnTemplate hardened, string natGateway)
    {
        if (!Intrinsics.TryGetCall(hardened.FindResource(natGateway)?.Properties?["AllocationId"], out var function, out var argument) || function != "Fn::GetAtt")
        {
            return null;
        }

        var target = argument switch
        {
            SequenceNode { Items: [ScalarNode resource, ..] } => resource.Value,
            ScalarNode dotted => dotted.Value.Split('.')[0],
            _ => null,
        };
        return target is not null && hardened.FindResource(target)?.Type == "AWS::EC2::EIP" ? target : null;
    }
}
