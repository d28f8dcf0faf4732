using System.Text.RegularExpressions;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.EC2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SQS;
using Ironclad.Aws.Http;
using Ironclad.Aws.Sdk;
using Ironclad.Core.Verification;

namespace Ironclad.Aws;

/// <summary>
/// Builds every reader verify needs from one set of credentials, one region and an optional endpoint:
/// SDK clients where the package is served, signed HTTP clients for Lambda, CloudFormation,
/// CloudWatch and IAM.
/// </summary>
public sealed partial class AwsConnection : IDisposable
{
    /// <summary>One attempt of one call; with the bounded retries a hung endpoint costs minutes, not hours.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly List<IDisposable> owned;

    private AwsConnection(string region, AwsReaders readers, List<IDisposable> owned)
    {
        Region = region;
        Readers = readers;
        this.owned = owned;
    }

    public string Region { get; }

    public AwsReaders Readers { get; }

    public static AwsConnection Open(VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CredentialProfile? profile = null;
        if (options.Profile is { } name && !TryGetProfile(name, out profile))
        {
            throw new VerifyException($"AWS profile '{name}' was not found in the shared config or credentials file");
        }

        var region = options.Region
            ?? profile?.Region?.SystemName
            ?? Environment.GetEnvironmentVariable("AWS_REGION")
            ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")
            ?? throw new VerifyException("no AWS region: pass --region or set AWS_REGION");
        if (!RegionName().IsMatch(region))
        {
            throw new VerifyException($"'{region}' is not an AWS region name (such as us-east-1)");
        }

        return Build(options, region, Credentials(profile));
    }

    /// <summary>The named profile; a shared config or credentials file the SDK cannot parse is bad input, one line and exit 2.</summary>
    private static bool TryGetProfile(string name, out CredentialProfile? profile)
    {
        try
        {
            var found = new CredentialProfileStoreChain().TryGetProfile(name, out var read);
            profile = read;
            return found;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new VerifyException($"cannot read the AWS shared config or credentials file for profile '{name}': {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    private static AwsConnection Build(VerifyOptions options, string region, AWSCredentials credentials)
    {
        var owned = new List<IDisposable>();
        T Config<T>(T config)
            where T : ClientConfig
        {
            if (options.EndpointUrl is { } endpoint)
            {
                config.ServiceURL = endpoint.ToString();
                config.AuthenticationRegion = region;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }

            config.MaxErrorRetry = Math.Max(0, options.Retry.MaxAttempts - 1);
            config.Timeout = CallTimeout;
            config.RetryMode = RequestRetryMode.Standard;
            return config;
        }

        T Own<T>(T client)
            where T : IDisposable
        {
            owned.Add(client);
            return client;
        }

        var http = Own(new HttpClient { Timeout = CallTimeout });
        var transport = new AwsHttpTransport(http, async ct => Signing(await credentials.GetCredentialsAsync().ConfigureAwait(false)), options.Retry);
        ServiceEndpoint Endpoint(string prefix, string service) => options.EndpointUrl is { } url
            ? new ServiceEndpoint(url, region, service)
            : new ServiceEndpoint(new Uri($"https://{prefix}.{region}.{DnsSuffix(region)}/"), region, service);

        var readers = new AwsReaders(
            new CloudFormationHttpClient(transport, Endpoint("cloudformation", "cloudformation")),
            new LambdaHttpClient(transport, Endpoint("lambda", "lambda")),
            new KmsReader(Own(new AmazonKeyManagementServiceClient(credentials, Config(new AmazonKeyManagementServiceConfig())))),
            new DynamoDbReader(Own(new AmazonDynamoDBClient(credentials, Config(new AmazonDynamoDBConfig())))),
            new S3Reader(Own(new AmazonS3Client(credentials, Config(new AmazonS3Config { ForcePathStyle = options.EndpointUrl is not null })))),
            new SqsReader(Own(new AmazonSQSClient(credentials, Config(new AmazonSQSConfig())))),
            new Ec2Reader(Own(new AmazonEC2Client(credentials, Config(new AmazonEC2Config())))),
            new CloudWatchHttpClient(transport, Endpoint("monitoring", "monitoring")),
            new IamHttpClient(transport, options.EndpointUrl is { } iamUrl ? new ServiceEndpoint(iamUrl, region, "iam") : IamEndpoint(region)),
            new StsReader(Own(new AmazonSecurityTokenServiceClient(credentials, Config(new AmazonSecurityTokenServiceConfig())))));
        return new AwsConnection(region, readers, owned);
    }

    private static AWSCredentials Credentials(CredentialProfile? profile)
    {
        try
        {
            if (profile is not null)
            {
                return new CredentialProfileStoreChain().TryGetAWSCredentials(profile.Name, out var fromProfile)
                    ? fromProfile
                    : throw new VerifyException($"AWS profile '{profile.Name}' has no usable credentials");
            }

            return DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException ex)
        {
            // The SDK's message names the sources it tried; it never contains a secret.
            throw new VerifyException("no AWS credentials: " + ex.Message.Split('\n')[0], ex);
        }
    }

    private static SigningCredentials Signing(ImmutableCredentials credentials) =>
        new(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null);

    private static string DnsSuffix(string region) => region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";

    /// <summary>IAM is global: one endpoint per partition, signed for that partition's home region.</summary>
    private static ServiceEndpoint IamEndpoint(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => new(new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), "cn-north-1", "iam"),
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => new(new Uri("https://iam.us-gov.amazonaws.com/"), "us-gov-west-1", "iam"),
        _ => new(new Uri("https://iam.amazonaws.com/"), "us-east-1", "iam"),
    };

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
