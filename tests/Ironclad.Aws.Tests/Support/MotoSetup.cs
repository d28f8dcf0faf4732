using System.Xml.Linq;
using Amazon.DynamoDBv2;
using Amazon.EC2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ironclad.Aws.Http;

namespace Ironclad.Aws.Tests.Support;

/// <summary>
/// Writes to moto for the tests' setup, straight to moto (not through the stub, so that the stub
/// records only what verify sends): SDK clients where the package exists, signed query calls else.
/// </summary>
public sealed class MotoSetup : IDisposable
{
    private readonly HttpClient http = new();
    private readonly AwsHttpTransport transport;
    private readonly Uri endpoint;

    public MotoSetup(Uri endpoint)
    {
        this.endpoint = endpoint;
        var credentials = new BasicAWSCredentials("test", "test");
        transport = new AwsHttpTransport(http, _ => Task.FromResult(new SigningCredentials("test", "test", null)), new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero));
        Kms = new AmazonKeyManagementServiceClient(credentials, Config(new AmazonKeyManagementServiceConfig()));
        Dynamo = new AmazonDynamoDBClient(credentials, Config(new AmazonDynamoDBConfig()));
        S3 = new AmazonS3Client(credentials, Config(new AmazonS3Config { ForcePathStyle = true }));
        Sqs = new AmazonSQSClient(credentials, Config(new AmazonSQSConfig()));
        Ec2 = new AmazonEC2Client(credentials, Config(new AmazonEC2Config()));
    }

    public AmazonKeyManagementServiceClient Kms { get; }

    public AmazonDynamoDBClient Dynamo { get; }

    public AmazonS3Client S3 { get; }

    public AmazonSQSClient Sqs { get; }

    public AmazonEC2Client Ec2 { get; }

    /// <summary>A query-protocol call (CloudFormation, CloudWatch, IAM) with any action.</summary>
    public Task<XElement> Query(string service, string action, string version, params (string Key, string Value)[] parameters) =>
        transport.QueryAsync(new ServiceEndpoint(endpoint, MotoServer.Region, service), action, version, parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)), CancellationToken.None);

    public void Dispose()
    {
        Kms.Dispose();
        Dynamo.Dispose();
        S3.Dispose();
        Sqs.Dispose();
        Ec2.Dispose();
        http.Dispose();
    }

    private T Config<T>(T config)
        where T : ClientConfig
    {
        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = MotoServer.Region;
        config.MaxErrorRetry = 0;
        return config;
    }
}
