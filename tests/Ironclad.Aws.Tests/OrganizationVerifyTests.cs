using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Ironclad.Aws.Http;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Xunit.Abstractions;

namespace Ironclad.Aws.Tests;

/// <summary>
/// An organization on moto_server: three member accounts, two regions, several stacks in each with
/// planted failures, verified in one run through Organizations ListAccounts and STS AssumeRole.
/// </summary>
public sealed class OrganizationVerifyTests : IClassFixture<MotoFixture>, IAsyncLifetime
{
    private const string RoleName = "IroncladAudit";
    private static readonly string[] Regions = ["us-east-1", "eu-west-1"];

    // Key policies are JSON strings: moto's DescribeKey fails on an object KeyPolicy.
    private static readonly string KeyPolicy = JsonSerializer.Serialize("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}");

    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["team-good"] = $$"""
            { "Resources": {
              "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true, "KeyPolicy": {{KeyPolicy}} } },
              "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "KmsMasterKeyId": { "Ref": "Key" } } } } }
            """,
        ["team-keys"] = $$"""
            { "Resources": {
              "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true, "KeyPolicy": {{KeyPolicy}} } },
              "PlainKey": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": false, "KeyPolicy": {{KeyPolicy}} } } } }
            """,
        ["team-tables"] = $$"""
            { "Resources": {
              "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true, "KeyPolicy": {{KeyPolicy}} } },
              "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "KmsMasterKeyId": { "Ref": "Key" } } },
              "PlainTable": { "Type": "AWS::DynamoDB::Table", "Properties": { "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [ { "AttributeName": "id", "AttributeType": "S" } ], "KeySchema": [ { "AttributeName": "id", "KeyType": "HASH" } ] } } } }
            """,
        ["other-service"] = """
            { "Resources": { "PlainQueue": { "Type": "AWS::SQS::Queue" } } }
            """,
    };

    private readonly MotoFixture fixture;
    private readonly ITestOutputHelper log;

    public OrganizationVerifyTests(MotoFixture fixture, ITestOutputHelper log)
    {
        this.fixture = fixture;
        this.log = log;
    }

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_planted_failure_of_every_account_and_region_is_found_in_one_report()
    {
        var members = await CreateOrganization(3);
        foreach (var account in members)
        {
            foreach (var region in Regions)
            {
                foreach (var (name, body) in Templates)
                {
                    await CreateStack(account, region, name, body);
                }
            }
        }

        fixture.Stub.ClearRequests();
        var progress = new List<string>();
        var clock = Stopwatch.StartNew();
        var report = await VerifyRunner.RunAsync(new VerifyOptions
        {
            AllStacks = true,
            StackPrefix = "team-",
            Regions = Regions,
            OrganizationAccounts = true,
            RoleName = RoleName,
            EndpointUrl = fixture.Stub.Endpoint,
            Retry = new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
            Progress = line =>
            {
                lock (progress)
                {
                    progress.Add(line);
                }
            },
        });
        clock.Stop();

        var failures = report.Results.Where(r => r.Status == ResultStatus.Fail)
            .Select(r => (r.Live!.Account, r.Live.Region, r.Live.Stack, r.Rule.Id, r.Resource))
            .Order()
            .ToList();
        var planted = members.SelectMany(a => Regions.SelectMany(region => new[]
        {
            (a, region, "team-keys", "IC4002", "PlainKey"),
            (a, region, "team-tables", "IC2001", "PlainTable"),
            (a, region, "team-tables", "IC2002", "PlainTable"),
            (a, region, "team-tables", "IC2003", "PlainTable"),
        })).Order().ToList();
        Assert.Equal(planted, failures);
        Assert.Empty(report.Errors);
        Assert.Equal(members.Count * Regions.Length * 3, report.Templates);
        Assert.Equal("stack", report.Subject);
        Assert.DoesNotContain(report.Results, r => r.Live!.Stack == "other-service");
        Assert.Equal(members.Order(StringComparer.Ordinal), report.Results.Select(r => r.Live!.Account).Distinct().Order(StringComparer.Ordinal));
        Assert.All(report.Results, r => Assert.Equal($"cloudformation://{r.Live!.Account}/{r.Live.Region}/{r.Live.Stack}/template", r.File));
        Assert.Equal(report.Templates, progress.Count);
        Assert.Contains(progress, p => p.StartsWith($"verify: {report.Templates}/{report.Templates} stacks (", StringComparison.Ordinal));

        Assert.All(fixture.Stub.Requests, r => Assert.True(ReadOnlyPolicy.IsRead(r), $"{r.Method} {r.PathAndQuery} ({r.Service} {r.Operation}) is not a read"));
        var actions = fixture.Stub.Requests.Select(ReadOnlyPolicy.Action).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string> { "organizations:ListAccounts", "sts:AssumeRole", "cloudformation:DescribeStacks", "cloudformation:ListStackResources", "cloudformation:GetTemplate" }, actions);
        Assert.Subset(ReadOnlyPolicy.FromDocs().ToHashSet(StringComparer.Ordinal), actions);

        log.WriteLine($"{report.Templates} stacks in {clock.Elapsed.TotalSeconds:0.00} s: {report.Templates / clock.Elapsed.TotalSeconds:0.0} stacks/s, {fixture.Stub.Requests.Count} requests");
    }

    [Fact]
    public async Task An_account_whose_role_cannot_be_assumed_is_an_error_and_the_others_are_verified()
    {
        var members = await CreateOrganization(1);
        await CreateStack(members[0], Regions[0], "team-keys", Templates["team-keys"]);
        fixture.Stub.Handler = (request, forward) => request.Operation == "AssumeRole" && request.Body.Contains(Uri.EscapeDataString($"arn:aws:iam::{MotoServer.AccountId}:role/"), StringComparison.Ordinal)
            ? Task.FromResult(new StubResponse(403, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>"))
            : forward();

        var report = await VerifyRunner.RunAsync(new VerifyOptions
        {
            AllStacks = true,
            Regions = [Regions[0]],
            OrganizationAccounts = true,
            RoleName = RoleName,
            EndpointUrl = fixture.Stub.Endpoint,
            Retry = new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
        });

        var error = Assert.Single(report.Errors);
        Assert.Equal(($"account:{MotoServer.AccountId}", $"cannot assume arn:aws:iam::{MotoServer.AccountId}:role/{RoleName}: AccessDenied: not authorized to perform sts:AssumeRole"), (error.File, error.Message));
        Assert.Contains(report.Results, r => r.Live!.Account == members[0] && r.Rule.Id == "IC4002" && r.Status == ResultStatus.Fail);
    }

    /// <summary>Creates the organization (the moto account is its management account) and member accounts; returns the members' IDs.</summary>
    private async Task<List<string>> CreateOrganization(int members)
    {
        using var http = new HttpClient();
        var transport = new AwsHttpTransport(http, _ => Task.FromResult(new SigningCredentials("test", "test", null)), new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero));
        var endpoint = new ServiceEndpoint(fixture.Moto.Endpoint, "us-east-1", "organizations");
        (await transport.JsonAsync(endpoint, "AWSOrganizationsV20161128", "CreateOrganization", """{"FeatureSet":"ALL"}""", CancellationToken.None)).Dispose();
        var ids = new List<string>();
        for (var i = 0; i < members; i++)
        {
            using var created = await transport.JsonAsync(endpoint, "AWSOrganizationsV20161128", "CreateAccount", $$"""{"AccountName":"team{{i}}","Email":"team{{i}}@example.com"}""", CancellationToken.None);
            ids.Add(created.RootElement.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!);
        }

        return ids;
    }

    /// <summary>Creates a stack in a member account with that account's assumed-role credentials (moto keys an account by them).</summary>
    private async Task CreateStack(string account, string region, string name, string body)
    {
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials("test", "test"), new AmazonSecurityTokenServiceConfig { ServiceURL = fixture.Moto.Endpoint.ToString(), AuthenticationRegion = region });
        var credentials = (await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{account}:role/setup", RoleSessionName = "setup" })).Credentials;
        using var http = new HttpClient();
        var transport = new AwsHttpTransport(http, _ => Task.FromResult(new SigningCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken)), new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero));
        await transport.QueryAsync(new ServiceEndpoint(fixture.Moto.Endpoint, region, "cloudformation"), "CreateStack", "2010-05-15", [new("StackName", name), new("TemplateBody", body)], CancellationToken.None);
    }
}
