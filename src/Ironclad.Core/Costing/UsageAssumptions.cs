using System.Globalization;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// The traffic and data volumes the estimate assumes. Every figure has a documented default
/// (<see cref="Keys"/>); a usage file or <c>--set key=value</c> overrides it. Per-resource figures
/// (a table's size, a bucket's replicated data) fall back to the stack-wide default when not given.
/// </summary>
public sealed class UsageAssumptions
{
    public const string NatGatewayGbPerMonth = "nat_gateway_gb_per_month";
    public const string InterfaceEndpointGbPerMonth = "interface_endpoint_gb_per_month";
    public const string DynamoDbTableGb = "dynamodb_table_gb";
    public const string AccessLogGbPerMonth = "access_log_gb_per_month";
    public const string ReplicatedGbPerMonth = "replicated_gb_per_month";
    public const string ReplicaGbStored = "replica_gb_stored";
    public const string NoncurrentVersionGb = "noncurrent_version_gb";
    public const string KmsRequestsPerMonth = "kms_requests_per_month";
    public const string SqsMessagesPerMonth = "sqs_messages_per_month";
    public const string XRayTracesPerMonth = "xray_traces_per_month";
    public const string KinesisKmsRequestsPerMonth = "kinesis_kms_requests_per_month";
    public const string LogGbPerMonth = "log_gb_per_month";

    /// <summary>Each setting, its default and what it means; the CLI's help and the docs print this.</summary>
    public static IReadOnlyList<UsageKey> Keys { get; } =
    [
        new(NatGatewayGbPerMonth, 10m, false, "GB per month through the NAT gateways the fix adds (all gateways together)"),
        new(InterfaceEndpointGbPerMonth, 5m, false, "GB per month through the interface endpoints (all together); goes through NAT when there are none"),
        new(DynamoDbTableGb, 5m, true, "GB stored per DynamoDB table, including local secondary indexes (priced for point-in-time recovery)"),
        new(AccessLogGbPerMonth, 5m, false, "GB of S3/CloudFront access logs written per month; the log bucket holds them for its retention"),
        new(ReplicatedGbPerMonth, 5m, true, "GB replicated per month per source bucket (new and changed objects)"),
        new(ReplicaGbStored, 10m, true, "GB held in the failover bucket per source bucket (Standard-IA)"),
        new(NoncurrentVersionGb, 5m, true, "GB of noncurrent object versions kept per bucket once versioning is on"),
        new(KmsRequestsPerMonth, 100_000m, false, "requests per month to the customer-managed keys the fix adds"),
        new(SqsMessagesPerMonth, 1_000m, false, "messages per month into the dead-letter queues the fix adds (3 requests each: send, receive, delete)"),
        new(XRayTracesPerMonth, 150_000m, false, "X-Ray traces recorded per month by the functions, stages and state machines the fix traces (one per sampled request; AWS's pricing example, 2,000 requests an hour sampled at 10%, records about 150,000)"),
        new(KinesisKmsRequestsPerMonth, 8_640m, true, "KMS requests per month per Kinesis stream the fix encrypts (a data key about every 5 minutes: 12 an hour for 30 days; more with many producers and consumers)"),
        new(LogGbPerMonth, 1m, true, "GB written per month into each log group the fix adds (API access logs, state machine logs); it holds them for its retention"),
    ];

    private readonly Dictionary<string, decimal> values = Keys.ToDictionary(k => k.Name, k => k.Default, StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Resource), decimal> perResource = [];
    private readonly HashSet<string> given = new(StringComparer.Ordinal);

    public static UsageAssumptions Defaults { get; } = new();

    /// <summary>Which settings were given rather than defaulted, so a report can say which figures are assumptions.</summary>
    public IReadOnlyCollection<string> Given => given;

    public decimal this[string key] => values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no usage setting {key}");

    /// <summary>A per-resource figure, or the stack-wide one.</summary>
    public decimal For(string key, string logicalId) => perResource.TryGetValue((key, logicalId), out var v) ? v : this[key];

    public bool IsGivenFor(string key, string logicalId) => perResource.ContainsKey((key, logicalId)) || given.Contains(key);

    /// <summary>
    /// A copy with one setting changed: <c>key=value</c> for the stack-wide figure, <c>key.LogicalId=value</c>
    /// for one resource (only for the per-resource settings).
    /// </summary>
    public UsageAssumptions With(string setting, decimal value)
    {
        var (key, resource) = Split(setting);
        var copy = Copy();
        if (resource is null)
        {
            copy.values[key] = value;
            copy.given.Add(key);
        }
        else
        {
            copy.perResource[(key, resource)] = value;
        }

        return copy;
    }

    /// <summary>Parses <c>key=value</c> or <c>key.LogicalId=value</c>, as given to <c>--set</c>.</summary>
    public UsageAssumptions With(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{assignment}' is not key=value; keys: {string.Join(", ", Keys.Select(k => k.Name))}");
        }

        var text = assignment[(equals + 1)..].Trim();
        return With(assignment[..equals].Trim(), ParseQuantity(text, assignment));
    }

    /// <summary>
    /// Reads a usage file in the manner of infracost's: a <c>version</c>, stack-wide settings under
    /// <c>usage</c>, and per-resource settings under <c>resource_usage</c> by logical ID.
    /// </summary>
    public UsageAssumptions WithFile(string path, string text)
    {
        var document = TemplateDocument.Parse(path, text);
        var result = this;
        foreach (var (key, value) in document.Root.Entries)
        {
            switch (key.Value)
            {
                case "version":
                    if (value is not ScalarNode { Value: "0.1" })
                    {
                        throw Problem(value, "version must be 0.1");
                    }

                    break;
                case "usage":
                    foreach (var (name, setting) in Entries(value))
                    {
                        result = At(name, () => result.With(name.Value, Quantity(name.Value, setting)));
                    }

                    break;
                case "resource_usage":
                    foreach (var (resource, settings) in Entries(value))
                    {
                        foreach (var (name, setting) in Entries(settings))
                        {
                            result = At(name, () => result.With($"{name.Value}.{resource.Value}", Quantity(name.Value, setting)));
                        }
                    }

                    break;
                default:
                    throw Problem(key, $"unknown section {key.Value}; a usage file has version, usage and resource_usage");
            }
        }

        return result;
    }

    private static IReadOnlyList<MappingEntry> Entries(TemplateNode node) => node switch
    {
        MappingNode map => map.Entries,
        ScalarNode { IsNull: true } => [],
        _ => throw Problem(node, "expected a mapping"),
    };

    private static decimal Quantity(string key, TemplateNode node) => node is ScalarNode s
        ? At(s, () => ParseQuantity(s.Value, key))
        : throw Problem(node, $"{key} must be a number");

    /// <summary>A setting of the file, its error placed at the node it came from.</summary>
    private static T At<T>(TemplateNode node, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException ex)
        {
            throw Problem(node, ex.Message);
        }
    }

    private static TemplateLoadException Problem(TemplateNode node, string message) => new(message, node.Span.Start);

    /// <summary>
    /// The largest usage figure accepted: far beyond any real workload, and small enough that a figure
    /// times any price stays inside <see cref="decimal"/> (a larger one would overflow the arithmetic).
    /// </summary>
    public const decimal MaxQuantity = 1_000_000_000_000_000m;

    private static decimal ParseQuantity(string text, string where)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (!decimal.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            // 1e400 is a number, just not one decimal holds: say that, not "not a number".
            throw double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var huge) && !double.IsNaN(huge)
                ? new FormatException($"{where}: '{text}' is too large (at most {MaxQuantity:N0})")
                : new FormatException($"{where}: '{text}' is not a non-negative number");
        }

        if (value < 0)
        {
            throw new FormatException($"{where}: '{text}' is not a non-negative number");
        }

        if (value > MaxQuantity)
        {
            throw new FormatException($"{where}: '{text}' is too large (at most {MaxQuantity:N0})");
        }

        return value;
    }

    private static (string Key, string? Resource) Split(string setting)
    {
        var dot = setting.IndexOf('.', StringComparison.Ordinal);
        var key = dot < 0 ? setting : setting[..dot];
        var resource = dot < 0 ? null : setting[(dot + 1)..];
        var known = Keys.FirstOrDefault(k => k.Name == key)
            ?? throw new FormatException($"unknown usage setting '{key}'; known: {string.Join(", ", Keys.Select(k => k.Name))}");
        if (resource is not null && !known.PerResource)
        {
            throw new FormatException($"{key} is stack-wide; it cannot be set for one resource ({setting})");
        }

        if (resource is { Length: 0 })
        {
            throw new FormatException($"'{setting}' names no resource after the dot");
        }

        return (key, resource);
    }

    private UsageAssumptions Copy()
    {
        var copy = new UsageAssumptions();
        foreach (var (k, v) in values)
        {
            copy.values[k] = v;
        }

        foreach (var (k, v) in perResource)
        {
            copy.perResource[k] = v;
        }

        copy.given.UnionWith(given);
        return copy;
    }
}

/// <summary>A usage setting: its name, default, whether it may be given per logical ID, and its meaning.</summary>
public sealed record UsageKey(string Name, decimal Default, bool PerResource, string Description);
