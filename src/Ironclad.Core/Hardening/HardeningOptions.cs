using Ironclad.Core.Rules;

namespace Ironclad.Core.Hardening;

/// <summary>Where functions get their network: a VPC added to the template, or one the user names by parameters.</summary>
public enum NetworkMode
{
    New,
    Existing,
}

/// <summary>Lambda throttle and error alarms: two region-wide ones, a pair per function, or none at all.</summary>
public enum AlarmMode
{
    Region,
    PerFunction,
    None,
}

/// <summary>Which interface endpoints to create: inferred from the input's permissions, none, or a given list.</summary>
public enum EndpointMode
{
    Auto,
    None,
    List,
}

/// <summary>
/// The account-wide CloudWatch Logs role that API Gateway REST stages log through (<c>AWS::ApiGateway::Account</c>):
/// added with a warning, taken as already set in the account, or not added (REST logging is then declined).
/// </summary>
public enum ApiGatewayAccountMode
{
    Add,
    Existing,
    None,
}

/// <summary>The choices of <c>ironclad fix</c> (and of <c>cost</c>, which prices the same plan).</summary>
public sealed record HardeningOptions
{
    /// <summary>Parameter values for evaluating the template (as for scan).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Rules to fix (any ID or alias, wildcards); empty means all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>The rules the plan is driven by; the catalogue unless a test narrows it.</summary>
    public IReadOnlyList<Rule> Rules { get; init; } = RuleCatalog.All;

    /// <summary>The start of new physical names; null means the stack name (<c>${AWS::StackName}</c>).</summary>
    public string? Prefix { get; init; }

    public NetworkMode Network { get; init; } = NetworkMode.New;

    /// <summary>One NAT gateway for both private route tables (the guide's development saving).</summary>
    public bool SingleNat { get; init; }

    public EndpointMode Endpoints { get; init; } = EndpointMode.Auto;

    /// <summary>With <see cref="EndpointMode.List"/>: the endpoint services (<c>sqs</c>, <c>bedrock-runtime</c>, ...).</summary>
    public IReadOnlyList<string> EndpointServices { get; init; } = [];

    /// <summary>Keep the guide's egress on port 80 from the Lambda security group.</summary>
    public bool AllowPort80 { get; init; } = true;

    /// <summary>Replicate only keys under this prefix (the guide uses <c>uploads/</c>); empty means the whole bucket.</summary>
    public string ReplicationPrefix { get; init; } = "";

    public AlarmMode Alarms { get; init; } = AlarmMode.Region;

    /// <summary>Convert <c>AWS::Serverless::SimpleTable</c>s to <c>AWS::DynamoDB::Table</c> to give them a key and PITR.</summary>
    public bool ConvertSimpleTables { get; init; }

    /// <summary>The name shown in the deploy command for the template file: the file that was written.</summary>
    public string? TemplateFileName { get; init; }

    /// <summary>
    /// The <c>parameter_overrides</c> of the <c>samconfig.toml</c> beside the template: the deploy
    /// command repeats them, because <c>--parameter-overrides</c> replaces that list. Null: read the
    /// file beside the template, if there is one.
    /// </summary>
    public IReadOnlyDictionary<string, string>? SamConfigParameters { get; init; }

    /// <summary>How REST stages get the account's CloudWatch Logs role they need to log (docs/design/hardening.md, API stages).</summary>
    public ApiGatewayAccountMode ApiGatewayAccount { get; init; } = ApiGatewayAccountMode.Add;

    /// <summary>Days of retention to give existing log groups that keep their events forever; null: report them, change nothing.</summary>
    public int? LogRetentionExisting { get; init; }
}
