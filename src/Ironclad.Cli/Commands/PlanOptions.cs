using System.CommandLine;
using Ironclad.Core.Hardening;
using Ironclad.Core.Scanning;

namespace Ironclad.Cli.Commands;

/// <summary>
/// The options that shape the hardening plan, with fix's names and meanings, so that
/// <c>cost TEMPLATE --single-nat</c> prices what <c>fix TEMPLATE --single-nat</c> writes.
/// </summary>
public sealed class PlanOptions
{
    /// <summary>The values CloudWatch Logs accepts for RetentionInDays.</summary>
    private static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    private readonly Option<string[]> only = SharedOptions.Only();

    private readonly Option<string[]> skip = SharedOptions.Skip();

    private readonly Option<string?> prefix = new("--prefix") { Description = "Start of the physical names of new resources (alias/PREFIX-lambda-STAGE); default: the stack name." };

    private readonly Option<string> vpc = new("--vpc")
    {
        Description = "new: add a VPC with private subnets and NAT; existing: use the VPC and subnets given as parameters.",
        DefaultValueFactory = _ => "new",
    };

    private readonly Option<bool> singleNat = new("--single-nat") { Description = "One NAT gateway for both zones (saves one gateway; for development)." };

    private readonly Option<string> endpoints = new("--endpoints")
    {
        Description = "Interface endpoints: auto (inferred from the input's permissions), none (all AWS traffic through NAT), or a comma-separated list of services (sqs,kms,...).",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<bool> noPort80 = new("--no-port-80") { Description = "Allow only HTTPS out of the Lambda security group (the guide also allows port 80)." };

    private readonly Option<string> replicationPrefix = new("--replication-prefix")
    {
        Description = "Replicate only keys under this prefix (for example uploads/); default: the whole bucket.",
        DefaultValueFactory = _ => "",
    };

    private readonly Option<string> alarms = new("--alarms")
    {
        Description = "Lambda throttle and error alarms: region (two for the region), per-function (a pair per function), none (no alarms at all).",
        DefaultValueFactory = _ => "region",
    };

    private readonly Option<bool> convertSimpleTables = new("--convert-simple-tables") { Description = "Convert AWS::Serverless::SimpleTable to AWS::DynamoDB::Table to give it a key and point-in-time recovery (back the table up first)." };

    private readonly Option<int?> logRetentionExisting = new("--log-retention-existing")
    {
        Description = "Give existing log groups without RetentionInDays this many days (it deletes older events on the next deploy); default: report them and change nothing.",
    };

    private readonly Option<string> apiGatewayAccount = new("--apigateway-account")
    {
        Description = "The account-wide CloudWatch Logs role REST API stages log through: add (an AWS::ApiGateway::Account and its role, with a warning), existing (already set in the account), none (REST stage logging is declined).",
        DefaultValueFactory = _ => "add",
    };

    public PlanOptions()
    {
        vpc.AcceptOnlyFromAmong("new", "existing");
        alarms.AcceptOnlyFromAmong("region", "per-function", "none");
        apiGatewayAccount.AcceptOnlyFromAmong("add", "existing", "none");
    }

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { only, skip, prefix, vpc, singleNat, endpoints, noPort80, replicationPrefix, alarms, convertSimpleTables, logRetentionExisting, apiGatewayAccount })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Filters that leave no rule are a mistake, in fix and cost as in scan: nothing would be planned and nothing said.</summary>
    public static void RequireRules(HardeningOptions options)
    {
        if (new Scanner(options.Rules, new ScanOptions { Only = options.Only, Skip = options.Skip }).Rules.Count == 0)
        {
            throw new UsageException(ScanCommand.NoRuleLeft);
        }
    }

    /// <param name="samConfig">The samconfig.toml beside the template: its parameters go into the printed deploy command.</param>
    public HardeningOptions Read(ParseResult parse, IReadOnlyDictionary<string, string> parameters, string templatePath, SamConfig? samConfig)
    {
        var options = new HardeningOptions
        {
            Parameters = parameters,
            Only = SharedOptions.SplitList(parse.GetValue(only)),
            Skip = SharedOptions.SplitList(parse.GetValue(skip)),
            Prefix = parse.GetValue(prefix),
            Network = parse.GetValue(vpc) == "existing" ? NetworkMode.Existing : NetworkMode.New,
            SingleNat = parse.GetValue(singleNat),
            AllowPort80 = !parse.GetValue(noPort80),
            ReplicationPrefix = parse.GetValue(replicationPrefix) ?? "",
            Alarms = parse.GetValue(alarms) switch
            {
                "per-function" => AlarmMode.PerFunction,
                "none" => AlarmMode.None,
                _ => AlarmMode.Region,
            },
            ConvertSimpleTables = parse.GetValue(convertSimpleTables),
            ApiGatewayAccount = parse.GetValue(apiGatewayAccount) switch
            {
                "existing" => ApiGatewayAccountMode.Existing,
                "none" => ApiGatewayAccountMode.None,
                _ => ApiGatewayAccountMode.Add,
            },
            LogRetentionExisting = parse.GetValue(logRetentionExisting) is { } days && !RetentionDays.Contains(days)
                ? throw new UsageException($"--log-retention-existing takes one of CloudWatch's retention periods ({string.Join(", ", RetentionDays)} days), got {days}")
                : parse.GetValue(logRetentionExisting),
            TemplateFileName = Path.GetFileName(templatePath),
            SamConfigParameters = samConfig?.ParameterOverrides("default") ?? [],
        };
        var value = parse.GetValue(endpoints) ?? "auto";
        return value switch
        {
            "auto" => options with { Endpoints = EndpointMode.Auto },
            "none" => options with { Endpoints = EndpointMode.None },
            _ when value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } services
                && services.All(s => s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')) =>
                options with { Endpoints = EndpointMode.List, EndpointServices = services },
            _ => throw new UsageException($"--endpoints takes auto, none or a comma-separated list of endpoint services (sqs,kms,bedrock-runtime), got '{value}'"),
        };
    }
}
