using Ironclad.Aws.Http;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests;

/// <summary>
/// verify against a stack on moto_server: every check on a compliant and a non-compliant resource.
/// Requests go through the stub, which adds what moto does not keep (Lambda DeadLetterConfig,
/// KMSKeyArn) and answers what it lacks (GetAccountSettings), and records every request.
/// </summary>
public sealed class VerifyAgainstMotoTests : IClassFixture<MotoFixture>, IAsyncLifetime, IDisposable
{
    private static readonly Dictionary<(string Rule, string Resource), ResultStatus> Expected = new()
    {
        [("IC4002", "GoodKey")] = ResultStatus.Pass,
        [("IC4002", "PlainKey")] = ResultStatus.Fail,
        [("IC9009", "GoodAlias")] = ResultStatus.Pass,
        [("IC4001", "DeadLetterQueue")] = ResultStatus.Pass,
        [("IC9007", "DeadLetterQueue")] = ResultStatus.Pass,
        [("IC9008", "DeadLetterQueue")] = ResultStatus.Pass,
        [("IC4001", "ShortDeadLetterQueue")] = ResultStatus.Pass,
        [("IC9007", "ShortDeadLetterQueue")] = ResultStatus.Fail,
        [("IC9008", "ShortDeadLetterQueue")] = ResultStatus.Fail,
        [("IC4001", "PlainQueue")] = ResultStatus.Fail,
        [("IC2001", "GoodTable")] = ResultStatus.Pass,
        [("IC2002", "GoodTable")] = ResultStatus.Pass,
        [("IC2001", "BadTable")] = ResultStatus.Fail,
        [("IC2002", "BadTable")] = ResultStatus.Fail,
        [("IC3001", "SiteBucket")] = ResultStatus.Pass,
        [("IC3002", "SiteBucket")] = ResultStatus.Pass,
        [("IC3003", "SiteBucket")] = ResultStatus.Pass,
        [("IC3004", "SiteBucket")] = ResultStatus.Pass,
        [("IC3005", "SiteBucket")] = ResultStatus.Pass,
        [("IC3006", "SiteBucket")] = ResultStatus.Pass,
        [("IC9013", "SiteBucket")] = ResultStatus.Pass,
        [("IC9014", "SiteBucket")] = ResultStatus.Pass,
        [("IC3002", "LogBucket")] = ResultStatus.Pass,
        [("IC3003", "LogBucket")] = ResultStatus.Pass,
        [("IC3005", "LogBucket")] = ResultStatus.Pass,
        [("IC3006", "LogBucket")] = ResultStatus.Pass,
        [("IC9010", "LogBucket")] = ResultStatus.Pass,
        [("IC9014", "LogBucket")] = ResultStatus.Pass,
        [("IC3001", "ReplicaBucket")] = ResultStatus.Fail,
        [("IC3002", "ReplicaBucket")] = ResultStatus.Pass,
        [("IC3003", "ReplicaBucket")] = ResultStatus.Fail,
        [("IC3005", "ReplicaBucket")] = ResultStatus.Fail,
        [("IC3006", "ReplicaBucket")] = ResultStatus.Fail,
        [("IC9014", "ReplicaBucket")] = ResultStatus.Fail,
        [("IC3001", "BareBucket")] = ResultStatus.Fail,
        [("IC3002", "BareBucket")] = ResultStatus.Fail,
        [("IC3003", "BareBucket")] = ResultStatus.Fail,
        [("IC3004", "BareBucket")] = ResultStatus.Fail,
        [("IC3005", "BareBucket")] = ResultStatus.Fail,
        [("IC3006", "BareBucket")] = ResultStatus.Fail,
        [("IC3001", "LeakyBucket")] = ResultStatus.Fail,
        [("IC3002", "LeakyBucket")] = ResultStatus.Pass,
        [("IC3003", "LeakyBucket")] = ResultStatus.Fail,
        [("IC3004", "LeakyBucket")] = ResultStatus.Pass,
        [("IC3005", "LeakyBucket")] = ResultStatus.Fail,
        [("IC3006", "LeakyBucket")] = ResultStatus.Fail,
        [("IC9013", "LeakyBucket")] = ResultStatus.Fail,
        [("IC9014", "LeakyBucket")] = ResultStatus.Fail,
        [("IC3001", "UnversionedBucket")] = ResultStatus.Fail,
        [("IC3002", "UnversionedBucket")] = ResultStatus.Fail,
        [("IC3003", "UnversionedBucket")] = ResultStatus.Fail,
        [("IC3005", "UnversionedBucket")] = ResultStatus.Fail,
        [("IC3006", "UnversionedBucket")] = ResultStatus.Fail,
        [("IC9003", "Vpc")] = ResultStatus.Pass,
        [("IC9004", "NatGateway")] = ResultStatus.Pass,
        [("IC9005", "PrivateRouteTable")] = ResultStatus.Pass,
        [("IC9005", "IsolatedRouteTable")] = ResultStatus.Fail,
        [("IC9006", "S3Endpoint")] = ResultStatus.Pass,
        [("IC9006", "SqsEndpoint")] = ResultStatus.Fail,
        [("IC1001", "GoodFunction")] = ResultStatus.Pass,
        [("IC1002", "GoodFunction")] = ResultStatus.Pass,
        [("IC1003", "GoodFunction")] = ResultStatus.Pass,
        [("IC1004", "GoodFunction")] = ResultStatus.Pass,
        [("IC1005", "GoodFunction")] = ResultStatus.Pass,
        [("IC9002", "GoodFunction")] = ResultStatus.Pass,
        [("IC9011", "GoodFunction")] = ResultStatus.Pass,
        [("IC9012", "GoodFunction")] = ResultStatus.Pass,
        [("IC1001", "BadFunction")] = ResultStatus.Fail,
        [("IC1002", "BadFunction")] = ResultStatus.Fail,
        [("IC1003", "BadFunction")] = ResultStatus.Fail,
        [("IC1004", "BadFunction")] = ResultStatus.Fail,
        [("IC1005", "BadFunction")] = ResultStatus.Fail,
        [("IC1001", "IsolatedFunction")] = ResultStatus.Pass,
        [("IC1002", "IsolatedFunction")] = ResultStatus.Pass,
        [("IC1003", "IsolatedFunction")] = ResultStatus.Pass,
        [("IC1004", "IsolatedFunction")] = ResultStatus.Pass,
        [("IC1005", "IsolatedFunction")] = ResultStatus.Pass,
        [("IC9002", "IsolatedFunction")] = ResultStatus.Fail,
        [("IC9011", "IsolatedFunction")] = ResultStatus.Fail,
        [("IC9012", "IsolatedFunction")] = ResultStatus.Fail,
        [("IC2003", "GoodTable")] = ResultStatus.Fail,
        [("IC2003", "BadTable")] = ResultStatus.Fail,
        [("IC1006", "GoodFunction")] = ResultStatus.Pass,
        [("IC1007", "GoodFunction")] = ResultStatus.Fail,
        [("IC1006", "BadFunction")] = ResultStatus.Pass,
        [("IC1007", "BadFunction")] = ResultStatus.Fail,
        [("IC1006", "IsolatedFunction")] = ResultStatus.Pass,
        [("IC1007", "IsolatedFunction")] = ResultStatus.Fail,
        [("IC7001", "FunctionRole")] = ResultStatus.Pass,
        [("IC7002", "FunctionRole")] = ResultStatus.Pass,
        [("IC7003", "FunctionRole")] = ResultStatus.Pass,
        [("IC7004", "FunctionRole")] = ResultStatus.Pass,
        [("IC7005", "FunctionRole")] = ResultStatus.Pass,
        [("IC7006", "FunctionRole")] = ResultStatus.Pass,
        [("IC7007", "FunctionRole")] = ResultStatus.Fail,
        [("IC7001", "IsolatedRole")] = ResultStatus.Pass,
        [("IC7002", "IsolatedRole")] = ResultStatus.Pass,
        [("IC7003", "IsolatedRole")] = ResultStatus.Pass,
        [("IC7004", "IsolatedRole")] = ResultStatus.Pass,
        [("IC7005", "IsolatedRole")] = ResultStatus.Pass,
        [("IC7006", "IsolatedRole")] = ResultStatus.Pass,
        [("IC7007", "IsolatedRole")] = ResultStatus.Fail,
        [("IC7001", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7002", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7003", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7004", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7005", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7006", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7007", "ReplicationRole")] = ResultStatus.Pass,
        [("IC7001", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC7002", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC7003", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC7004", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC7005", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC7006", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC7007", "WeakReplicationRole")] = ResultStatus.Pass,
        [("IC9001", StackVerifier.AccountResource)] = ResultStatus.Pass,
        [("IC9015", StackVerifier.StackResourceName)] = ResultStatus.Pass,
    };

    private readonly MotoFixture fixture;
    private readonly MotoSetup aws;

    public VerifyAgainstMotoTests(MotoFixture fixture)
    {
        this.fixture = fixture;
        aws = new MotoSetup(fixture.Moto.Endpoint);
    }

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => aws.Dispose();

    [Fact]
    public async Task Every_check_reports_the_expected_status()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();

        var report = await Verify();

        var actual = report.Results.ToDictionary(r => (r.Rule.Id, r.Resource), r => r.Status);
        Assert.Equal(Expected.OrderBy(e => e.Key).ToList(), actual.OrderBy(e => e.Key).ToList());
        // Without --template, results point at the template CloudFormation holds (GetTemplate), at each resource's line.
        var lines = Scenario.Template.Split('\n');
        (int, int) Position(string resource) =>
            lines.Select((text, i) => (Line: i + 1, Column: text.IndexOf($"\"{resource}\": {{", StringComparison.Ordinal) + 1)).FirstOrDefault(p => p.Column > 0, (Line: 1, Column: 1));
        Assert.All(report.Results, r => Assert.Equal(($"cloudformation://{Scenario.Account}/{MotoServer.Region}/{Scenario.StackName}/template", Position(r.Resource)), (r.File, (r.Line, r.Column))));
        Assert.Equal((43, 5), Position("GoodFunction"));
        Assert.Equal(Expected.Values.Count(s => s == ResultStatus.Fail), report.Failures.Count());
    }

    [Fact]
    public async Task Diagnoses_explain_what_will_go_wrong_with_the_evidence()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();

        var report = await Verify();

        var isolatedSubnet = scenario.PhysicalIds["IsolatedSubnet"];
        Assert.Equal($"calls to AWS will time out: {isolatedSubnet} has no NAT route and no endpoint for dynamodb, sqs", Message(report, "IC9011", "IsolatedFunction"));
        Assert.Equal(
            $"KMS access denied: arn:aws:iam::{Scenario.Account}:role/ic-isolated has no kms:Decrypt on {scenario.KeyArn("PlainKey")} (add KMSDecryptPolicy or an equivalent statement)",
            Message(report, "IC9012", "IsolatedFunction"));
        Assert.Equal(
            "replication will fail: the destination ic-unversioned is not versioned; the role ic-weak-replication lacks s3:GetObjectVersionForReplication on arn:aws:s3:::ic-leaky/*, s3:GetObjectVersionAcl on arn:aws:s3:::ic-leaky/*, s3:ReplicateObject on arn:aws:s3:::ic-unversioned/*",
            Message(report, "IC9013", "LeakyBucket"));
        Assert.Equal("storage grows without bound: versioning is on and no lifecycle rule expires noncurrent versions", Message(report, "IC9014", "ReplicaBucket"));
        Assert.Contains("alarm Lambda-DLQ-Messages watches ApproximateNumberOfVisibleMessages, a metric that does not exist", Message(report, "IC9008", "ShortDeadLetterQueue"), StringComparison.Ordinal);
        Assert.Equal("messages are kept 345600 s (4 days), not 1209600 s (14 days)", Message(report, "IC9007", "ShortDeadLetterQueue"));
        Assert.Equal("environment variable LEGACY_KEY looks like an AWS access key ID (the value is not shown)", Message(report, "IC1005", "BadFunction"));
        Assert.DoesNotContain(report.Results, r => r.Message.Contains("AKIAIOSFODNN7EXAMPLE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_rules_are_reported_under_their_scan_identity()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();

        var report = await Verify();

        var concurrency = Assert.Single(report.Results, r => r.Resource == "BadFunction" && r.Rule.Matches("CKV_AWS_115"));
        Assert.Same(RuleCatalog.Find("IC1001")!.Descriptor, concurrency.Rule);
        Assert.Single(report.Results, r => r.Resource == "SiteBucket" && r.Rule.Matches("s3-bucket-replication-enabled"));
        Assert.Single(report.Results, r => r.Resource == "BareBucket" && r.Rule.Matches("CKV_AWS_55"));
        Assert.All(VerifyDescriptors.All, d => Assert.Null(RuleCatalog.Find(d.Id)));
        Assert.DoesNotContain(report.Results, r => r.Message.Contains(MotoServer.SecretAccessKey, StringComparison.Ordinal) || r.Message.Contains(MotoServer.AccessKeyId, StringComparison.Ordinal));
        Assert.Equal("AWS::Lambda::Function", concurrency.ResourceType);
    }

    [Fact]
    public async Task Every_request_verify_sends_is_a_read()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();
        fixture.Stub.ClearRequests();

        await Verify();

        var requests = fixture.Stub.Requests;
        Assert.True(requests.Count > 50, $"only {requests.Count} requests were recorded");
        Assert.All(requests, r => Assert.True(IsRead(r), $"{r.Method} {r.PathAndQuery} ({r.Service} {r.Operation}) is not a read"));
        var actions = requests.Select(ReadOnlyPolicy.Action).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(ReadOnlyPolicy.FromDocs().ToHashSet(StringComparer.Ordinal), actions);
        Assert.Contains("cloudformation:DescribeStacks", actions);
        var services = requests.Select(r => r.Service).ToHashSet();
        Assert.Superset(new HashSet<string> { "sts", "cloudformation", "lambda", "kms", "dynamodb", "s3", "sqs", "ec2", "monitoring", "iam" }, services);
        Assert.All(requests, r => Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={MotoServer.AccessKeyId}/", r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Body.Contains(MotoServer.SecretAccessKey, StringComparison.Ordinal) || r.Headers.Values.Any(v => v.Contains(MotoServer.SecretAccessKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_property_the_template_sets_but_the_stack_lacks_is_drift_at_the_template_line()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();
        var template = Path.Combine(Path.GetTempPath(), $"ironclad-verify-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(template, """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              GoodFunction:
                Type: AWS::Lambda::Function
                Properties:
                  ReservedConcurrentExecutions: 5
              BadFunction:
                Type: AWS::Lambda::Function
                Properties:
                  ReservedConcurrentExecutions: 10
            """);
        try
        {
            var report = await Verify(template);

            var drift = Assert.Single(report.Results, r => r.Rule.Id == "IC1001" && r.Resource == "BadFunction");
            Assert.Equal(ResultStatus.Fail, drift.Status);
            Assert.Equal("drift: the template sets ReservedConcurrentExecutions: 10 (line 10), but live no reserved concurrency (GetFunctionConcurrency is empty)", drift.Message);
            Assert.Equal((Path.GetFullPath(template), 10, 7), (drift.File, drift.Line, drift.Column));
            Assert.True(drift.Live!.Drift);
            var good = Assert.Single(report.Results, r => r.Rule.Id == "IC1001" && r.Resource == "GoodFunction");
            Assert.Equal((ResultStatus.Pass, 3), (good.Status, good.Line));
            var notInTemplate = Assert.Single(report.Results, r => r.Rule.Id == "IC1001" && r.Resource == "IsolatedFunction");
            Assert.Equal((Path.GetFullPath(template), 1), (notInTemplate.File, notInTemplate.Line));
            Assert.DoesNotContain(report.Results, r => r.Resource != "BadFunction" && r.Message.StartsWith("drift", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(template);
        }
    }

    [Fact]
    public async Task A_denied_call_makes_only_its_check_unknown()
    {
        var scenario = await Scenario.CreateAsync(aws);
        var lambda = scenario.LambdaStub();
        fixture.Stub.Handler = (request, forward) => request.PathAndQuery == "/2019-09-30/functions/ic-good/concurrency"
            ? Task.FromResult(AwsStub.Json("""{"Type":"User","Message":"User: arn:aws:sts::123456789012:assumed-role/auditor is not authorized to perform: lambda:GetFunctionConcurrency"}""", 403, "AccessDeniedException"))
            : lambda(request, forward);

        var report = await Verify();

        var denied = Assert.Single(report.Results, r => r.Rule.Id == "IC1001" && r.Resource == "GoodFunction");
        Assert.Equal((ResultStatus.Unknown, "cannot verify: GetFunctionConcurrency was denied (AccessDeniedException)"), (denied.Status, denied.Message));
        Assert.Equal(ResultStatus.Pass, Assert.Single(report.Results, r => r.Rule.Id == "IC1002" && r.Resource == "GoodFunction").Status);
        Assert.Equal(ResultStatus.Fail, Assert.Single(report.Results, r => r.Rule.Id == "IC1001" && r.Resource == "BadFunction").Status);
        Assert.Equal(Expected.Count, report.Results.Count);
    }

    [Fact]
    public async Task Throttling_is_retried_and_persistent_server_errors_give_up_after_the_bound()
    {
        var scenario = await Scenario.CreateAsync(aws);
        var lambda = scenario.LambdaStub();
        var throttled = 0;
        var accountCalls = 0;
        fixture.Stub.Handler = (request, forward) =>
        {
            if (request.Operation == "ListStackResources" && Interlocked.Increment(ref throttled) <= 2)
            {
                return Task.FromResult(new StubResponse(400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"));
            }

            if (request.PathAndQuery.StartsWith("/2016-08-19/account-settings", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref accountCalls);
                return Task.FromResult(AwsStub.Json("""{"message":"Service unavailable"}""", 503, "ServiceException"));
            }

            return lambda(request, forward);
        };

        var report = await Verify(retry: new BackoffPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));

        Assert.Equal(3, fixture.Stub.Requests.Count(r => r.Operation == "ListStackResources"));
        Assert.Equal(3, accountCalls);
        var account = Assert.Single(report.Results, r => r.Rule.Id == "IC9001");
        Assert.Equal((ResultStatus.Unknown, "cannot verify: GetAccountSettings kept failing (ServiceException: Service unavailable) after retries"), (account.Status, account.Message));
        Assert.Equal(ResultStatus.Pass, Assert.Single(report.Results, r => r.Rule.Id == "IC1001" && r.Resource == "GoodFunction").Status);
    }

    [Fact]
    public async Task An_account_that_keeps_fewer_than_100_unreserved_executions_fails()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub(unreserved: 10);

        var report = await Verify();

        var account = Assert.Single(report.Results, r => r.Rule.Id == "IC9001");
        Assert.Equal(ResultStatus.Fail, account.Status);
        Assert.Equal("10 of 1000 concurrent executions are unreserved; Lambda needs 100: request a quota increase or lower the reservations", account.Message);
    }

    [Fact]
    public async Task A_stack_that_does_not_exist_is_a_one_line_error()
    {
        var error = await Assert.ThrowsAsync<VerifyException>(() => VerifyRunner.RunAsync(Options("no-such-stack")));

        Assert.Equal("stack 'no-such-stack' does not exist in region us-east-1 (check --stack and --region)", error.Message);
    }

    [Fact]
    public async Task A_malformed_region_is_a_one_line_error()
    {
        var error = await Assert.ThrowsAsync<VerifyException>(() => VerifyRunner.RunAsync(Options(Scenario.StackName) with { Regions = ["us-east"] }));

        Assert.Equal("'us-east' is not an AWS region name (such as us-east-1)", error.Message);
    }

    [Fact]
    public async Task The_cli_reports_in_the_scan_formats_with_the_scan_exit_codes()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();
        string[] common = ["verify", "--stack", Scenario.StackName, "--region", MotoServer.Region, "--endpoint-url", fixture.Stub.Endpoint.ToString()];
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Task.Run(() => Cli.App.Run([.. common, "--format", "json"], output, error));

        Assert.Equal((1, string.Empty), (code, error.ToString()));
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Contains(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("resource").GetString() == "BadFunction" && r.GetProperty("status").GetString() == "fail");

        using var missingOut = new StringWriter();
        using var missingError = new StringWriter();
        var missing = await Task.Run(() => Cli.App.Run(["verify", "--stack", "no-such-stack", "--region", MotoServer.Region, "--endpoint-url", fixture.Stub.Endpoint.ToString()], missingOut, missingError));
        Assert.Equal((2, "ironclad: stack 'no-such-stack' does not exist in region us-east-1 (check --stack and --region)" + Environment.NewLine), (missing, missingError.ToString()));
        Assert.Equal(string.Empty, missingOut.ToString());
    }

    [Fact]
    public async Task Fail_on_and_soft_fail_work_as_in_scan_and_an_error_still_writes_json()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();
        string[] common = ["verify", "--stack", Scenario.StackName, "--region", MotoServer.Region, "--endpoint-url", fixture.Stub.Endpoint.ToString(), "--format", "json"];

        var (failOnCritical, _, _) = await InProcess([.. common, "--fail-on", "critical"]);
        var (failOnInfo, _, _) = await InProcess([.. common, "--fail-on", "info"]);
        var (softFail, _, _) = await InProcess([.. common, "--soft-fail"]);
        var (missing, stdout, stderr) = await InProcess(["verify", "--stack", "no-such-stack", "--region", MotoServer.Region, "--endpoint-url", fixture.Stub.Endpoint.ToString(), "--format", "json"]);

        Assert.Equal((0, 1, 0), (failOnCritical, failOnInfo, softFail));
        Assert.Equal(2, missing);
        Assert.Equal("ironclad: stack 'no-such-stack' does not exist in region us-east-1 (check --stack and --region)" + Environment.NewLine, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("stack 'no-such-stack' does not exist in region us-east-1 (check --stack and --region)", error.GetProperty("message").GetString());
        Assert.Empty(json.RootElement.GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task A_bucket_and_a_queue_deleted_outside_cloudformation_are_one_finding_each()
    {
        var scenario = await Scenario.CreateAsync(aws);
        fixture.Stub.Handler = scenario.LambdaStub();
        await aws.S3.DeleteBucketAsync("ic-bare");
        await aws.Sqs.DeleteQueueAsync(scenario.PhysicalIds["PlainQueue"]);

        var report = await Verify();

        var bucket = Assert.Single(report.Results, r => r.Resource == "BareBucket");
        Assert.Equal(("IC9017", ResultStatus.Fail), (bucket.Rule.Id, bucket.Status));
        Assert.StartsWith("the resource is gone: GetBucketVersioning answered NoSuchBucket", bucket.Message, StringComparison.Ordinal);
        var queue = Assert.Single(report.Results, r => r.Resource == "PlainQueue");
        Assert.Equal(("IC9017", ResultStatus.Fail), (queue.Rule.Id, queue.Status));
        Assert.StartsWith("the resource is gone: GetQueueAttributes answered ", queue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_message_names_every_source_tried()
    {
        var dir = Directory.CreateTempSubdirectory("ironclad-nocreds-").FullName;
        try
        {
            var (code, stdout, stderr) = await RunCli(dir, "verify", "--stack", "app", "--region", "us-east-1", "--endpoint-url", fixture.Stub.Endpoint.ToString());

            Assert.Equal((2, string.Empty), (code, stdout));
            Assert.StartsWith("ironclad: no AWS credentials: ", stderr, StringComparison.Ordinal);
            Assert.Single(stderr.TrimEnd('\n').Split('\n'));
            Assert.False(stderr.TrimEnd().EndsWith(':'), stderr);
            Assert.Contains("Environment", stderr, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task An_endpoint_nobody_answers_is_a_one_line_error()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var error = await Assert.ThrowsAsync<VerifyException>(() => VerifyRunner.RunAsync(Options(Scenario.StackName) with { EndpointUrl = new Uri($"http://127.0.0.1:{port}/") }));

        Assert.StartsWith("cannot reach AWS in region us-east-1 (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("): check --region, --endpoint-url and the network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_supplies_the_region_and_the_credentials()
    {
        // A child process: the SDK reads the shared files' locations once per process.
        var dir = Directory.CreateTempSubdirectory("ironclad-profile-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "credentials"), "[audit]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = ProfileSecretNeverPrinted\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "config"), "[profile audit]\nregion = eu-west-1\n");
        try
        {
            var (code, stdout, stderr) = await RunCli(dir, "verify", "--stack", "no-such-stack", "--profile", "audit", "--endpoint-url", fixture.Stub.Endpoint.ToString());

            Assert.Equal((2, string.Empty, "ironclad: stack 'no-such-stack' does not exist in region eu-west-1 (check --stack and --region)\n"), (code, stdout, stderr));
            Assert.NotEmpty(fixture.Stub.Requests);
            Assert.All(fixture.Stub.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAPROFILEKEY000001/", r.Headers["Authorization"], StringComparison.Ordinal));
            Assert.All(fixture.Stub.Requests, r => Assert.Contains("/eu-west-1/", r.Headers["Authorization"], StringComparison.Ordinal));

            var unknown = await RunCli(dir, "verify", "--stack", "app", "--profile", "nope", "--endpoint-url", fixture.Stub.Endpoint.ToString());
            Assert.Equal((2, "ironclad: AWS profile 'nope' was not found in the shared config or credentials file\n"), (unknown.Code, unknown.Stderr));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunCli(string awsDirectory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ironclad.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(awsDirectory, "credentials");
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(awsDirectory, "config");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> InProcess(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Task.Run(() => Cli.App.Run(args, output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static bool IsRead(StubRequest request)
    {
        static bool ReadName(string operation) =>
            operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal);

        return request.Operation is { } operation
            ? ReadName(operation)
            : request.Method is "GET" or "HEAD";
    }

    private static string Message(ScanReport report, string rule, string resource) =>
        Assert.Single(report.Results, r => r.Rule.Id == rule && r.Resource == resource).Message;

    private VerifyOptions Options(string stack, string? template = null, BackoffPolicy? retry = null) => new()
    {
        Stacks = [stack],
        Regions = [MotoServer.Region],
        EndpointUrl = fixture.Stub.Endpoint,
        TemplatePath = template,
        Retry = retry ?? new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
    };

    private Task<ScanReport> Verify(string? template = null, BackoffPolicy? retry = null) =>
        VerifyRunner.RunAsync(Options(Scenario.StackName, template, retry));
}
