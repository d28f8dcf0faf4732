using System.Text.Json;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Http;

/// <summary>
/// Kinesis, Step Functions and Secrets Manager over their JSON protocols (their SDK packages are not
/// served here): one Describe call each. Requests are written by hand, as for Organizations, because
/// the serializer's reflection path is not available to the Native AOT binary.
/// </summary>
internal sealed class JsonReaders : IKinesisReader, IStepFunctionsReader, ISecretsManagerReader
{
    private readonly AwsHttpTransport transport;
    private readonly ServiceEndpoint kinesis;
    private readonly ServiceEndpoint states;
    private readonly ServiceEndpoint secrets;

    public JsonReaders(AwsHttpTransport transport, ServiceEndpoint kinesis, ServiceEndpoint states, ServiceEndpoint secrets)
    {
        this.transport = transport;
        this.kinesis = kinesis;
        this.states = states;
        this.secrets = secrets;
    }

    public async Task<StreamEncryption> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken)
    {
        using var json = await transport.JsonAsync(kinesis, "Kinesis_20131202", "DescribeStreamSummary", Request("StreamName", streamName), cancellationToken).ConfigureAwait(false);
        var summary = Property(json.RootElement, "StreamDescriptionSummary");
        return new StreamEncryption(Text(summary, "EncryptionType") ?? "NONE", Text(summary, "KeyId"));
    }

    public async Task<StateMachineSettings> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        using var json = await transport.JsonAsync(states, "AWSStepFunctions", "DescribeStateMachine", Request("stateMachineArn", stateMachineArn), cancellationToken, "1.0").ConfigureAwait(false);
        var logging = Property(json.RootElement, "loggingConfiguration");
        var groups = Property(logging, "destinations") is { ValueKind: JsonValueKind.Array } destinations
            ? destinations.EnumerateArray().Select(d => Text(Property(d, "cloudWatchLogsLogGroup"), "logGroupArn")).OfType<string>().ToList()
            : [];
        var tracing = Property(Property(json.RootElement, "tracingConfiguration"), "enabled") is { ValueKind: JsonValueKind.True };
        return new StateMachineSettings(Text(logging, "level") ?? "OFF", groups, tracing);
    }

    public async Task<string?> DescribeSecretKmsKeyAsync(string secretId, CancellationToken cancellationToken)
    {
        using var json = await transport.JsonAsync(secrets, "secretsmanager", "DescribeSecret", Request("SecretId", secretId), cancellationToken).ConfigureAwait(false);
        return Text(json.RootElement, "KmsKeyId");
    }

    private static string Request(string name, string value) => $"{{\"{name}\":\"{JsonEncodedText.Encode(value)}\"}}";

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
