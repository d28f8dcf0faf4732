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
/// CloudWatch, IAM, SNS, Kinesis, Step Functions, Secrets Manager and API Gateway.
/// </summary>
public sealed partial class AwsConnection : IDisposable
{
    private readonly List<IDisposable> owned;

    private AwsConnection(string region, AwsReaders readers, List<IDisposable> owned)
    {
        Region = region;
        Readers = readers;
        this.owned = owned;
    }

    public string Region { get; }

    public AwsReaders Readers { get; }

    /// <summary>The account ID the connection's credentials belong to, once known.</summary>
    public string? Account { get; init; }

    /// <summary>The caller's credentials (profile or default chain) and the regions to verify.</summary>
    public static (AWSCredentials Credentials, IReadOnlyList<string> Regions) Resolve(VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CredentialProfile? profile = null;
        if (options.Profile is { } name && !TryGetProfile(name, out profile))
        {
            throw new VerifyException($"AWS profile '{name}' was not found in the shared config or credentials file");
        }

        var regions = options.Regions.Count > 0
            ? options.Regions.Distinct(StringComparer.Ordinal).ToList()
            : [profile?.Region?.SystemName
                ?? Environment.GetEnvironmentVariable("AWS_REGION")
                ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")
                ?? throw new VerifyException("no AWS region: pass --region or set AWS_REGION")];
        foreach (var region in regions.Where(r => !RegionName().IsMatch(r)))
        {
            throw new VerifyException($"'{region}' is not an AWS region name (such as us-east-1)");
        }

        return (Credentials(profile), regions);
    }

    public static AwsConnection Open(VerifyOptions options, string region, AWSCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Build(options, region, credentials);
    }

    /// <summary>An STS client with the caller's credentials, for AssumeRole into each account.</summary>
    internal static AmazonSecurityTokenServiceClient Sts(VerifyOptions options, string region, AWSCredentials credentials) =>
        new(credentials, Configure(new AmazonSecurityTokenServiceConfig(), options, region, new BoundedHttpClientFactory(options.Limits)));

    /// <summary>The query and JSON transport with the caller's credentials (Organizations has no SDK package here).</summary>
    internal static (AwsHttpTransport Transport, HttpClient Http) Transport(VerifyOptions options, AWSCredentials credentials)
    {
        var http = new HttpClient(new BoundedHandler(options.Limits)) { Timeout = options.Limits.Timeout };
        return (new AwsHttpTransport(http, async ct => Signing(await credentials.GetCredentialsAsync().ConfigureAwait(false)), options.Retry), http);
    }

    /// <summary>Organizations is global: one endpoint per partition, signed for its home region.</summary>
    internal static ServiceEndpoint OrganizationsEndpoint(VerifyOptions options, string region) =>
        options.EndpointUrl is { } url ? new(url, region, "organizations")
        : region.StartsWith("cn-", StringComparison.Ordinal) ? new(new Uri("https://organizations.cn-northwest-1.amazonaws.com.cn/"), "cn-northwest-1", "organizations")
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? new(new Uri("https://organizations.us-gov-west-1.amazonaws.com/"), "us-gov-west-1", "organizations")
        : new(new Uri("https://organizations.us-east-1.amazonaws.com/"), "us-east-1", "organizations");

    private static T Configure<T>(T config, VerifyOptions options, string region, HttpClientFactory factory)
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

        // Standard mode: exponential backoff with full jitter (up to 20 s a wait) and a retry quota
        // that stops retrying when most calls fail, so throttling is honoured, not hammered.
        config.MaxErrorRetry = Math.Max(0, options.Retry.MaxAttempts - 1);
        config.Timeout = options.Limits.Timeout;
        config.RetryMode = RequestRetryMode.Standard;
        config.HttpClientFactory = factory;
        return config;
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
        var factory = new BoundedHttpClientFactory(options.Limits);
        T Config<T>(T config)
            where T : ClientConfig => Configure(config, options, region, factory);

        T Own<T>(T client)
            where T : IDisposable
        {
            owned.Add(client);
            return client;
        }

        var (transport, http) = Transport(options, credentials);
        Own(http);
        ServiceEndpoint Endpoint(string prefix, string service) => options.EndpointUrl is { } url
            ? new ServiceEndpoint(url, region, service)
            : new ServiceEndpoint(new Uri($"https://{prefix}.{region}.{DnsSuffix(region)}/"), region, service);

        var json = new JsonReaders(transport, Endpoint("kinesis", "kinesis"), Endpoint("states", "states"), Endpoint("secretsmanager", "secretsmanager"));
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
            new StsReader(Own(new AmazonSecurityTokenServiceClient(credentials, Config(new AmazonSecurityTokenServiceConfig())))),
            new SnsHttpClient(transport, Endpoint("sns", "sns")),
            json,
            json,
            json,
            new ApiGatewayHttpClient(transport, Endpoint("apigateway", "apigateway")));
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
            // The SDK's message names the sources it tried and why each failed, over several lines; it
            // never contains a secret. All of it, on one line: the reasons are what the user needs.
            var lines = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new VerifyException("no AWS credentials: " + string.Join(" ", lines), ex);
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
