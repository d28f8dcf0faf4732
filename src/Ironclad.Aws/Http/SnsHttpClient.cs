using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>SNS over the query protocol (AWSSDK.SimpleNotificationService is not served here): GetTopicAttributes only.</summary>
internal sealed class SnsHttpClient : ISnsReader
{
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public SnsHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken)
    {
        var root = await transport.QueryAsync(endpoint, "GetTopicAttributes", "2010-03-31", [new("TopicArn", topicArn)], cancellationToken).ConfigureAwait(false);
        return root.Find("GetTopicAttributesResult").Child("Attributes")?.Elements()
            .Where(e => e.Name.LocalName == "entry" && e.ChildText("key") is not null)
            .GroupBy(e => e.ChildText("key")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().ChildText("value") ?? string.Empty, StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
