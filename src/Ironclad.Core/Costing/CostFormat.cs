using System.Globalization;

namespace Ironclad.Core.Costing;

/// <summary>How money and quantities read in reports and formulas. Figures are exact until here.</summary>
public static class CostFormat
{
    /// <summary>A monthly amount, rounded half away from zero to cents: <c>$36.50</c>.</summary>
    public static string Usd(decimal amount) =>
        (amount < 0 ? "-$" : "$") + Math.Round(Math.Abs(amount), 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>A unit price as the price list gives it, at least two decimals: <c>$0.045</c>, <c>$7.30</c>.</summary>
    public static string Rate(decimal price)
    {
        var text = price.ToString("0.##########", CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : text.Length - dot - 1;
        return "$" + (decimals >= 2 ? text : price.ToString("0.00", CultureInfo.InvariantCulture));
    }

    /// <summary>A quantity with thousands separators and at most two decimals: <c>100,000</c>, <c>19.73</c>.</summary>
    public static string Number(decimal quantity) =>
        Math.Round(quantity, 2, MidpointRounding.AwayFromZero).ToString("#,##0.##", CultureInfo.InvariantCulture);
}
