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
/// Runs every live check (see docs/design/verify.md) against the resources of one stack and its
/// nested stacks, and reports them as scan results, so that the scan formatters, statuses and exit
/// codes apply unchanged.
/// </summary>
public sealed partial class StackVerifier
{
    /// <summary>The name account-wide findings are reported under (they belong to no stack resource).</summary>
    public const string AccountResource = "account";

    /// <summary>The name the root stack's own findings (its status, nothing checkable) are reported under.</summary>
    public const string StackResourceName = "stack";

    /// <summary>Nested stacks deeper than this are reported, not followed: CloudFormation itself stops far earlier in practice.</summary>
    private const int MaxNestingDepth = 16;

    private static readonly HashSet<string> NestedStackTypes = new(StringComparer.Ordinal) { "AWS::CloudFormation::Stack", "AWS::Serverless::Application" };

    private static readonly HashSet<string> CheckedTypes = new(StringComparer.Ordinal)
    {
        "AWS::Lambda::Function", "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::KMS::Key", "AWS::KMS::Alias", "AWS::SQS::Queue",
        "AWS::EC2::VPC", "AWS::EC2::NatGateway", "AWS::EC2::RouteTable", "AWS::EC2::VPCEndpoint",
        "AWS::SNS::Topic", "AWS::Kinesis::Stream", "AWS::StepFunctions::StateMachine", "AWS::SecretsManager::Secret",
        "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy",
    };

    private readonly AwsReaders aws;
    private readonly int concurrency;

    /// <param name="concurrency">Resources checked at once; each resource's reads run one after another.</param>
    public StackVerifier(AwsReaders aws, int concurrency = 8)
    {
        this.aws = aws;
        this.concurrency = Math.Max(1, concurrency);
    }

    public async Task<ScanReport> VerifyAsync(VerifyTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var accountId = await Account(target, cancellationToken).ConfigureAwait(false);
        var root = await RootStack(target, cancellationToken).ConfigureAwait(false);
        var live = new LiveState(aws, accountId, cancellationToken);
        var walk = new List<(StackDescription Stack, string Prefix, IReadOnlyList<StackResource> Resources)>();
        var outcomes = new List<CheckOutcome> { StackStatus(root, StackResourceName, "AWS::CloudFormation::Stack") };
        await Walk(live, target.Region, root, string.Empty, 0, walk, outcomes).ConfigureAwait(false);

        var all = walk.SelectMany(w => w.Resources.Select(r => r with { LogicalId = w.Prefix + r.LogicalId })).ToList();
        if (target.Template is { } template)
        {
            RequireTemplateOfStack(template, target, walk.Count > 0 ? walk[0].Resources : []);
        }

        var present = all.Where(r => !string.IsNullOrEmpty(r.PhysicalId) && !IsDeleted(r) && !r.Status.EndsWith("_FAILED", StringComparison.Ordinal)).ToList();
        // A nested stack that exists reports its own state (IC9015); one that never got a physical ID is reported here.
        outcomes.AddRange(all.Where(r => !IsDeleted(r) && !(NestedStackTypes.Contains(r.Type) && !string.IsNullOrEmpty(r.PhysicalId))).Select(Deployment).OfType<CheckOutcome>());
        var checkable = present.Where(r => CheckedTypes.Contains(r.Type)).ToList();
        outcomes.AddRange(await CheckAll(live, checkable, target).ConfigureAwait(false));
        if (checkable.Count == 0)
        {
            var types = all.Select(r => r.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            outcomes.Add(new CheckOutcome(VerifyDescriptors.SomethingChecked, StackResourceName, "AWS::CloudFormation::Stack", ResultStatus.Fail, types.Count == 0
                ? "nothing was checked: the stack has no resources"
                : $"nothing was checked: none of its {all.Count} resource{(all.Count == 1 ? "" : "s")} ({string.Join(", ", types)}) is of a type verify checks"));
        }

        var physical = all.GroupBy(r => r.LogicalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().PhysicalId, StringComparer.Ordinal);
        physical[StackResourceName] = root.StackId ?? root.Name;
        var deployed = target.Template is null ? await DeployedTemplate(root, accountId, target.Region, cancellationToken).ConfigureAwait(false) : null;
        return ToReport(target, accountId, outcomes, physical, deployed, root.Name);
    }

    /// <summary>
    /// Where results of a run without <c>--template</c> point: the stack's deployed template, named by
    /// a URI since it is no file of the user's (docs/design/verify.md, "Reports without a template").
    /// </summary>
    public static string TemplateUri(string account, string region, string stackName) => $"cloudformation://{account}/{region}/{stackName}/template";

    /// <summary>The template CloudFormation holds for the stack (GetTemplate), to give results its lines; null when it cannot be read or parsed, and results then point at line 1.</summary>
    private async Task<CfnTemplate?> DeployedTemplate(StackDescription root, string accountId, string region, CancellationToken cancellationToken)
    {
        try
        {
            var body = await aws.CloudFormation.GetTemplateAsync(root.StackId ?? root.Name, cancellationToken).ConfigureAwait(false);
            return CfnTemplate.From(TemplateDocument.Parse(TemplateUri(accountId, region, root.Name), body));
        }
        catch (AwsCallException)
        {
            return null;
        }
        catch (TemplateLoadException)
        {
            return null;
        }
    }

    private static bool IsDeleted(StackResource resource) => resource.Status.StartsWith("DELETE_", StringComparison.Ordinal);

    /// <summary>Lists a stack's resources and follows its nested stacks; <paramref name="prefix"/> is the path of logical IDs that leads to it.</summary>
    private async Task Walk(LiveState live, string region, StackDescription stack, string prefix, int depth, List<(StackDescription, string, IReadOnlyList<StackResource>)> walk, List<CheckOutcome> outcomes)
    {
        IReadOnlyList<StackResource> resources;
        try
        {
            resources = await aws.CloudFormation.ListStackResourcesAsync(stack.StackId ?? stack.Name, live.CancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (depth == 0)
        {
            throw new VerifyException($"cannot list the resources of stack '{stack.Name}' in region {region}: {ex.Code}", ex);
        }

        walk.Add((stack, prefix, resources));
        foreach (var nested in resources.Where(r => NestedStackTypes.Contains(r.Type) && !string.IsNullOrEmpty(r.PhysicalId) && !IsDeleted(r)))
        {
            var path = prefix + nested.LogicalId;
            if (depth + 1 >= MaxNestingDepth)
            {
                outcomes.Add(new CheckOutcome(VerifyDescriptors.StackStable, path, nested.Type, ResultStatus.Unknown, $"not followed: nested more than {MaxNestingDepth} stacks deep"));
                continue;
            }

            StackDescription child;
            try
            {
                child = await aws.CloudFormation.DescribeStackAsync(nested.PhysicalId!, live.CancellationToken).ConfigureAwait(false);
                await Walk(live, region, child, path + "/", depth + 1, walk, outcomes).ConfigureAwait(false);
            }
            catch (AwsCallException ex)
            {
                outcomes.Add(new CheckOutcome(ex.Kind == AwsErrorKind.NotFound ? VerifyDescriptors.ResourceExists : VerifyDescriptors.StackStable, path, nested.Type, FromError(ex).Status, Gone(ex) ?? FromError(ex).Message));
                continue;
            }

            outcomes.Add(StackStatus(child, path, nested.Type));
        }
    }

    /// <summary>A stack that is not in a stable complete state was left half-made by a failed create, update or delete.</summary>
    private static CheckOutcome StackStatus(StackDescription stack, string resource, string type)
    {
        var status = stack.Status;
        var reason = stack.StatusReason is { Length: > 0 } r ? $" ({r})" : string.Empty;
        var unstable = status.EndsWith("_FAILED", StringComparison.Ordinal) || status.StartsWith("ROLLBACK_", StringComparison.Ordinal)
            || status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) || status.StartsWith("DELETE_", StringComparison.Ordinal) || status.StartsWith("REVIEW_", StringComparison.Ordinal);
        return new CheckOutcome(VerifyDescriptors.StackStable, resource, type, unstable ? ResultStatus.Fail : ResultStatus.Pass, unstable
            ? $"stack {stack.Name} is {status}{reason}: its resources are not what the template describes"
            : $"stack {stack.Name} is {status}");
    }

    /// <summary>A resource that failed or never got a physical ID is a finding, never silently dropped.</summary>
    private static CheckOutcome? Deployment(StackResource resource)
    {
        var reason = resource.StatusReason is { Length: > 0 } r ? $": {r}" : string.Empty;
        if (resource.Status.EndsWith("_FAILED", StringComparison.Ordinal))
        {
            return new CheckOutcome(VerifyDescriptors.ResourceDeployed, resource.LogicalId, resource.Type, ResultStatus.Fail, string.IsNullOrEmpty(resource.PhysicalId)
                ? $"{resource.Status} with no physical ID{reason}"
                : $"{resource.Status} ({resource.PhysicalId}){reason}");
        }

        return string.IsNullOrEmpty(resource.PhysicalId)
            ? new CheckOutcome(VerifyDescriptors.ResourceDeployed, resource.LogicalId, resource.Type, ResultStatus.Fail, $"{resource.Status} with no physical ID: the resource does not exist yet{reason}")
            : null;
    }

    private async Task<List<CheckOutcome>> CheckAll(LiveState live, IReadOnlyList<StackResource> resources, VerifyTarget target)
    {
        var context = await StackContext.Build(live, resources).ConfigureAwait(false);
        using var gate = new SemaphoreSlim(concurrency);
        var perResource = await Task.WhenAll(resources.Select(async resource =>
        {
            await gate.WaitAsync(live.CancellationToken).ConfigureAwait(false);
            try
            {
                var planned = target.Template?.FindResource(resource.LogicalId)?.Properties;
                return await CheckResource(live, context, resource, planned).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        var outcomes = perResource.SelectMany(o => o).ToList();

        if (resources.Any(r => r.Type == "AWS::Lambda::Function")
            && await Run(VerifyDescriptors.AccountUnreservedConcurrency, AccountResource, "AWS::Lambda::AccountSettings", () => AccountConcurrency(live)).ConfigureAwait(false) is { } account)
        {
            outcomes.Add(account);
        }

        return outcomes;
    }

    private static async Task<List<CheckOutcome>> CheckResource(LiveState live, StackContext context, StackResource resource, MappingNode? planned)
    {
        // Not-found answers of any service mean the resource was deleted outside CloudFormation: one
        // finding instead of a check-by-check mixture of failures and unknowns.
        try
        {
            if (!await Exists(live, resource).ConfigureAwait(false))
            {
                return [new CheckOutcome(VerifyDescriptors.ResourceExists, resource.LogicalId, resource.Type, ResultStatus.Fail, $"the resource is gone: {resource.PhysicalId} was deleted outside CloudFormation")];
            }
        }
        catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            return [new CheckOutcome(VerifyDescriptors.ResourceExists, resource.LogicalId, resource.Type, ResultStatus.Fail, Gone(ex)!)];
        }
        catch (AwsCallException)
        {
            // A denied or failing read: each check below reports it for what it needed.
        }

        var checks = resource.Type switch
        {
            "AWS::Lambda::Function" => FunctionChecks(live, context, resource),
            "AWS::DynamoDB::Table" => TableChecks(live, resource),
            "AWS::S3::Bucket" => BucketChecks(live, context, resource, planned),
            "AWS::KMS::Key" => KeyChecks(live, resource),
            "AWS::KMS::Alias" => AliasChecks(live, resource),
            "AWS::SQS::Queue" => QueueChecks(live, context, resource, planned),
            "AWS::EC2::VPC" => VpcChecks(live, resource),
            "AWS::EC2::NatGateway" => NatGatewayChecks(live, resource),
            "AWS::EC2::RouteTable" => RouteTableChecks(live, resource),
            "AWS::EC2::VPCEndpoint" => EndpointChecks(live, resource),
            "AWS::SNS::Topic" => TopicChecks(live, resource),
            "AWS::Kinesis::Stream" => StreamChecks(live, resource),
            "AWS::StepFunctions::StateMachine" => StateMachineChecks(live, resource),
            "AWS::SecretsManager::Secret" => SecretChecks(live, resource),
            "AWS::ApiGateway::RestApi" => RestApiChecks(live, resource),
            "AWS::ApiGatewayV2::Api" => HttpApiChecks(live, resource),
            "AWS::IAM::Role" => RoleChecks(live, resource),
            "AWS::IAM::ManagedPolicy" => ManagedPolicyChecks(live, resource),
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

    /// <summary>The one read that tells whether the resource still exists; the checks reuse its (cached) answer where they can.</summary>
    private static async Task<bool> Exists(LiveState live, StackResource resource)
    {
        var id = resource.PhysicalId!;
        var ct = live.CancellationToken;
        switch (resource.Type)
        {
            case "AWS::Lambda::Function":
                await live.Function(id).ConfigureAwait(false);
                return true;
            case "AWS::DynamoDB::Table":
                await live.Aws.DynamoDb.DescribeTableEncryptionAsync(id, ct).ConfigureAwait(false);
                return true;
            case "AWS::S3::Bucket":
                await live.Versioning(id).ConfigureAwait(false);
                return true;
            case "AWS::KMS::Key":
            case "AWS::KMS::Alias":
                await live.Key(id).ConfigureAwait(false);
                return true;
            case "AWS::SQS::Queue":
                await live.Queue(id).ConfigureAwait(false);
                return true;
            case "AWS::EC2::VPC":
                return (await live.Aws.Ec2.DescribeVpcsAsync([id], ct).ConfigureAwait(false)).Count > 0;
            case "AWS::EC2::NatGateway":
                return (await live.Aws.Ec2.DescribeNatGatewaysByIdAsync([id], ct).ConfigureAwait(false)).Count > 0;
            case "AWS::EC2::RouteTable":
                return (await live.Aws.Ec2.DescribeRouteTablesByIdAsync([id], ct).ConfigureAwait(false)).Count > 0;
            case "AWS::EC2::VPCEndpoint":
                return (await live.Aws.Ec2.DescribeVpcEndpointsByIdAsync([id], ct).ConfigureAwait(false)).Count > 0;
            case "AWS::SNS::Topic":
                await live.Topic(id).ConfigureAwait(false);
                return true;
            case "AWS::Kinesis::Stream":
                await live.Stream(id).ConfigureAwait(false);
                return true;
            case "AWS::StepFunctions::StateMachine":
                await live.StateMachine(id).ConfigureAwait(false);
                return true;
            case "AWS::SecretsManager::Secret":
                await live.Secret(id).ConfigureAwait(false);
                return true;
            case "AWS::ApiGateway::RestApi":
                await live.RestStages(id).ConfigureAwait(false);
                return true;
            case "AWS::ApiGatewayV2::Api":
                await live.ApiStages(id).ConfigureAwait(false);
                return true;
            case "AWS::IAM::Role":
                await live.RoleInlinePolicies(id).ConfigureAwait(false);
                return true;
            case "AWS::IAM::ManagedPolicy":
                await live.ManagedPolicy(id).ConfigureAwait(false);
                return true;
            default:
                return true;
        }
    }

    private static string? Gone(AwsCallException ex) =>
        ex.Kind == AwsErrorKind.NotFound ? $"the resource is gone: {ex.Operation} answered {ex.Code}, so it was deleted outside CloudFormation" : null;

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
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new CheckOutcome(rule, logicalId, type, ResultStatus.Unknown, $"internal error in check {rule.Id} on {logicalId}: {ex.GetType().Name}: {ex.Message}") { IsError = true };
        }

        return verdict is { } v ? new CheckOutcome(rule, logicalId, type, v.Status, v.Message) { Drift = v.Drift } : null;
    }

    /// <summary>A denied or failing read makes only this check unknown; a missing resource is a finding.</summary>
    internal static LiveVerdict FromError(AwsCallException ex) => ex.Kind switch
    {
        AwsErrorKind.AccessDenied => LiveVerdict.Unknown($"cannot verify: {ex.Operation} was denied ({ex.Code})"),
        AwsErrorKind.NotFound => LiveVerdict.Fail($"not found live: {ex.Operation} answered {ex.Code}"),
        AwsErrorKind.Unavailable => LiveVerdict.Unknown($"cannot verify: {ex.Operation} kept failing ({ex.Code}: {ex.Detail}) after retries"),
        _ => LiveVerdict.Unknown($"cannot verify: {ex.Operation} failed ({ex.Code}: {ex.Detail})"),
    };

    private async Task<string> Account(VerifyTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await aws.Sts.GetAccountIdAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.Unavailable)
        {
            throw new VerifyException($"cannot reach AWS in region {target.Region} ({ex.Code}: {ex.Detail}): check --region, --endpoint-url and the network", ex);
        }
        catch (AwsCallException ex)
        {
            throw new VerifyException($"cannot use the AWS credentials in region {target.Region}: {ex.Code}", ex);
        }
    }

    private async Task<StackDescription> RootStack(VerifyTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await aws.CloudFormation.DescribeStackAsync(target.StackName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            throw new VerifyException($"stack '{target.StackName}' does not exist in region {target.Region} (check --stack and --region)", ex);
        }
        catch (AwsCallException ex)
        {
            throw new VerifyException($"cannot read stack '{target.StackName}' in region {target.Region}: {ex.Code}", ex);
        }
    }

    /// <summary>A template none of whose resources is in the stack was deployed somewhere else: comparing them would report nonsense as drift.</summary>
    private static void RequireTemplateOfStack(CfnTemplate template, VerifyTarget target, IReadOnlyList<StackResource> resources)
    {
        var ids = resources.Select(r => r.LogicalId).ToHashSet(StringComparer.Ordinal);
        if (template.Resources.Count > 0 && !template.Resources.Any(r => ids.Contains(r.LogicalId)))
        {
            var sample = string.Join(", ", template.Resources.Take(3).Select(r => r.LogicalId));
            throw new VerifyException($"{target.TemplateDisplayPath ?? template.Document.Path} does not belong to stack '{target.StackName}': none of its {template.Resources.Count} resources ({sample}{(template.Resources.Count > 3 ? ", ..." : "")}) is in the stack");
        }
    }

    private static ScanReport ToReport(VerifyTarget target, string accountId, List<CheckOutcome> outcomes, Dictionary<string, string?> physical, CfnTemplate? deployed, string stackName)
    {
        var file = target.Template is null ? TemplateUri(accountId, target.Region, stackName) : target.TemplateDisplayPath ?? target.Template.Document.Path;
        var intended = Intended(target, file);

        // The deployed template only places results. A nested stack's resource is placed at the line
        // of the nested stack in the root template: its own template is another artifact.
        var located = target.Template ?? deployed;
        SourcePosition? Located(string logicalId) =>
            (located?.FindResource(logicalId) ?? located?.FindResource(logicalId.Split('/')[0]))?.Key.Span.Start;

        var errors = outcomes.Where(o => o.IsError).Select(o =>
        {
            var key = Located(o.LogicalId);
            return new ScanError(file, key?.Line ?? 1, key?.Column ?? 1, o.Message, o.Rule.Id, o.LogicalId);
        }).ToList();
        var results = outcomes.Where(o => !o.IsError).Select(o =>
        {
            var definition = target.Template?.FindResource(o.LogicalId);
            var key = Located(o.LogicalId);
            var message = o.Message;
            var drift = o.Drift;
            if (o.Status == ResultStatus.Fail && definition is not null
                && (drift || (intended.TryGetValue((o.Rule.Id, o.LogicalId), out var planned) ? planned == ResultStatus.Pass : DriftIntent.SetsVerifyOnlyIntent(o.Rule.Id, definition))))
            {
                drift = true;
                message = DriftIntent.Describe(o.Rule.Id, definition) + message;
                key = DriftIntent.Property(o.Rule.Id, definition)?.Key.Span.Start ?? key;
            }

            var live = new LiveLocation(accountId, target.Region, target.StackName, physical.GetValueOrDefault(o.LogicalId), drift);
            return new ScanResult(o.Rule, o.Status, file, o.LogicalId, o.ResourceType, key?.Line ?? 1, key?.Column ?? 1, message) { Live = live };
        }).ToList();
        var rules = outcomes.Select(o => o.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new ScanReport(results, errors, rules, 1) { Subject = "stack" };
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
