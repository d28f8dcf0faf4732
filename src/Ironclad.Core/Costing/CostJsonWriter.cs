using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ironclad.Core.Reporting;

namespace Ironclad.Core.Costing;

/// <summary>Cost's JSON (docs/json-contract.md): the items with their formulas, the savings, the usage assumed and the notes.</summary>
internal static class CostJsonWriter
{
    public static void Write(CostReport report, TextWriter writer, string template, string toolVersion)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            JsonContract.WriteHeader(json, "cost", toolVersion);
            json.WriteString("template", template);
            json.WriteString("region", report.Region);
            json.WriteString("priceDate", report.PriceDate);
            json.WriteString("currency", PriceTable.Currency);
            json.WriteNumber("hoursPerMonth", report.Prices.HoursPerMonth);
            json.WriteNumber("monthlyTotal", JsonContract.Amount(report.Total));
            json.WriteStartArray("items");
            foreach (var item in report.Items)
            {
                json.WriteStartObject();
                json.WriteString("item", item.Name);
                json.WriteNumber("quantity", JsonContract.Amount(item.Quantity));
                json.WriteString("unit", item.Unit);
                json.WriteNumber("unitPrice", item.UnitPrice);
                json.WriteString("unitPricePer", item.UnitPriceUnit);
                json.WriteNumber("monthly", JsonContract.Amount(item.Monthly));
                json.WriteString("formula", item.Formula);
                WriteStrings(json, "resources", item.LogicalIds);
                WriteStrings(json, "prices", item.PriceKeys);
                if (item.Note is not null)
                {
                    json.WriteString("note", item.Note);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("savings");
            foreach (var row in report.Savings)
            {
                json.WriteStartObject();
                json.WriteString("option", row.Option);
                json.WriteString("how", row.Description);
                json.WriteNumber("newMonthlyTotal", JsonContract.Amount(row.NewTotal));
                json.WriteNumber("saving", JsonContract.Amount(row.Saving));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteStrings(json, "addedResources", report.AddedResources);
            json.WriteStartArray("notCreated");
            foreach (var resource in report.NotCreated)
            {
                json.WriteStartObject();
                json.WriteString("resource", resource.LogicalId);
                json.WriteString("type", resource.Type);
                json.WriteString("condition", resource.Condition);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("unpriced");
            foreach (var resource in report.Unpriced)
            {
                json.WriteStartObject();
                json.WriteString("resource", resource.LogicalId);
                json.WriteString("type", resource.Type);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // The keys are data (the names --set and --usage take), so they are values here, not field names.
            json.WriteStartArray("usage");
            foreach (var key in UsageAssumptions.Keys)
            {
                json.WriteStartObject();
                json.WriteString("key", key.Name);
                json.WriteNumber("value", report.Usage[key.Name]);
                json.WriteBoolean("given", report.Usage.Given.Contains(key.Name));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("assumedPrices");
            foreach (var price in report.AssumedPrices)
            {
                json.WriteStartObject();
                json.WriteString("price", price.Key);
                json.WriteNumber("usd", price.Usd);
                json.WriteString("note", price.Note);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteStrings(json, "notes", report.Notes);
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
