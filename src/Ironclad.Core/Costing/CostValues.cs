using System.Globalization;
using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Costing;

/// <summary>How the pricers read an evaluated property: as text, as a boolean, as a quantity.</summary>
internal static class CostValues
{
    public static string? Text(Value? value) => (value as ScalarValue)?.Text;

    public static bool IsTrue(Value? value) => (value as ScalarValue)?.AsBool() == true;

    /// <summary>A template's number, or null when it is none or so large that pricing it would overflow (no real size is).</summary>
    public static decimal? Number(Value? value) =>
        value is ScalarValue s && decimal.TryParse(s.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) <= UsageAssumptions.MaxQuantity ? d : null;
}
