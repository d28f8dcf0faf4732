using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;
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
        var traced = delta.CreatedOfTypes(CanTrace)
            .Where(r => IsTraced(r, delta.HardenedFacts) && !(delta.Before(r) is { } o && IsTraced(o, delta.OriginalFacts)))
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

    /// <summary>The types <see cref="IsTraced"/> can find tracing in.</summary>
    private static bool CanTrace(string type) => type is "AWS::Lambda::Function" or "AWS::Serverless::Function" or "AWS::ApiGateway::Stage"
        or "AWS::Serverless::Api" or "AWS::StepFunctions::StateMachine" or "AWS::Serverless::StateMachine";

    /// <summary>True when the resource records traces; its properties are looked up only for a type that can trace.</summary>
    private static bool IsTraced(ResourceDefinition resource, TemplateFacts facts) => resource.Type switch
    {
        "AWS::Lambda::Function" => Text((facts.PropertiesOf(resource.LogicalId)?["TracingConfig"] as MapValue)?["Mode"]) == "Active",
        "AWS::Serverless::Function" => Text(facts.PropertiesOf(resource.LogicalId)?["Tracing"]) == "Active",
        "AWS::ApiGateway::Stage" or "AWS::Serverless::Api" => IsTrue(facts.PropertiesOf(resource.LogicalId)?["TracingEnabled"]),
        "AWS::StepFunctions::StateMachine" => IsTrue((facts.PropertiesOf(resource.LogicalId)?["TracingConfiguration"] as MapValue)?["Enabled"]),
        "AWS::Serverless::StateMachine" => IsTrue((facts.PropertiesOf(resource.LogicalId)?["Tracing"] as MapValue)?["Enabled"]),
        _ => false,
    };
}
