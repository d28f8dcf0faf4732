using System.Globalization;
using System.Text;
using Ironclad.Core.Costing;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>A Mermaid pie of a cost report's monthly cost by item, the largest slices first.</summary>
public static class CostPie
{
    /// <summary>Items beyond this many are summed into one "other items" slice, so that the pie stays readable.</summary>
    public const int MaxSlices = 10;

    /// <summary>The pie, or null when nothing costs anything (a pie of nothing is not drawn).</summary>
    public static string? Build(CostReport report)
    {
        var items = report.Items.Where(i => Math.Round(i.Monthly, 2, MidpointRounding.AwayFromZero) > 0).OrderByDescending(i => i.Monthly).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            return null;
        }

        var slices = items.Take(items.Count > MaxSlices ? MaxSlices - 1 : MaxSlices).Select(i => (i.Name, i.Monthly)).ToList();
        if (items.Count > MaxSlices)
        {
            var rest = items.Skip(MaxSlices - 1).ToList();
            slices.Add(($"{rest.Count} other items", rest.Sum(i => i.Monthly)));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"pie showData title Monthly cost, USD ({report.Region}, total {CostFormat.Usd(report.Total)})\n");
        foreach (var (name, monthly) in slices)
        {
            var value = Math.Round(monthly, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"  \"{MermaidText.PieLabel(name)}\" : {value}\n");
        }

        return text.ToString();
    }
}
