using Ironclad.Core.Editing;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Hardening.Fixes;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// Turns a template's findings into one plan of format-preserving edits that give it the hardened
/// architecture of docs/design/hardening.md. <c>fix</c> applies the plan; <c>cost</c> prices the same plan.
/// </summary>
public static class Hardener
{
    public static HardeningPlan Plan(CfnTemplate template, HardeningOptions options) => Plan(template, options, Facts(template, options), scanned: null);

    /// <summary>The facts a plan of <paramref name="template"/> evaluates: the template with the options' parameter values.</summary>
    internal static TemplateFacts Facts(CfnTemplate template, HardeningOptions options) => new(template, new Evaluator(template, options.Parameters));

    /// <summary>
    /// Plans with facts the caller keeps (made by <see cref="Facts"/>), and tells <paramref name="scanned"/> when the scan
    /// has evaluated them: fix's self-check shares its second plan's facts with the cost line this way.
    /// </summary>
    internal static HardeningPlan Plan(CfnTemplate template, HardeningOptions options, TemplateFacts facts, Action? scanned)
    {
        var scanner = new Scanner(options.Rules, new ScanOptions { Parameters = options.Parameters, Only = options.Only, Skip = options.Skip });
        var (results, errors) = scanner.Scan(template, template.Document.Path, facts);
        scanned?.Invoke();
        var context = new PlanContext(template, options, results, facts);

        var lambda = Step(context, LambdaFix.Apply, new LambdaFixResult());
        Step(context, DynamoDbFix.Apply);
        var s3 = Step(context, S3Fix.Apply, new S3FixResult());
        var replication = Step(context, c => ReplicationFix.Apply(c, s3), new ReplicationFixResult());
        var cloudFront = Step(context, CloudFrontFix.Apply, new CloudFrontFixResult());
        Step(context, CompanionFix.Apply);
        Step(context, TopicEncryptionFix.Apply);
        Step(context, SecretKeyFix.Apply);
        Step(context, StateMachineLoggingFix.Apply);
        Step(context, StateMachineTracingFix.Apply);
        Step(context, ApiGatewayLoggingFix.Apply);
        Step(context, c => PermissionFix.Apply(c, lambda));
        Step(context, c => EndpointFix.Apply(c, lambda));
        Step(context, c => MonitoringFix.Apply(c, lambda));
        Step(context, TracingFix.Apply);
        Step(context, ProtectionFix.Apply);
        Step(context, SourceAccountFix.Apply);
        Step(context, IamAdvice.Apply);
        Step(context, c => S3Fix.FinishAccessLogging(c, s3, replication, cloudFront));
        var limited = LimitedFunctions(context, lambda);
        var limit = ConcurrencyDefault(context);
        if (limited > 0)
        {
            context.Warn(
                WarningKind.ReservedConcurrency,
                $"Reserved concurrency: {limited} functions x LambdaConcurrencyLimit (default {limit}) = {limited * limit} reserved. Lambda keeps at least 100 unreserved, so the account's concurrency quota must be at least {(limited * limit) + 100}: the default quota is 1,000, but many new accounts have 10, where this deploy fails (check with: aws lambda get-account-settings).");
        }

        Invocations.Report(context, lambda.WithDeadLetterQueue, r => IsLimited(context, lambda, r), limit);
        context.Commit();
        var edits = context.Patch.Compile();
        var changes = context.Changes();
        var failures = results.Where(r => r.Status == ResultStatus.Fail).ToList();
        var fixedFindings = Answered(changes);
        var declined = context.Declined.Select(d => d.Finding).ToHashSet();
        foreach (var failure in failures)
        {
            var reference = context.RefOf(failure);
            if (!fixedFindings.Contains(reference) && !declined.Contains(reference))
            {
                context.LeaveUnfixed(reference, failure.Rule.ManualFix is { } manual
                    ? $"no automatic fix: {manual} ({failure.Message})"
                    : "no automatic fix applies: " + failure.Rule.Remediation);
            }
        }

        var unfixed = context.Unfixed.Where(u => !declined.Contains(u.Finding)).ToList();
        return new HardeningPlan(template.Document.Path, template.Document.Text, edits)
        {
            Errors = errors,
            Findings = failures,
            Changes = changes,
            Answered = fixedFindings,
            AddedResources = context.NewResources()
                // The planned resource's own list of findings: nothing adds to it once the plan is made (a shared resource
                // answers thousands, and a copy of each list was a large part of what the plan's result allocated).
                .Select(r => new AddedResource(r.Id, r.Type, new Dictionary<string, string>(r.Facts), r.Fixes, r.Condition))
                .ToList(),
            ChangedResources = ChangedResources(changes),
            AddedParameters = context.AddedParameters,
            Declined = context.Declined,
            Unfixed = unfixed,
            Warnings = context.Warnings,
            Endpoints = context.Endpoints,
            ServicesThroughNat = context.ServicesThroughNat,
            LimitedFunctions = limited,
            ConcurrencyLimit = limit,
            IsSam = template.IsSam,
            DeployCommand = DeployCommand(context),
            Facts = facts,
        };
    }

    /// <summary>
    /// The existing resources the changes edit, in the order first changed, each with its paths once in the order first
    /// changed: one pass over the thousands of changes of a large plan, instead of a group and a set per resource in LINQ.
    /// A resource has a few paths: they are checked by a scan of its list.
    /// </summary>
    private static List<ChangedResource> ChangedResources(IReadOnlyList<PlannedChange> changes)
    {
        var result = new List<ChangedResource>();
        var byTarget = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.IsNewResource || change.TargetType is "Parameters" or "Conditions" or "Globals")
            {
                continue;
            }

            if (!byTarget.TryGetValue(change.Target, out var paths))
            {
                byTarget[change.Target] = paths = [];
                result.Add(new ChangedResource(change.Target, change.TargetType, paths));
            }

            if (!paths.Contains(change.Path))
            {
                paths.Add(change.Path);
            }
        }

        return result;
    }

    /// <summary>The findings some change answers: plain loops over the lists, thousands of changes in a large plan.</summary>
    private static HashSet<FindingRef> Answered(IReadOnlyList<PlannedChange> changes)
    {
        var answered = new HashSet<FindingRef>();
        IReadOnlyList<FindingRef>? previous = null;
        foreach (var change in changes)
        {
            // The keys of a new resource share its list of findings (PlanEditor.Commit), one change after the other:
            // a shared resource's thousands of findings are added once, not once per key.
            if (ReferenceEquals(change.Fixes, previous))
            {
                continue;
            }

            previous = change.Fixes;
            for (var i = 0; i < change.Fixes.Count; i++)
            {
                answered.Add(change.Fixes[i]);
            }
        }

        return answered;
    }

    /// <summary>
    /// Runs one family of fixes as a transaction: a decline outside the transaction of a finding (an
    /// intrinsic met where the family did not expect one) undoes the family's work whole and is reported,
    /// instead of escaping as a crash or leaving half a change behind; its findings are then left unfixed.
    /// </summary>
    private static void Step(PlanContext context, Action<PlanContext> fixes)
    {
        if (context.Transaction(() => fixes(context)) is { } reason)
        {
            context.Warn(WarningKind.Other, $"Some fixes were not made and are undone: {reason}.");
        }
    }

    /// <summary>
    /// Plans and applies the fix, then holds the output to its self-checks; throws <see cref="SelfCheckException"/>
    /// when one fails, so that a caller never writes a broken template.
    /// </summary>
    public static FixResult Fix(CfnTemplate template, HardeningOptions options) => SelfChecks.Verify(template, Plan(template, options), options);

    /// <summary><see cref="Fix(CfnTemplate, HardeningOptions)"/>, with work on its result run beside the self-checks (<see cref="SelfChecks"/>).</summary>
    public static (FixResult Result, T Alongside) Fix<T>(CfnTemplate template, HardeningOptions options, Func<HardeningPlan, Task<FixResult>, T> alongside)
    {
        var plan = Plan(template, options);
        return SelfChecks.Verify(template, plan, options, parsed => alongside(plan, parsed));
    }

    /// <summary>Reads and plans a template file.</summary>
    public static HardeningPlan Plan(string path, HardeningOptions options) =>
        Plan(CfnTemplate.From(TemplateDocument.Load(path)), ForFile(options, path));

    /// <summary>The options with what the template's file tells: its name and the samconfig.toml beside it.</summary>
    public static HardeningOptions ForFile(HardeningOptions options, string path) => options with
    {
        TemplateFileName = options.TemplateFileName ?? Path.GetFileName(path),
        SamConfigParameters = options.SamConfigParameters ?? SamConfigBeside(path),
    };

    /// <summary>
    /// The default environment's <c>parameter_overrides</c> of the <c>samconfig.toml</c> beside the template, for
    /// the printed deploy command. A samconfig.toml that does not parse is an input error here as everywhere
    /// (<see cref="SamConfig"/>); the command line reads it once and passes its values in the options.
    /// </summary>
    private static Dictionary<string, string> SamConfigBeside(string path) => SamConfig.Beside(path)?.ParameterOverrides("default") ?? [];

    /// <summary>As <see cref="Step(PlanContext, Action{PlanContext})"/>, for a family whose result later steps build on; <paramref name="declined"/> (empty) if it declines.</summary>
    private static T Step<T>(PlanContext context, Func<PlanContext, T> fixes, T declined)
    {
        var result = declined;
        Step(context, c => result = fixes(c));
        return result;
    }

    /// <summary>The limit each function reserves by default: the parameter's default (the template's own, if it has the parameter).</summary>
    private static int ConcurrencyDefault(PlanContext context) =>
        context.Template.Parameters.GetValueOrDefault(context.ParameterName("LambdaConcurrencyLimit"))?.Default is ScalarNode { Value: var text }
        && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 10;

    /// <summary>Functions whose reserved concurrency will be the LambdaConcurrencyLimit parameter.</summary>
    private static int LimitedFunctions(PlanContext context, LambdaFixResult lambda) => context.Template.Resources.Count(r => IsLimited(context, lambda, r));

    private static bool IsLimited(PlanContext context, LambdaFixResult lambda, ResourceDefinition r) =>
        r.Type is "AWS::Lambda::Function" or "AWS::Serverless::Function"
            && (lambda.Limited.Contains(r.LogicalId)
                || (context.PropertiesOf(r)?["ReservedConcurrentExecutions"]?.Origin is MappingNode call
                    && Intrinsics.TryGetCall(call, out var fn, out var arg) && fn == "Ref" && arg is ScalarNode { Value: var name } && name == context.ParameterName("LambdaConcurrencyLimit")));

    private static string DeployCommand(PlanContext context)
    {
        // --parameter-overrides replaces samconfig.toml's list, so its values are repeated; values
        // given to fix win over them.
        var known = new Dictionary<string, string>(context.Options.SamConfigParameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in context.Options.Parameters)
        {
            known[name] = value;
        }

        var overrides = new List<string>();
        var stage = context.StageIfAny();
        if (stage is not null)
        {
            var stageDefault = context.AddedParameters.FirstOrDefault(p => p.Name == stage)?.Default
                ?? (context.Template.Parameters.GetValueOrDefault(stage)?.Default as ScalarNode)?.Value
                ?? "dev";
            overrides.Add($"{stage}={Quote(known.GetValueOrDefault(stage, stageDefault))}");
        }

        foreach (var parameter in context.AddedParameters.Where(p => p.Name != stage))
        {
            if (known.TryGetValue(parameter.Name, out var value))
            {
                overrides.Add($"{parameter.Name}={Quote(value)}");
            }
            else if (parameter.Default is null)
            {
                overrides.Add($"{parameter.Name}=<{Placeholder(parameter)}>");
            }
            else if (parameter.Default.Length > 0)
            {
                overrides.Add($"{parameter.Name}={parameter.Default}");
            }
        }

        foreach (var (name, value) in known.Where(p => !overrides.Any(o => o.StartsWith(p.Key + "=", StringComparison.Ordinal))))
        {
            overrides.Add($"{name}={Quote(value)}");
        }

        // The input's own parameters without a default need a value at deploy: listed for the user to fill in.
        var required = context.Template.Parameters
            .Where(p => p.Value.Default is null && !known.ContainsKey(p.Key) && !overrides.Any(o => o.StartsWith(p.Key + "=", StringComparison.Ordinal)))
            .Select(p => p.Key)
            .ToList();
        overrides.AddRange(required.Select(name => $"{name}=<{name}>"));
        if (required.Count > 0)
        {
            context.Warn(WarningKind.DeployTime, $"Parameters without a default need a value at deploy: {string.Join(", ", required)} (placeholders in the deploy command).");
        }

        var capabilities = new List<string> { NamedIam(context.Template) ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM" };
        if (context.Template.Resources.Any(r => r.Type == "AWS::Serverless::Application") || context.Document.Root["Transform"] is SequenceNode)
        {
            capabilities.Add("CAPABILITY_AUTO_EXPAND");
        }

        var file = context.Options.TemplateFileName ?? "template.yaml";
        var deploy = $"--resolve-s3 --capabilities {string.Join(' ', capabilities)}" + (overrides.Count > 0 ? " --parameter-overrides " + string.Join(' ', overrides) : "");
        if (context.Template.IsSam)
        {
            var build = file == "template.yaml" ? "sam build" : $"sam build --template-file {file}";
            return $"{build} && sam deploy {deploy}";
        }

        return $"sam deploy --template-file {file} --stack-name <stack-name> {deploy}";
    }

    private static string Placeholder(AddedParameter parameter) => parameter.Type switch
    {
        "AWS::EC2::VPC::Id" => "vpc-id",
        "List<AWS::EC2::Subnet::Id>" => "subnet-id,subnet-id",
        _ => parameter.Name,
    };

    private static string Quote(string value) => value.Any(char.IsWhiteSpace) ? $"\"{value}\"" : value;

    /// <summary>IAM resources with explicit names need CAPABILITY_NAMED_IAM.</summary>
    private static bool NamedIam(CfnTemplate template) =>
        template.Resources.Any(r => r.Properties is { } p && (r.Type, p) switch
        {
            ("AWS::IAM::Role", _) => p.Find("RoleName") is not null,
            ("AWS::IAM::ManagedPolicy", _) => p.Find("ManagedPolicyName") is not null,
            ("AWS::IAM::User", _) => p.Find("UserName") is not null,
            ("AWS::IAM::Group", _) => p.Find("GroupName") is not null,
            ("AWS::IAM::InstanceProfile", _) => p.Find("InstanceProfileName") is not null,
            _ => false,
        });
}
