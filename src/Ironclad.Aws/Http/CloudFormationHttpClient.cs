using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>CloudFormation over the query protocol (AWSSDK.CloudFormation is not served here).</summary>
internal sealed class CloudFormationHttpClient : ICloudFormationReader
{
    private const string Version = "2010-05-15";
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint endpoint;

    public CloudFormationHttpClient(AwsHttpTransport transport, ServiceEndpoint endpoint)
    {
        this.transport = transport;
        this.endpoint = endpoint;
    }

    public async Task<IReadOnlyList<StackResource>> ListStackResourcesAsync(string stackName, CancellationToken cancellationToken)
    {
        var resources = new List<StackResource>();
        string? next = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("StackName", stackName) };
            if (next is not null)
            {
                parameters.Add(new("NextToken", next));
            }

            System.Xml.Linq.XElement root;
            try
            {
                root = await transport.QueryAsync(endpoint, "ListStackResources", Version, parameters, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex) when (ex.Code == "ValidationError" && ex.Message.Contains("does not exist", StringComparison.Ordinal))
            {
                // CloudFormation answers a missing stack with a generic ValidationError.
                throw new AwsCallException(ex.Operation, AwsErrorKind.NotFound, "StackNotFound", $"stack {stackName} does not exist", ex);
            }

            var result = root.Find("ListStackResourcesResult");
            resources.AddRange(result.Child("StackResourceSummaries").Members().Select(m => new StackResource(
                m.ChildText("LogicalResourceId") ?? string.Empty,
                m.ChildText("PhysicalResourceId"),
                m.ChildText("ResourceType") ?? string.Empty,
                m.ChildText("ResourceStatus") ?? string.Empty)));
            next = result.ChildText("NextToken") is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return resources;
    }
}
