namespace Ironclad.Core.Data;

/// <summary>One Lambda-managed runtime and the dates of its deprecation (UTC); a null date is not announced.</summary>
public sealed record LambdaRuntime(string Identifier, string? Deprecated, string? CreateBlocked, string? UpdateBlocked, string? Successor)
{
    /// <summary>True when the runtime's deprecation date is on or before <paramref name="today"/>.</summary>
    public bool IsDeprecatedOn(DateOnly today) => Deprecated is not null && DateOnly.Parse(Deprecated, System.Globalization.CultureInfo.InvariantCulture) <= today;
}

/// <summary>
/// AWS's deprecation schedule of the Lambda-managed runtimes, as of <see cref="AsOf"/>: from the AWS Lambda Developer
/// Guide's runtime tables ("Supported runtimes" and "Deprecated runtimes"), cross-checked against the lifecycle data
/// that cfn-lint 1.51 ships. The successor is the newest runtime of the same language. Update this table when AWS
/// announces new dates; a runtime that is not here is judged unknown, never passed.
/// </summary>
public static class LambdaRuntimes
{
    public const string AsOf = "2026-12-01";

    private static readonly LambdaRuntime[] Table =
    [
        new("dotnet10", "2028-11-14", null, "2029-01-15", null),
        new("dotnet5.0", "2022-05-10", null, null, "dotnet10"),
        new("dotnet6", "2024-12-20", "2026-06-01", "2026-07-01", "dotnet10"),
        new("dotnet7", "2024-05-14", null, null, "dotnet10"),
        new("dotnet8", "2026-11-10", "2026-12-10", "2027-01-11", "dotnet10"),
        new("dotnetcore1.0", "2019-06-27", "2019-06-30", "2019-07-30", "dotnet10"),
        new("dotnetcore2.0", "2019-05-30", "2019-04-30", "2019-05-30", "dotnet10"),
        new("dotnetcore2.1", "2022-01-05", "2022-01-05", "2022-04-13", "dotnet10"),
        new("dotnetcore3.1", "2023-04-03", "2023-04-03", "2023-05-03", "dotnet10"),
        new("go1.x", "2024-01-08", "2024-02-08", "2026-07-01", "provided.al2023"),
        new("java11", "2026-06-30", "2026-07-31", "2026-08-31", "java25"),
        new("java17", "2026-06-30", "2026-07-31", "2026-08-31", "java25"),
        new("java21", "2029-06-30", "2029-07-31", "2029-08-31", "java25"),
        new("java25", "2029-06-30", "2029-07-31", "2029-08-31", null),
        new("java8", "2024-01-08", "2024-02-08", "2026-07-01", "java25"),
        new("java8.al2", "2026-06-30", "2026-07-31", "2026-08-31", "java25"),
        new("nodejs", "2016-08-30", "2016-09-30", "2016-10-31", "nodejs24.x"),
        new("nodejs10.x", "2021-07-30", "2021-07-30", "2022-02-14", "nodejs24.x"),
        new("nodejs12.x", "2023-03-31", "2023-03-31", "2023-04-30", "nodejs24.x"),
        new("nodejs14.x", "2023-12-04", "2024-01-09", "2026-07-01", "nodejs24.x"),
        new("nodejs16.x", "2024-06-12", "2026-06-01", "2026-07-01", "nodejs24.x"),
        new("nodejs18.x", "2025-09-01", "2026-06-01", "2026-07-01", "nodejs24.x"),
        new("nodejs20.x", "2026-04-30", "2026-06-01", "2026-07-01", "nodejs24.x"),
        new("nodejs22.x", "2027-04-30", "2027-06-01", "2027-07-01", "nodejs24.x"),
        new("nodejs24.x", "2028-04-30", "2028-06-01", "2028-07-01", null),
        new("nodejs4.3", "2020-03-05", "2020-02-03", "2020-03-05", "nodejs24.x"),
        new("nodejs4.3-edge", "2020-03-05", "2019-03-31", "2019-04-30", "nodejs24.x"),
        new("nodejs6.10", "2019-08-12", "2019-07-12", "2019-08-12", "nodejs24.x"),
        new("nodejs8.10", "2020-03-06", "2020-02-04", "2020-03-06", "nodejs24.x"),
        new("provided", "2024-01-08", "2024-02-08", "2026-07-01", "provided.al2023"),
        new("provided.al2", "2026-06-30", "2026-07-31", "2026-08-31", "provided.al2023"),
        new("provided.al2023", "2029-06-30", "2029-07-31", "2029-08-31", null),
        new("python2.7", "2021-07-15", "2021-07-15", "2022-05-30", "python3.14"),
        new("python3.10", "2026-06-30", "2026-07-31", "2026-08-31", "python3.14"),
        new("python3.11", "2026-06-30", "2026-07-31", "2026-08-31", "python3.14"),
        new("python3.12", "2028-10-31", "2028-11-30", "2029-01-10", "python3.14"),
        new("python3.13", "2029-06-30", "2029-07-31", "2029-08-31", "python3.14"),
        new("python3.14", "2029-06-30", "2029-07-31", "2029-08-31", null),
        new("python3.6", "2022-07-18", "2022-07-18", "2022-08-29", "python3.14"),
        new("python3.7", "2023-12-04", "2024-01-09", "2026-03-09", "python3.14"),
        new("python3.8", "2024-10-14", "2026-06-01", "2026-07-01", "python3.14"),
        new("python3.9", "2025-12-15", "2026-06-01", "2026-07-01", "python3.14"),
        new("ruby2.5", "2021-07-30", "2021-07-30", "2022-03-31", "ruby3.4"),
        new("ruby2.7", "2023-12-07", "2024-01-09", "2026-07-01", "ruby3.4"),
        new("ruby3.2", "2026-03-31", "2026-06-01", "2026-07-01", "ruby3.4"),
        new("ruby3.3", "2027-03-31", "2027-04-30", "2027-05-31", "ruby3.4"),
        new("ruby3.4", "2028-03-31", "2028-04-30", "2028-05-31", null),
    ];

    private static readonly Dictionary<string, LambdaRuntime> ById = Table.ToDictionary(r => r.Identifier, StringComparer.Ordinal);

    public static IReadOnlyList<LambdaRuntime> All => Table;

    public static LambdaRuntime? Find(string identifier) => ById.GetValueOrDefault(identifier);
}
