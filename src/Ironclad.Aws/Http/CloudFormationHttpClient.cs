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
            catch (AwsCallException ex) when (ex.Code == "ValidationError" && ex.Detail.Contains("does not exist", StringComparison.Ordinal))
            {
                // CloudFormation answers a missing stack with a generic ValidationError.
                throw new AwsCallException(ex.Operation, AwsErrorKind.NotFound, "StackNotFound", $"stack {stackName} does not exist", ex);
            }

            var result = root.Find("ListStackResourcesResult");
            resources.AddRange(result.Child("StackResourceSummaries").Members().Select(m => new StackResource(
                m.ChildText("LogicalResourceId") ?? string.Empty,
                m.ChildText("PhysicalResourceId"),
                m.ChildText("ResourceType") ?? string.Empty,
                m.ChildText("ResourceStatus") ?? string.Empty,
                m.ChildText("ResourceStatusReason"))));
            next = result.ChildText("NextToken") is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return resources;
    }

    public async Task<StackDescription> DescribeStackAsync(string stackName, CancellationToken cancellationToken)
    {
        var stacks = await DescribeAsync(stackName, cancellationToken).ConfigureAwait(false);
        return stacks.Count > 0 ? stacks[0] : throw new AwsCallException("DescribeStacks", AwsErrorKind.NotFound, "StackNotFound", $"stack {stackName} does not exist");
    }

    public Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(CancellationToken cancellationToken) => DescribeAsync(null, cancellationToken);

    public async Task<string> GetTemplateAsync(string stackName, CancellationToken cancellationToken)
    {
        var root = await Query("GetTemplate", [new("StackName", stackName), new("TemplateStage", "Original")], stackName, cancellationToken).ConfigureAwait(false);
        return root.Find("GetTemplateResult").ChildText("TemplateBody") is { Length: > 0 } body
            ? body
            : throw new AwsCallException("GetTemplate", AwsErrorKind.Failed, "InvalidResponse", $"no TemplateBody for stack {stackName}");
    }

    private async Task<IReadOnlyList<StackDescription>> DescribeAsync(string? stackName, CancellationToken cancellationToken)
    {
        var stacks = new List<StackDescription>();
        string? next = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>>();
            if (stackName is not null)
            {
                parameters.Add(new("StackName", stackName));
            }

            if (next is not null)
            {
                parameters.Add(new("NextToken", next));
            }

            var result = (await Query("DescribeStacks", parameters, stackName, cancellationToken).ConfigureAwait(false)).Find("DescribeStacksResult");
            stacks.AddRange(result.Child("Stacks").Members().Select(m => new StackDescription(
                m.ChildText("StackName") ?? string.Empty,
                m.ChildText("StackId"),
                m.ChildText("StackStatus") ?? string.Empty,
                m.ChildText("StackStatusReason"),
                m.Child("Tags").Members().Where(t => t.ChildText("Key") is not null).GroupBy(t => t.ChildText("Key")!).ToDictionary(g => g.Key, g => g.First().ChildText("Value") ?? string.Empty, StringComparer.Ordinal),
                m.ChildText("ParentId") is { Length: > 0 } parent ? parent : null)));
            next = result.ChildText("NextToken") is { Length: > 0 } token ? token : null;
        }
        while (next is not null);
        return stacks;
    }

    private async Task<System.Xml.Linq.XElement> Query(string action, List<KeyValuePair<string, string>> parameters, string? stackName, CancellationToken cancellationToken)
    {
        try
        {
            return await transport.QueryAsync(endpoint, action, Version, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (ex.Code == "ValidationError" && ex.Detail.Contains("does not exist", StringComparison.Ordinal))
        {
            throw new AwsCallException(ex.Operation, AwsErrorKind.NotFound, "StackNotFound", $"stack {stackName} does not exist", ex);
        }
    }
}
