using System.Text;

namespace Ironclad.Core.Costing;

public enum CostReportFormat
{
    Text,
    Json,
    Markdown,
}

/// <summary>Renders a cost report. Every form states the region and the price table's date.</summary>
public static class CostReportWriter
{
    /// <param name="toolVersion">The version the JSON header names.</param>
    public static void Write(CostReportFormat format, CostReport report, TextWriter writer, string template, string toolVersion)
    {
        switch (format)
        {
            case CostReportFormat.Json:
                CostJsonWriter.Write(report, writer, template, toolVersion);
                break;
            case CostReportFormat.Markdown:
                WriteMarkdown(report, writer, template);
                break;
            default:
                WriteText(report, writer, template);
                break;
        }
    }

    private static string Quantity(CostItem item) => $"{CostFormat.Number(item.Quantity)} {item.Unit}";

    private static string UnitPrice(CostItem item) => $"{CostFormat.Rate(item.UnitPrice)}/{item.UnitPriceUnit}";

    private static string PricesLine(CostReport report) =>
        $"Region {report.Region}, prices of {report.PriceDate} (on-demand list prices in USD, {report.Prices.HoursPerMonth:0}-hour month; taxes, discounts and free tiers not assumed unless a line says so)";

    private static IEnumerable<string> Notes(CostReport report)
    {
        foreach (var item in report.Items.Where(i => i.Note is not null))
        {
            yield return $"{item.Name}: {item.Note}.";
        }

        foreach (var note in report.Notes)
        {
            yield return note;
        }

        foreach (var price in report.AssumedPrices)
        {
            yield return $"Assumed price {price.Key} = {CostFormat.Rate(price.Usd)} per {price.Unit}: {price.Note}.";
        }

        foreach (var resource in report.NotCreated)
        {
            yield return $"Not created with these parameters: {resource.LogicalId} ({resource.Type}), condition {resource.Condition} is false.";
        }

        foreach (var resource in report.Unpriced)
        {
            yield return $"Not priced: {resource.LogicalId} ({resource.Type}); ironclad has no price for this type.";
        }
    }

    private static IEnumerable<string> UsageLines(CostReport report) => UsageAssumptions.Keys.Select(k =>
        $"{k.Name} = {CostFormat.Number(report.Usage[k.Name])}{(report.Usage.Given.Contains(k.Name) ? "" : " (default)")}: {k.Description}");

    private static void WriteText(CostReport report, TextWriter writer, string template)
    {
        writer.WriteLine($"Monthly cost of hardening {template}: {CostFormat.Usd(report.Total)}");
        writer.WriteLine(PricesLine(report));
        writer.WriteLine();
        var rows = report.Items.Select(i => new[] { i.Name, Quantity(i), UnitPrice(i), CostFormat.Usd(i.Monthly), i.Formula }).ToList();
        WriteColumns(writer, ["Item", "Quantity", "Unit price", "Monthly", "Formula"], rows, rightAligned: [false, true, true, true, false], footer: ["Total", "", "", CostFormat.Usd(report.Total), ""]);
        if (report.Savings.Count > 0)
        {
            writer.WriteLine();
            WriteColumns(
                writer,
                ["Savings option", "New total", "Saves", "How"],
                report.Savings.Select(s => new[] { s.Option, CostFormat.Usd(s.NewTotal), CostFormat.Usd(s.Saving), s.Description }).ToList(),
                rightAligned: [false, true, true, false],
                footer: null);
        }

        writer.WriteLine();
        writer.WriteLine("Notes:");
        foreach (var note in Notes(report))
        {
            writer.WriteLine($"- {note}");
        }

        writer.WriteLine();
        writer.WriteLine("Usage assumed (change with --usage FILE or --set key=value):");
        foreach (var line in UsageLines(report))
        {
            writer.WriteLine($"- {line}");
        }
    }

    private static void WriteColumns(TextWriter writer, string[] header, List<string[]> rows, bool[] rightAligned, string[]? footer)
    {
        var all = rows.Prepend(header).Concat(footer is null ? [] : [footer]).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        void Line(string[] cells)
        {
            var text = new StringBuilder();
            for (var c = 0; c < cells.Length; c++)
            {
                var cell = c == cells.Length - 1 ? cells[c] : rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
                text.Append(cell);
                if (c < cells.Length - 1)
                {
                    text.Append("  ");
                }
            }

            writer.WriteLine(text.ToString().TrimEnd());
        }

        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        rows.ForEach(Line);
        if (footer is not null)
        {
            Line(widths.Select(w => new string('-', w)).ToArray());
            Line(footer);
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    internal static void WriteMarkdown(CostReport report, TextWriter writer, string template)
    {
        writer.WriteLine($"### Monthly cost of hardening `{template}`: **{CostFormat.Usd(report.Total)}**");
        writer.WriteLine();
        writer.WriteLine(PricesLine(report) + ".");
        writer.WriteLine();
        writer.WriteLine("| Item | Quantity | Unit price | Monthly | Formula |");
        writer.WriteLine("|---|--:|--:|--:|---|");
        foreach (var item in report.Items)
        {
            writer.WriteLine($"| {Cell(item.Name)} | {Quantity(item)} | {UnitPrice(item)} | {CostFormat.Usd(item.Monthly)} | {Cell(item.Formula)} |");
        }

        writer.WriteLine($"| **Total** | | | **{CostFormat.Usd(report.Total)}** | |");
        if (report.Savings.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("| Savings option | New total | Saves | How |");
            writer.WriteLine("|---|--:|--:|---|");
            foreach (var row in report.Savings)
            {
                writer.WriteLine($"| {Cell(row.Option)} | {CostFormat.Usd(row.NewTotal)} | {CostFormat.Usd(row.Saving)} | {Cell(row.Description)} |");
            }
        }

        writer.WriteLine();
        writer.WriteLine("<details><summary>Notes and usage assumptions</summary>");
        writer.WriteLine();
        foreach (var note in Notes(report))
        {
            writer.WriteLine($"- {note}");
        }

        writer.WriteLine();
        foreach (var line in UsageLines(report))
        {
            writer.WriteLine($"- `{line[..line.IndexOf(':', StringComparison.Ordinal)]}`{line[line.IndexOf(':', StringComparison.Ordinal)..]}");
        }

        writer.WriteLine();
        writer.WriteLine("</details>");
    }
}

/// <summary>The one line <c>fix</c> ends its report with, so that nobody applies a plan without seeing its price.</summary>
public static class CostSummary
{
    public static string TotalLine(CostReport report) =>
        $"Monthly cost of this change: {CostFormat.Usd(report.Total)} ({report.Region}, prices of {report.PriceDate}, default usage unless given; `ironclad cost` shows each item and the savings options).";
}
