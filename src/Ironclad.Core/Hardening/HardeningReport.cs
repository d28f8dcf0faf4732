using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ironclad.Core.Reporting;

namespace Ironclad.Core.Hardening;

/// <summary>The report of a plan (docs/design/hardening.md, Report), as text for people and JSON for tools.</summary>
public static class HardeningReport
{
    /// <summary>How many targets of a group of changes the report names before it counts the rest.</summary>
    internal const int ListedTargets = 4;

    /// <summary>How each failing finding ended: fixed by a change, declined with a suppression, or left.</summary>
    public static string Outcome(HardeningPlan plan, FindingRef finding) => plan.Outcome(finding);

    public static string Text(HardeningPlan plan)
    {
        var text = new StringBuilder();
        var outcomes = Outcomes(plan);
        var declined = outcomes.Count(o => o == "declined");
        var unfixed = outcomes.Count(o => o == "unfixed");
        text.Append($"ironclad fix {plan.Path}: {outcomes.Length} findings, {outcomes.Length - declined - unfixed} fixed, {declined} declined with a suppression, {unfixed} left unfixed\n");
        if (plan.IsEmpty)
        {
            // Findings no fix handles still need their manual change, even when nothing else changes.
            text.Append("Nothing to change.\n");
            LeftForYou(text, plan);
            return text.ToString();
        }

        text.Append("\nChanges by rule\n");
        foreach (var rule in HardeningReportByRule.Build(plan, outcomes).Rules)
        {
            var descriptor = rule.Rule;
            text.Append($"  {descriptor.DisplayId} ({descriptor.Id}) {descriptor.CountLabel}: {rule.Fixed} of {rule.Findings} fixed\n");
            foreach (var group in rule.Groups)
            {
                text.Append("    ");
                AppendTargets(text, group.FirstTargets, group.TargetCount);
                text.Append($"  {group.Path}: {group.Summary}\n");
            }

            if (rule.Added.Count > 0)
            {
                text.Append("    new: ").AppendJoin(", ", rule.Added).Append('\n');
            }
        }

        text.Append($"\nResources added ({plan.AddedResources.Count})\n");
        var width = plan.AddedResources.Select(a => a.LogicalId.Length).DefaultIfEmpty(0).Max();
        var typeWidth = plan.AddedResources.Select(a => a.Type.Length).DefaultIfEmpty(0).Max();
        // One line per added resource, thousands on a large template: written into the report directly rather than
        // composed, padded and trimmed as strings of their own.
        foreach (var resource in plan.AddedResources)
        {
            var lineStart = text.Length;
            text.Append("  ").Append(resource.LogicalId).Append(' ', width - resource.LogicalId.Length + 2)
                .Append(resource.Type).Append(' ', typeWidth - resource.Type.Length);
            if (resource.Condition is not null)
            {
                text.Append($"  (if {resource.Condition})");
            }

            var separator = "  ";
            foreach (var (key, value) in resource.Facts)
            {
                text.Append(separator).Append(key).Append('=').Append(value);
                separator = ", ";
            }

            // The padding of the last column, and any space the values end with, is not part of the line.
            while (text.Length > lineStart && char.IsWhiteSpace(text[^1]))
            {
                text.Length--;
            }

            text.Append('\n');
        }

        if (plan.AddedParameters.Count > 0)
        {
            text.Append("\nParameters added\n");
            foreach (var parameter in plan.AddedParameters)
            {
                var value = parameter.Default is null ? "no default: required" : $"default '{parameter.Default}'";
                text.Append($"  {parameter.Name} ({parameter.Type}, {value}): {parameter.Description}\n");
            }
        }

        if (plan.Declined.Count > 0)
        {
            text.Append("\nDeclined, suppressed in Metadata with the reason\n");
            foreach (var decline in plan.Declined)
            {
                text.Append($"  {decline.Finding.Resource} {decline.Finding.DisplayId} ({decline.Finding.RuleId}): {decline.Reason}\n    Recommended: {decline.Recommendation}\n");
            }
        }

        LeftForYou(text, plan);

        if (plan.Endpoints.Count > 0 || plan.ServicesThroughNat.Count > 0)
        {
            text.Append("\nInterface endpoints, inferred from the permissions in the input\n");
            foreach (var endpoint in plan.Endpoints)
            {
                var reasons = endpoint.Reasons.Take(3).ToList();
                var more = endpoint.Reasons.Count > reasons.Count ? $" and {endpoint.Reasons.Count - reasons.Count} more" : "";
                text.Append($"  {endpoint.Service} ({endpoint.LogicalId}): {string.Join("; ", reasons)}{more}\n");
            }

            foreach (var service in plan.ServicesThroughNat)
            {
                text.Append($"  no endpoint: {service}\n");
            }
        }

        if (plan.Warnings.Count > 0)
        {
            text.Append("\nWarnings\n");
            foreach (var warning in plan.Warnings)
            {
                text.Append($"  - {warning.Message}\n");
            }
        }

        text.Append($"\nDeploy\n  {plan.DeployCommand}\n");
        return text.ToString();
    }

    /// <summary>
    /// Each finding's outcome, in the order of <see cref="HardeningPlan.Findings"/>, asked of the plan once per finding:
    /// the report counts them, and the JSON lists them too.
    /// </summary>
    private static string[] Outcomes(HardeningPlan plan)
    {
        var outcomes = new string[plan.Findings.Count];

        // A finding is declined or unfixed only when the plan lists it so: with both lists empty every finding was fixed,
        // and a large plan's thousands of findings need no reference made and looked up each.
        if (plan.Declined.Count == 0 && plan.Unfixed.Count == 0)
        {
            Array.Fill(outcomes, "fixed");
            return outcomes;
        }

        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = Outcome(plan, PlanContext.Ref(plan.Findings[i]));
        }

        return outcomes;
    }

    private static void LeftForYou(StringBuilder text, HardeningPlan plan)
    {
        if (plan.Unfixed.Count > 0)
        {
            text.Append("\nLeft for you\n");
            foreach (var left in plan.Unfixed)
            {
                text.Append($"  {left.Finding.Resource} {left.Finding.DisplayId} ({left.Finding.RuleId}): {left.Reason}\n");
            }
        }
    }

    /// <summary>Fix's JSON (docs/json-contract.md): the plan, the diff, and the price of the change as numbers.</summary>
    /// <param name="cost">The monthly cost of the change, when the caller priced it (pricing lives beside the planner, not in it).</param>
    public static string Json(HardeningPlan plan, string toolVersion, string? diff = null, MonthlyCost? cost = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            JsonContract.WriteHeader(json, "fix", toolVersion);
            json.WriteString("file", plan.Path);
            json.WriteBoolean("changed", !plan.IsEmpty);
            var outcomes = Outcomes(plan);
            json.WriteStartObject("summary");
            json.WriteNumber("findings", outcomes.Length);
            foreach (var outcome in new[] { "fixed", "declined", "unfixed" })
            {
                json.WriteNumber(outcome, outcomes.Count(o => o == outcome));
            }

            json.WriteNumber("resourcesAdded", plan.AddedResources.Count);
            json.WriteNumber("resourcesChanged", plan.ChangedResources.Count);
            json.WriteNumber("edits", plan.Edits.Count);
            json.WriteEndObject();

            json.WriteStartArray("findings");
            for (var i = 0; i < plan.Findings.Count; i++)
            {
                var finding = plan.Findings[i];
                json.WriteStartObject();
                json.WriteString("rule", finding.Rule.Id);
                json.WriteString("displayId", finding.Rule.DisplayId);
                json.WriteString("resource", finding.Resource);
                json.WriteString("resourceType", finding.ResourceType);
                json.WriteNumber("line", finding.Line);
                json.WriteNumber("column", finding.Column);
                json.WriteString("outcome", outcomes[i]);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("changes");
            foreach (var change in plan.Changes)
            {
                json.WriteStartObject();
                json.WriteString("target", change.Target);
                json.WriteString("targetType", change.TargetType);
                json.WriteString("path", change.Path);
                json.WriteString("summary", change.Summary);
                json.WriteBoolean("newResource", change.IsNewResource);
                WriteFixes(json, change.Fixes);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("resourcesAdded");
            foreach (var resource in plan.AddedResources)
            {
                json.WriteStartObject();
                json.WriteString("logicalId", resource.LogicalId);
                json.WriteString("type", resource.Type);
                if (resource.Condition is not null)
                {
                    json.WriteString("condition", resource.Condition);
                }

                json.WriteStartObject("facts");
                foreach (var (key, value) in resource.Facts)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                WriteFixes(json, resource.Fixes);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("resourcesChanged");
            foreach (var resource in plan.ChangedResources)
            {
                json.WriteStartObject();
                json.WriteString("logicalId", resource.LogicalId);
                json.WriteString("type", resource.Type);
                json.WriteStartArray("paths");
                foreach (var path in resource.Paths)
                {
                    json.WriteStringValue(path);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("parametersAdded");
            foreach (var parameter in plan.AddedParameters)
            {
                json.WriteStartObject();
                json.WriteString("name", parameter.Name);
                json.WriteString("type", parameter.Type);
                if (parameter.Default is null)
                {
                    json.WriteNull("default");
                }
                else
                {
                    json.WriteString("default", parameter.Default);
                }

                json.WriteString("description", parameter.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("declined");
            foreach (var decline in plan.Declined)
            {
                json.WriteStartObject();
                json.WriteString("rule", decline.Finding.RuleId);
                json.WriteString("resource", decline.Finding.Resource);
                json.WriteString("reason", decline.Reason);
                json.WriteString("recommendation", decline.Recommendation);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("unfixed");
            foreach (var left in plan.Unfixed)
            {
                json.WriteStartObject();
                json.WriteString("rule", left.Finding.RuleId);
                json.WriteString("resource", left.Finding.Resource);
                json.WriteString("reason", left.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("endpoints");
            foreach (var endpoint in plan.Endpoints)
            {
                json.WriteStartObject();
                json.WriteString("service", endpoint.Service);
                json.WriteString("logicalId", endpoint.LogicalId);
                json.WriteStartArray("reasons");
                foreach (var reason in endpoint.Reasons)
                {
                    json.WriteStringValue(reason);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("servicesThroughNat");
            foreach (var service in plan.ServicesThroughNat)
            {
                json.WriteStringValue(service);
            }

            json.WriteEndArray();

            json.WriteStartObject("reservedConcurrency");
            json.WriteNumber("functions", plan.LimitedFunctions);
            json.WriteNumber("limitDefault", plan.ConcurrencyLimit);
            json.WriteNumber("total", plan.LimitedFunctions * plan.ConcurrencyLimit);
            json.WriteNumber("accountQuotaNeeded", plan.LimitedFunctions == 0 ? 0 : (plan.LimitedFunctions * plan.ConcurrencyLimit) + 100);
            json.WriteEndObject();

            json.WriteStartArray("warnings");
            foreach (var warning in plan.Warnings)
            {
                json.WriteStartObject();
                json.WriteString("kind", warning.Kind.ToString());
                json.WriteString("message", warning.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("deployCommand", plan.DeployCommand);
            if (cost is not null)
            {
                json.WriteStartObject("cost");
                json.WriteNumber("monthlyTotal", JsonContract.Amount(cost.MonthlyTotal));
                json.WriteString("currency", cost.Currency);
                json.WriteString("region", cost.Region);
                json.WriteString("priceDate", cost.PriceDate);
                if (cost.Note is null)
                {
                    json.WriteNull("note");
                }
                else
                {
                    json.WriteString("note", cost.Note);
                }

                json.WriteEndObject();
            }

            if (diff is not null)
            {
                json.WriteString("diff", diff);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteFixes(Utf8JsonWriter json, IReadOnlyList<FindingRef> fixes)
    {
        json.WriteStartArray("fixes");
        foreach (var fix in fixes)
        {
            json.WriteStartObject();
            json.WriteString("rule", fix.RuleId);
            json.WriteString("resource", fix.Resource);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The first (at most <see cref="ListedTargets"/>) of <paramref name="count"/> targets, and how many more there are.</summary>
    private static void AppendTargets(StringBuilder text, List<string> first, int count)
    {
        text.AppendJoin(", ", first);
        if (count > ListedTargets)
        {
            text.Append($" and {count - ListedTargets} more");
        }
    }
}
