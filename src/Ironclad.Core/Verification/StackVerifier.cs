using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Verification;

/// <summary>What to verify: a stack, and optionally the template it was deployed from.</summary>
public sealed record VerifyTarget(string StackName, string Region)
{
    /// <summary>The template, to compare intent with reality and to position findings on its lines.</summary>
    public CfnTemplate? Template { get; init; }

    /// <summary>How the template's path is written in reports.</summary>
    public string? TemplateDisplayPath { get; init; }

    /// <summary>Parameter values for evaluating the template.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Runs every live check of VERIFY.md against the resources of one stack and reports them as scan
/// results, so that the scan formatters, statuses and exit codes apply unchanged.
/// </summary>
public sealed partial class StackVerifier
{
    /// <summary>The name account-wide findings are reported under (they belong to no stack resource).</summary>
    public const string AccountResource = "account";

    /// <summary>Resources checked at once: enough to hide latency on a 40-function stack, few enough to stay clear of API rate limits.</summary>
    private const int MaxConcurrentResources = 8;

    private readonly AwsReaders aws;

    public StackVerifier(AwsReaders aws) => this.aws = aws;

    public async Task<ScanReport> VerifyAsync(VerifyTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var accountId = await Account(target, cancellationToken).ConfigureAwait(false);
        var resources = await StackResources(target, cancellationToken).ConfigureAwait(false);
        var live = new LiveState(aws, accountId, cancellationToken);
        var outcomes = await CheckAll(live, resources).ConfigureAwait(false);
        return ToReport(target, outcomes);
    }

    private static async Task<List<CheckOutcome>> CheckAll(LiveState live, IReadOnlyList<StackResource> resources)
    {
        var present = resources
            .Where(r => !string.IsNullOrEmpty(r.PhysicalId) && !r.Status.StartsWith("DELETE_", StringComparison.Ordinal))
            .ToList();
        var context = await StackContext.Build(live, present).ConfigureAwait(false);
        using var gate = new SemaphoreSlim(MaxConcurrentResources);
        var perResource = await Task.WhenAll(present.Select(async resource =>
        {
            await gate.WaitAsync(live.CancellationToken).ConfigureAwait(false);
            try
            {
                return await CheckResource(live, context, resource).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        var outcomes = perResource.SelectMany(o => o).ToList();

        if (present.Any(r => r.Type == "AWS::Lambda::Function")
            && await Run(VerifyDescriptors.AccountUnreservedConcurrency, AccountResource, "AWS::Lambda::AccountSettings", () => AccountConcurrency(live)).ConfigureAwait(false) is { } account)
        {
            outcomes.Add(account);
        }

        return outcomes;
    }

    private static async Task<List<CheckOutcome>> CheckResource(LiveState live, StackContext context, StackResource resource)
    {
        var checks = resource.Type switch
        {
            "AWS::Lambda::Function" => FunctionChecks(live, context, resource),
            "AWS::DynamoDB::Table" => TableChecks(live, resource),
            "AWS::S3::Bucket" => BucketChecks(live, context, resource),
            "AWS::KMS::Key" => KeyChecks(live, resource),
            "AWS::KMS::Alias" => AliasChecks(live, resource),
            "AWS::SQS::Queue" => QueueChecks(live, context, resource),
            "AWS::EC2::VPC" => VpcChecks(live, resource),
            "AWS::EC2::NatGateway" => NatGatewayChecks(live, resource),
            "AWS::EC2::RouteTable" => RouteTableChecks(live, resource),
            "AWS::EC2::VPCEndpoint" => EndpointChecks(live, resource),
            _ => [],
        };
        var outcomes = new List<CheckOutcome>();
        foreach (var (rule, check) in checks)
        {
            if (await Run(rule, resource.LogicalId, resource.Type, check).ConfigureAwait(false) is { } outcome)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    internal static async Task<CheckOutcome?> Run(RuleDescriptor rule, string logicalId, string type, Func<Task<LiveVerdict?>> check)
    {
        LiveVerdict? verdict;
        try
        {
            verdict = await check().ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            verdict = FromError(ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            verdict = LiveVerdict.Unknown("cannot verify: a policy document is not valid JSON: " + ex.Message);
        }
#pragma warning disable CA1031 // One check's bug must not abort every other check of the stack.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new CheckOutcome(rule, logicalId, type, ResultStatus.Unknown, $"internal error in check {rule.Id} on {logicalId}: {ex.GetType().Name}: {ex.Message}") { IsError = true };
        }

        return verdict is { } v ? new CheckOutcome(rule, logicalId, type, v.Status, v.Message) : null;
    }

    /// <summary>A denied or failing read makes only this check unknown; a missing resource is a finding.</summary>
    internal static LiveVerdict FromError(AwsCallException ex) => ex.Kind switch
    {
        AwsErrorKind.AccessDenied => LiveVerdict.Unknown($"cannot verify: {ex.Operation} was denied ({ex.Code})"),
        AwsErrorKind.NotFound => LiveVerdict.Fail($"not found live: {ex.Operation} answered {ex.Code}"),
        AwsErrorKind.Unavailable => LiveVerdict.Unknown($"cannot verify: {ex.Operation} kept failing ({ex.Code}) after retries"),
        _ => LiveVerdict.Unknown($"cannot verify: {ex.Operation} failed ({ex.Code}: {ex.Message})"),
    };

    private async Task<string> Account(VerifyTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await aws.Sts.GetAccountIdAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.Unavailable)
        {
            throw new VerifyException($"cannot reach AWS in region {target.Region} ({ex.Code}): check --region, --endpoint-url and the network", ex);
        }
        catch (AwsCallException ex)
        {
            throw new VerifyException($"cannot use the AWS credentials in region {target.Region}: {ex.Code}", ex);
        }
    }

    private async Task<IReadOnlyList<StackResource>> StackResources(VerifyTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await aws.CloudFormation.ListStackResourcesAsync(target.StackName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            throw new VerifyException($"stack '{target.StackName}' does not exist in region {target.Region} (check --stack and --region)", ex);
        }
        catch (AwsCallException ex)
        {
            throw new VerifyException($"cannot list the resources of stack '{target.StackName}' in region {target.Region}: {ex.Code}", ex);
        }
    }

    private static ScanReport ToReport(VerifyTarget target, List<CheckOutcome> outcomes)
    {
        var file = target.Template is null ? "stack:" + target.StackName : target.TemplateDisplayPath ?? target.Template.Document.Path;
        var intended = Intended(target, file);
        var errors = outcomes.Where(o => o.IsError).Select(o =>
        {
            var key = target.Template?.FindResource(o.LogicalId)?.Key.Span.Start;
            return new ScanError(file, key?.Line ?? 1, key?.Column ?? 1, o.Message, o.Rule.Id, o.LogicalId);
        }).ToList();
        var results = outcomes.Where(o => !o.IsError).Select(o =>
        {
            var key = target.Template?.FindResource(o.LogicalId)?.Key.Span.Start;
            var message = o.Message;
            if (o.Status == ResultStatus.Fail && intended.TryGetValue((o.Rule.Id, o.LogicalId), out var planned) && planned == ResultStatus.Pass)
            {
                message = "drift: the template sets this, but live " + message;
            }

            return new ScanResult(o.Rule, o.Status, file, o.LogicalId, o.ResourceType, key?.Line ?? 1, key?.Column ?? 1, message);
        }).ToList();
        var rules = outcomes.Select(o => o.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new ScanReport(results, errors, rules, target.Template is null ? 0 : 1);
    }

    /// <summary>The template's own verdict per (rule, resource): a rule that passes there but fails live is drift.</summary>
    private static Dictionary<(string, string), ResultStatus> Intended(VerifyTarget target, string file)
    {
        if (target.Template is null)
        {
            return [];
        }

        var scanner = new Scanner(RuleCatalog.All, new ScanOptions { Parameters = target.Parameters });
        var (results, _) = scanner.Scan(target.Template, file);
        return results
            .GroupBy(r => (r.Rule.Id, r.Resource))
            .ToDictionary(g => g.Key, g => g.First().Status);
    }
}
