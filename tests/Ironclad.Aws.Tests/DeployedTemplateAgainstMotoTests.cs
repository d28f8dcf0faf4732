using System.Text.Json;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Ironclad.Aws.Http;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests;

/// <summary>
/// Nested stacks as moto_server's CloudFormation really creates them (the child template in S3), and
/// results placed on the lines of the template CloudFormation holds (GetTemplate) when no --template is given.
/// </summary>
public sealed class DeployedTemplateAgainstMotoTests : IClassFixture<MotoFixture>, IAsyncLifetime, IDisposable
{
    private const string Parent = "ic-parent";

    // The child's key policy is a JSON string: moto's DescribeKey fails on an object KeyPolicy.
    private const string Child = """
        {
          "Resources": {
            "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "ic-child-queue" } },
            "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": false,
              "KeyPolicy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}" } }
          }
        }
        """;

    private const string ParentTemplate = """
        AWSTemplateFormatVersion: '2010-09-09'
        Description: a parent whose only checkable resources are in its nested stack
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          Network:
            Type: AWS::CloudFormation::Stack
            Properties:
              TemplateURL: https://s3.amazonaws.com/ic-templates/child.json
        """;

    private readonly MotoFixture fixture;
    private readonly MotoSetup aws;

    public DeployedTemplateAgainstMotoTests(MotoFixture fixture)
    {
        this.fixture = fixture;
        aws = new MotoSetup(fixture.Moto.Endpoint);
    }

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => aws.Dispose();

    [Fact]
    public async Task A_nested_stack_with_an_unencrypted_queue_and_a_key_without_rotation_fails_under_its_path()
    {
        await CreateParentAsync();

        var report = await VerifyRunner.RunAsync(Options());

        var statuses = report.Results.Select(r => (r.Rule.Id, r.Resource, r.Status)).Order().ToList();
        Assert.Equal(
            new[]
            {
                ("IC4001", "Network/Queue", ResultStatus.Fail),
                ("IC4002", "Network/Key", ResultStatus.Fail),
                ("IC6101", "Topic", ResultStatus.Fail),
                ("IC9015", "Network", ResultStatus.Pass),
                ("IC9015", StackVerifier.StackResourceName, ResultStatus.Pass),
            }.Order().ToList(),
            statuses);
        var queue = Assert.Single(report.Results, r => r.Resource == "Network/Queue");
        Assert.Equal(("https://sqs.us-east-1.amazonaws.com/123456789012/ic-child-queue", Parent), (queue.Live!.PhysicalId, queue.Live.Stack));

        var (code, _, _) = await InProcess(["verify", "--stack", Parent, "--region", MotoServer.Region, "--endpoint-url", fixture.Stub.Endpoint.ToString(), "--quiet"]);
        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Sarif_without_a_template_points_at_the_deployed_template_and_its_lines()
    {
        await CreateParentAsync();

        var (code, stdout, stderr) = await InProcess(["verify", "--stack", Parent, "--region", MotoServer.Region, "--endpoint-url", fixture.Stub.Endpoint.ToString(), "--format", "sarif"]);

        Assert.Equal((1, string.Empty), (code, stderr));
        using var sarif = JsonDocument.Parse(stdout);
        var locations = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (Rule: r.GetProperty("ruleId").GetString()!, Location: r.GetProperty("locations")[0].GetProperty("physicalLocation")))
            .Select(r => (r.Rule, Uri: r.Location.GetProperty("artifactLocation").GetProperty("uri").GetString()!, BaseId: r.Location.GetProperty("artifactLocation").TryGetProperty("uriBaseId", out _), Line: r.Location.GetProperty("region").GetProperty("startLine").GetInt32()))
            .Order()
            .ToList();

        // The topic at its own line (Topic:, line 4); the nested stack's failures at the line of the nested stack (Network:, line 6).
        var uri = $"cloudformation://{MotoServer.AccountId}/{MotoServer.Region}/{Parent}/template";
        Assert.Equal(new[] { ("IC4001", uri, false, 6), ("IC4002", uri, false, 6), ("IC6101", uri, false, 4) }, locations);
        Assert.Contains(fixture.Stub.Requests, r => r.Operation == "GetTemplate");
    }

    [Fact]
    public async Task Template_out_saves_the_deployed_template_and_verifies_against_its_lines()
    {
        await CreateParentAsync();
        var dir = Directory.CreateTempSubdirectory("ironclad-template-out-").FullName;
        try
        {
            var saved = Path.Combine(dir, "deployed.yaml");

            var report = await VerifyRunner.RunAsync(Options() with { TemplateOutPath = saved, BaseDirectory = dir });

            Assert.Equal(ParentTemplate, await File.ReadAllTextAsync(saved));
            Assert.All(report.Results, r => Assert.Equal("deployed.yaml", r.File));
            Assert.Equal(6, Assert.Single(report.Results, r => r.Resource == "Network/Queue").Line);
            var stack = Assert.Single(report.Results, r => r.Resource == StackVerifier.StackResourceName);
            Assert.Equal((1, 1), (stack.Line, stack.Column));

            var both = await Assert.ThrowsAsync<VerifyException>(() => VerifyRunner.RunAsync(Options() with { TemplateOutPath = saved, TemplatePath = saved }));
            Assert.Equal("--template and --template-out exclude each other: --template-out fetches the template --template would name", both.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task CreateParentAsync()
    {
        await aws.S3.PutBucketAsync("ic-templates");
        await aws.S3.PutObjectAsync(new PutObjectRequest { BucketName = "ic-templates", Key = "child.json", ContentBody = Child });
        await aws.Query("cloudformation", "CreateStack", "2010-05-15", ("StackName", Parent), ("TemplateBody", ParentTemplate));

        // moto gives new queues SSE-SQS; this one is made plain, as an unencrypted queue is.
        var queueUrl = (await aws.Sqs.GetQueueUrlAsync("ic-child-queue")).QueueUrl;
        await aws.Sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = queueUrl, Attributes = new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "false" } });
    }

    private VerifyOptions Options() => new()
    {
        Stacks = [Parent],
        Regions = [MotoServer.Region],
        EndpointUrl = fixture.Stub.Endpoint,
        Retry = new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
    };

    private static async Task<(int Code, string Stdout, string Stderr)> InProcess(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Task.Run(() => Cli.App.Run(args, output, error));
        return (code, output.ToString(), error.ToString());
    }
}
