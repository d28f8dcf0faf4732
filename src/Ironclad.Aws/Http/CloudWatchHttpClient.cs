using System.Globalization;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>CloudWatch over the query protocol (AWSSDK.CloudWatch is not served here).</summary>
internal sealed class CloudWatchHttpClient : ICloudWatchReader
{
    private const string Version = "2010-08-01";
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public CloudWatchHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    public async Task<IReadOnlyList<MetricAlarm>> DescribeAlarmsAsync(CancellationToken cancellationToken)
    {
        var alarms = new List<MetricAlarm>();
        string? next = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("MaxRecords", "100") };
            if (next is not null)
            {
                parameters.Add(new("NextToken", next));
            }

            var root = await transport.QueryAsync(endpoint, "DescribeAlarms", Version, parameters, cancellationToken).ConfigureAwait(false);
            var result = root.Find("DescribeAlarmsResult");
            alarms.AddRange(result.Child("MetricAlarms").Members().Select(m => new MetricAlarm(
                m.ChildText("AlarmName") ?? string.Empty,
                m.ChildText("Namespace"),
                m.ChildText("MetricName"),
                m.Child("Dimensions").Members()
                    .Select(d => (Name: d.ChildText("Name"), Value: d.ChildText("Value")))
                    .Where(d => d.Name is not null)
                    .DistinctBy(d => d.Name)
                    .ToDictionary(d => d.Name!, d => d.Value ?? string.Empty, StringComparer.Ordinal),
                double.TryParse(m.ChildText("Threshold"), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) ? threshold : null,
                m.ChildText("ComparisonOperator"),
                !string.Equals(m.ChildText("ActionsEnabled"), "false", StringComparison.OrdinalIgnoreCase))));
            next = result.ChildText("NextToken") is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return alarms;
    }
}
