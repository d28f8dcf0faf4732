using System.Diagnostics;
using Amazon.Runtime;
using Ironclad.Aws.Http;
using Ironclad.Aws.Tests.Support;
using Ironclad.Core.Verification;

namespace Ironclad.Aws.Tests;

/// <summary>
/// Every client, the SDK's (STS) and our own (CloudFormation), against an endpoint that never
/// answers, answers garbage, sends an endless body or trickles it: each is a transport failure with
/// the call named, within the call timeout, and never a crash or a hang.
/// </summary>
public sealed class TransportBoundsTests
{
    private static readonly CallLimits Limits = new(TimeSpan.FromSeconds(2), 1024 * 1024);

    public TransportBoundsTests()
    {
        // The runner resolves credentials through the SDK's chain; the same values as MotoServer's.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", MotoServer.AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", MotoServer.SecretAccessKey);
    }

    public static TheoryData<Misbehaviour, string> Cases => new()
    {
        { Misbehaviour.Silent, "Timeout" },
        { Misbehaviour.Garbage, "InvalidResponse" },
        { Misbehaviour.Endless, "ResponseTooLarge" },
        { Misbehaviour.Trickle, "Timeout" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Our_own_http_client_turns_a_misbehaving_endpoint_into_a_named_failure(Misbehaviour behaviour, string code)
    {
        using var server = new MisbehavingServer(behaviour);
        using var connection = Open(server.Endpoint);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsCallException>(() => connection.Readers.CloudFormation.ListStackResourcesAsync("app", CancellationToken.None));

        Assert.Equal(("ListStackResources", code), (error.Operation, error.Code));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(server.Sent < 8 * 1024 * 1024, $"read {server.Sent} bytes");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_sdk_clients_turn_a_misbehaving_endpoint_into_a_named_failure(Misbehaviour behaviour, string code)
    {
        using var server = new MisbehavingServer(behaviour);
        using var connection = Open(server.Endpoint);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsCallException>(() => connection.Readers.Sts.GetAccountIdAsync(CancellationToken.None));

        Assert.Equal("GetCallerIdentity", error.Operation);
        Assert.Contains(code, error.Code + " " + error.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(server.Sent < 8 * 1024 * 1024, $"read {server.Sent} bytes");
    }

    [Fact]
    public async Task A_run_against_an_endpoint_that_never_answers_ends_with_one_line_within_its_bound()
    {
        using var server = new MisbehavingServer(Misbehaviour.Silent);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<Core.Verification.VerifyException>(() => VerifyRunner.RunAsync(new VerifyOptions
        {
            Stacks = ["app"],
            Regions = ["us-east-1"],
            EndpointUrl = server.Endpoint,
            Retry = new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero),
            Limits = Limits,
        }));

        Assert.Equal("cannot reach AWS in region us-east-1 (Timeout: no answer within the call timeout): check --region, --endpoint-url and the network", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_whole_run_is_bounded_even_when_every_call_is_retried()
    {
        using var server = new MisbehavingServer(Misbehaviour.Silent);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<Core.Verification.VerifyException>(() => VerifyRunner.RunAsync(new VerifyOptions
        {
            Stacks = ["app"],
            Regions = ["us-east-1"],
            EndpointUrl = server.Endpoint,
            Limits = Limits,
            RunTimeout = TimeSpan.FromSeconds(3),
        }));

        Assert.Equal("verify did not finish within 3 s (--timeout): an endpoint is not answering, or the run needs a longer bound", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_default_backoff_waits_several_seconds_with_jitter()
    {
        var policy = BackoffPolicy.Default;
        var caps = Enumerable.Range(0, policy.MaxAttempts - 1).Select(a => Math.Min(policy.MaxDelay.TotalSeconds, policy.BaseDelay.TotalSeconds * Math.Pow(2, a))).ToList();
        var delays = Enumerable.Range(0, 200).Select(_ => policy.Delay(3).TotalSeconds).ToList();

        Assert.Equal(5, policy.MaxAttempts);
        Assert.Equal(15, caps.Sum());
        Assert.All(delays, d => Assert.InRange(d, 0, 8));
        Assert.True(delays.Distinct().Count() > 150, "the delays are not jittered");
    }

    private static AwsConnection Open(Uri endpoint) =>
        AwsConnection.Open(
            new VerifyOptions { EndpointUrl = endpoint, Retry = new BackoffPolicy(1, TimeSpan.Zero, TimeSpan.Zero), Limits = Limits },
            "us-east-1",
            new BasicAWSCredentials("AKIDEXAMPLE", "secret"));
}
