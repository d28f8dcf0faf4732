using Ironclad.Core.Evaluation;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// X-Ray bills traces recorded, whatever records them: one item when the hardened template traces a function,
/// REST stage or state machine that the original did not, priced at the stack-wide trace volume (a request
/// through a traced stage and function is one trace).
/// </summary>
internal sealed class TracingPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var traced = delta.Created
            .Where(r => IsTraced(r.Type, delta.HardenedFacts.PropertiesOf(r.LogicalId))
                && !(delta.Before(r) is { } o && IsTraced(o.Type, delta.OriginalFacts.PropertiesOf(o.LogicalId))))
            .Select(r => r.LogicalId)
            .ToList();
        if (traced.Count == 0)
        {
            return;
        }

        var traces = ledger.Usage[UsageAssumptions.XRayTracesPerMonth];
        var free = ledger.Prices.Free(PriceKeys.FreeXRayTraces).Quantity;
        var perMillion = ledger.Prices[PriceKeys.XRayTracesPerMillion].Usd;
        ledger.Add(new CostItem(
            "X-Ray traces",
            traces,
            "traces",
            perMillion,
            "1M traces recorded",
            Math.Max(0m, traces - free) / 1_000_000m * perMillion,
            $"max(0, {CostFormat.Number(traces)} − {CostFormat.Number(free)} free) / 1M × {ledger.P(PriceKeys.XRayTracesPerMillion)}",
            traced,
            [PriceKeys.XRayTracesPerMillion],
            $"the {CostFormat.Number(free)} free traces a month are per account; the default sampling rule records the first request each second and 5% of the rest"));
    }

    private static bool IsTraced(string type, MapValue? properties) => type switch
    {
        "AWS::Lambda::Function" => Text((properties?["TracingConfig"] as MapValue)?["Mode"]) == "Active",
        "AWS::Serverless::Function" => Text(properties?["Tracing"]) == "Active",
        "AWS::ApiGateway::Stage" or "AWS::Serverless::Api" => IsTrue(properties?["TracingEnabled"]),
        "AWS::StepFunctions::StateMachine" => IsTrue((properties?["TracingConfiguration"] as MapValue)?["Enabled"]),
        "AWS::Serverless::StateMachine" => IsTrue((properties?["Tracing"] as MapValue)?["Enabled"]),
        _ => false,
    };
}
