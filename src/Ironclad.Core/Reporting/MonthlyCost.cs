namespace Ironclad.Core.Reporting;

/// <summary>
/// The price of a change as fix reports it beside its plan: the monthly total in <paramref name="Currency"/> at the
/// list prices of <paramref name="PriceDate"/> in <paramref name="Region"/>, with the default usage;
/// <paramref name="Note"/> says when the prices are another region's.
/// </summary>
public sealed record MonthlyCost(decimal MonthlyTotal, string Currency, string Region, string PriceDate, string? Note);
