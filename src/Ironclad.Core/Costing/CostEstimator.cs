using System.Globalization;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Costing;

/// <summary>
/// Prices what hardening adds: the resources the hardened template has and the original lacks, and the
/// properties it switches on in resources both have. Deriving the items from the difference means that
/// <c>cost</c> prices exactly what the planner wrote, whatever options it was given.
/// </summary>
public static class CostEstimator
{
    /// <param name="parameters">Parameter values for the deployment (conditions, the replication destination, retention).</param>
    public static CostReport Estimate(
        CfnTemplate original,
        CfnTemplate hardened,
        UsageAssumptions usage,
        PriceTable prices,
        IReadOnlyDictionary<string, string>? parameters = null) =>
        new Estimation(original, hardened, usage, prices, parameters ?? new Dictionary<string, string>()).Run();
}

internal sealed class Estimation
{
    private static readonly (string Name, string Note, string[] Types)[] FreeGroups =
    [
        ("VPC, subnets, routes, internet gateway, security groups", "no charge for these network resources",
            ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
             "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
             "AWS::EC2::SecurityGroupEgress"]),
        ("IAM roles and policies", "IAM has no charge", ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]),
        ("KMS aliases", "aliases have no charge", ["AWS::KMS::Alias"]),
        ("Bucket, queue and topic policies", "resource policies have no charge", ["AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"]),
        ("SNS alarm topic and subscriptions", "a topic has no standing charge; alarm notifications fall in SNS's free tier (1M publishes, 1,000 e-mails a month)",
            ["AWS::SNS::Topic", "AWS::SNS::Subscription"]),
        ("CloudFront origin access control", "no charge", ["AWS::CloudFront::OriginAccessControl"]),
        ("Lambda permissions and event invoke configs", "no charge", ["AWS::Lambda::Permission", "AWS::Lambda::EventInvokeConfig"]),
        ("API Gateway account settings", "no charge", ["AWS::ApiGateway::Account"]),
    ];

    private readonly CfnTemplate original;
    private readonly CfnTemplate hardened;
    private readonly UsageAssumptions usage;
    private readonly PriceTable prices;
    private readonly IReadOnlyDictionary<string, string> parameters;
    private readonly Evaluator evaluator;
    private readonly Evaluator originalEvaluator;
    private readonly Dictionary<string, MapValue?> properties = new(StringComparer.Ordinal);
    private readonly List<CostItem> items = [];
    private readonly List<string> notes = [];
    private readonly HashSet<string> claimed = new(StringComparer.Ordinal);
    private readonly List<ResourceDefinition> live = [];

    public Estimation(CfnTemplate original, CfnTemplate hardened, UsageAssumptions usage, PriceTable prices, IReadOnlyDictionary<string, string> parameters)
    {
        this.original = original;
        this.hardened = hardened;
        this.usage = usage;
        this.prices = prices;
        this.parameters = parameters;
        evaluator = new Evaluator(hardened, parameters);
        originalEvaluator = new Evaluator(original, parameters);
    }

    private decimal Hours => prices.HoursPerMonth;

    public CostReport Run()
    {
        var added = hardened.Resources.Where(r => original.FindResource(r.LogicalId) is not { } o || o.Type != r.Type).ToList();
        var notCreated = new List<NotCreatedResource>();
        foreach (var resource in added)
        {
            if (resource.Condition is { } condition)
            {
                var value = evaluator.Condition(condition);
                if (value == false)
                {
                    notCreated.Add(new NotCreatedResource(resource.LogicalId, resource.Type, condition));
                    continue;
                }

                if (value is null)
                {
                    notes.Add($"{resource.LogicalId}: condition {condition} cannot be decided from the parameters; priced as if created.");
                }
            }

            live.Add(resource);
        }

        NatGateways(movedEndpointTraffic: !Live("AWS::EC2::VPCEndpoint").Any(e => EndpointType(e) == "Interface"));
        StandaloneAddresses();
        Endpoints();
        Keys();
        PointInTimeRecovery();
        Buckets();
        Replication();
        Versioning();
        Queues();
        Alarms();
        Tracing();
        StreamEncryption();
        LogGroups();
        Free();

        var unpriced = live.Where(r => !claimed.Contains(r.LogicalId)).Select(r => new UnpricedResource(r.LogicalId, r.Type)).ToList();
        var report = new CostReport(prices, usage, items, added.Select(r => r.LogicalId).ToList(), notCreated, unpriced, notes);
        return report;
    }

    private IEnumerable<ResourceDefinition> Live(string type) => live.Where(r => r.Type == type);

    private void Add(CostItem item)
    {
        items.Add(item);
        claimed.UnionWith(item.LogicalIds);
    }

    private MapValue? Properties(ResourceDefinition resource)
    {
        if (!ReferenceEquals(hardened.FindResource(resource.LogicalId), resource))
        {
            return originalEvaluator.Evaluate(resource.Properties) as MapValue;
        }

        if (!properties.TryGetValue(resource.LogicalId, out var map))
        {
            map = evaluator.Evaluate(resource.Properties) as MapValue;
            properties[resource.LogicalId] = map;
        }

        return map;
    }

    private Value? Get(ResourceDefinition resource, params string[] path)
    {
        Value? value = Properties(resource);
        foreach (var step in path)
        {
            value = (value as MapValue)?[step];
        }

        return value;
    }

    private static string? Text(Value? value) => (value as ScalarValue)?.Text;

    private static bool IsTrue(Value? value) => (value as ScalarValue)?.AsBool() == true;

    /// <summary>A template's number, or null when it is none or so large that pricing it would overflow (no real size is).</summary>
    private static decimal? Number(Value? value) =>
        value is ScalarValue s && decimal.TryParse(s.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) <= UsageAssumptions.MaxQuantity ? d : null;

    private bool IsCreated(ResourceDefinition resource) => resource.Condition is not { } c || evaluator.Condition(c) != false;

    private string P(string key) => CostFormat.Rate(prices[key].Usd);

    // ---- Network ----------------------------------------------------------------------------

    private void NatGateways(bool movedEndpointTraffic)
    {
        var gateways = Live("AWS::EC2::NatGateway").ToList();
        if (gateways.Count == 0)
        {
            return;
        }

        var publicGateways = gateways.Where(g => !string.Equals(Text(Get(g, "ConnectivityType")), "private", StringComparison.OrdinalIgnoreCase)).ToList();
        var privateGateways = gateways.Except(publicGateways).ToList();
        var hour = prices[PriceKeys.NatGatewayHour].Usd;
        var address = prices[PriceKeys.PublicIpv4Hour].Usd;
        if (publicGateways.Count > 0)
        {
            var addresses = publicGateways.Select(g => (Get(g, "AllocationId") as UnknownValue)?.ReferencedResource)
                .Where(id => id is not null && live.Any(r => r.LogicalId == id && r.Type == "AWS::EC2::EIP"))
                .Select(id => id!);
            var unit = (hour + address) * Hours;
            Add(new CostItem(
                "NAT gateway with its public IPv4 address",
                publicGateways.Count,
                publicGateways.Count == 1 ? "gateway" : "gateways",
                unit,
                "gateway-month",
                publicGateways.Count * unit,
                $"{publicGateways.Count} × ({P(PriceKeys.NatGatewayHour)}/h × {Hours:0} h + {P(PriceKeys.PublicIpv4Hour)}/h IPv4 × {Hours:0} h)",
                publicGateways.Select(g => g.LogicalId).Concat(addresses).ToList(),
                [PriceKeys.NatGatewayHour, PriceKeys.PublicIpv4Hour],
                "one gateway per AZ is billed whether traffic flows or not; the public IPv4 charge has applied to NAT gateway addresses since 2024-02-01"));
        }

        if (privateGateways.Count > 0)
        {
            Add(new CostItem(
                "Private NAT gateway",
                privateGateways.Count,
                privateGateways.Count == 1 ? "gateway" : "gateways",
                hour * Hours,
                "gateway-month",
                privateGateways.Count * hour * Hours,
                $"{privateGateways.Count} × {P(PriceKeys.NatGatewayHour)}/h × {Hours:0} h",
                privateGateways.Select(g => g.LogicalId).ToList(),
                [PriceKeys.NatGatewayHour]));
        }

        var gb = usage[UsageAssumptions.NatGatewayGbPerMonth];
        var formula = $"{CostFormat.Number(gb)} GB × {P(PriceKeys.NatGatewayGb)}";
        string? note = "standard data transfer (internet egress, cross-AZ) is billed on top, as it is without the fix";
        if (movedEndpointTraffic)
        {
            var endpointGb = usage[UsageAssumptions.InterfaceEndpointGbPerMonth];
            gb += endpointGb;
            formula = $"({CostFormat.Number(gb - endpointGb)} GB + {CostFormat.Number(endpointGb)} GB to AWS services, no interface endpoints) × {P(PriceKeys.NatGatewayGb)}";
            note = "with no interface endpoints, calls to AWS services go through NAT; " + note;
        }

        Add(new CostItem(
            "NAT gateway data processing",
            gb,
            "GB",
            prices[PriceKeys.NatGatewayGb].Usd,
            "GB",
            gb * prices[PriceKeys.NatGatewayGb].Usd,
            formula,
            gateways.Select(g => g.LogicalId).ToList(),
            [PriceKeys.NatGatewayGb],
            note));
    }

    private void StandaloneAddresses()
    {
        var addresses = Live("AWS::EC2::EIP").Where(e => !claimed.Contains(e.LogicalId)).ToList();
        if (addresses.Count == 0)
        {
            return;
        }

        var unit = prices[PriceKeys.PublicIpv4Hour].Usd * Hours;
        Add(new CostItem(
            "Elastic IP (public IPv4 address)",
            addresses.Count,
            "addresses",
            unit,
            "address-month",
            addresses.Count * unit,
            $"{addresses.Count} × {P(PriceKeys.PublicIpv4Hour)}/h × {Hours:0} h",
            addresses.Select(a => a.LogicalId).ToList(),
            [PriceKeys.PublicIpv4Hour]));
    }

    private string EndpointType(ResourceDefinition endpoint) => Text(Get(endpoint, "VpcEndpointType")) ?? "Gateway";

    private void Endpoints()
    {
        var endpoints = Live("AWS::EC2::VPCEndpoint").ToList();
        var gateways = new List<(ResourceDefinition Endpoint, string Service)>();
        var interfaces = new List<ResourceDefinition>();
        var hour = prices[PriceKeys.InterfaceEndpointHour].Usd;
        foreach (var endpoint in endpoints)
        {
            var service = ServiceName(endpoint);
            switch (EndpointType(endpoint))
            {
                case "Gateway":
                    gateways.Add((endpoint, service));
                    break;
                case "Interface":
                    {
                        string? note = null;
                        var azs = Get(endpoint, "SubnetIds") is ListValue subnets ? subnets.Items.Count : 0;
                        if (azs == 0)
                        {
                            azs = 2;
                            note = "its subnets are not known before deployment; two AZs assumed";
                        }

                        interfaces.Add(endpoint);
                        Add(new CostItem(
                            $"Interface endpoint: {service}",
                            azs,
                            azs == 1 ? "AZ" : "AZs",
                            hour * Hours,
                            "endpoint-AZ-month",
                            azs * hour * Hours,
                            $"{azs} AZ{(azs == 1 ? "" : "s")} × {P(PriceKeys.InterfaceEndpointHour)}/h × {Hours:0} h",
                            [endpoint.LogicalId],
                            [PriceKeys.InterfaceEndpointHour],
                            note));
                        break;
                    }
            }
        }

        if (interfaces.Count > 0)
        {
            var gb = usage[UsageAssumptions.InterfaceEndpointGbPerMonth];
            Add(new CostItem(
                "Interface endpoint data processing",
                gb,
                "GB",
                prices[PriceKeys.InterfaceEndpointGb].Usd,
                "GB",
                gb * prices[PriceKeys.InterfaceEndpointGb].Usd,
                $"{CostFormat.Number(gb)} GB × {P(PriceKeys.InterfaceEndpointGb)}",
                interfaces.Select(i => i.LogicalId).ToList(),
                [PriceKeys.InterfaceEndpointGb]));
        }

        if (gateways.Count > 0)
        {
            Add(new CostItem(
                $"Gateway endpoints ({string.Join(", ", gateways.Select(g => g.Service))})",
                gateways.Count,
                "endpoints",
                0m,
                "endpoint-month",
                0m,
                "no hourly or data-processing charge",
                gateways.Select(g => g.Endpoint.LogicalId).ToList(),
                []));
        }
    }

    /// <summary>The service part of <c>com.amazonaws.REGION.SERVICE</c>, read before the region is known.</summary>
    private string ServiceName(ResourceDefinition endpoint)
    {
        var node = endpoint.Properties?["ServiceName"];
        var text = Text(evaluator.Evaluate(node));
        if (text is null && Intrinsics.TryGetCall(node, out var fn, out var arg))
        {
            text = fn switch
            {
                "Fn::Sub" => (arg as ScalarNode)?.Value ?? (arg is SequenceNode { Items: [ScalarNode format, ..] } ? format.Value : null),
                "Fn::Join" => arg is SequenceNode { Items: [_, SequenceNode { Items: [.., ScalarNode last] }] } ? "com.amazonaws.region." + last.Value.TrimStart('.') : null,
                _ => null,
            };
        }

        if (text is null)
        {
            return endpoint.LogicalId;
        }

        var parts = text.Split('.');
        return parts.Length > 3 && parts[0] == "com" && parts[1] == "amazonaws" ? string.Join('.', parts[3..]) : text;
    }

    // ---- Keys, queues, alarms ---------------------------------------------------------------

    private void Keys()
    {
        var keys = Live("AWS::KMS::Key").ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var rotating = keys.Count(k => IsTrue(Get(k, "EnableKeyRotation")));
        var keyPrice = prices[PriceKeys.KmsKeyMonth].Usd;
        Add(new CostItem(
            "KMS customer-managed keys",
            keys.Count,
            keys.Count == 1 ? "key" : "keys",
            keyPrice,
            "key-month",
            keys.Count * keyPrice,
            $"{keys.Count} × {P(PriceKeys.KmsKeyMonth)}",
            keys.Select(k => k.LogicalId).ToList(),
            [PriceKeys.KmsKeyMonth],
            rotating == 0
                ? null
                : $"{rotating} with automatic rotation: each rotation adds {P(PriceKeys.KmsRotationMonth)}/month for the 1st and 2nd rotation only, so a key costs {CostFormat.Usd(keyPrice + prices[PriceKeys.KmsRotationMonth].Usd)} in its 2nd year and {CostFormat.Usd(keyPrice + (2 * prices[PriceKeys.KmsRotationMonth].Usd))} from its 3rd (not in this total)"));

        var requests = usage[UsageAssumptions.KmsRequestsPerMonth];
        var free = prices.Free(PriceKeys.FreeKmsRequests).Quantity;
        var billable = Math.Max(0m, requests - free);
        var per10K = prices[PriceKeys.KmsRequestsPer10K].Usd;
        Add(new CostItem(
            "KMS requests",
            requests,
            "requests",
            per10K,
            "10,000 requests",
            billable / 10_000m * per10K,
            $"max(0, {CostFormat.Number(requests)} − {CostFormat.Number(free)} free) / 10,000 × {P(PriceKeys.KmsRequestsPer10K)}",
            keys.Select(k => k.LogicalId).ToList(),
            [PriceKeys.KmsRequestsPer10K],
            $"the {CostFormat.Number(free)} free requests a month are per account, across all regions: other keys in the account use them too"));
    }

    private void Queues()
    {
        var queues = Live("AWS::SQS::Queue").ToList();
        if (queues.Count == 0)
        {
            return;
        }

        var messages = usage[UsageAssumptions.SqsMessagesPerMonth];
        var requests = messages * 3;
        var free = prices.Free(PriceKeys.FreeSqsRequests).Quantity;
        var billable = Math.Max(0m, requests - free);
        var perMillion = prices[PriceKeys.SqsRequestsPerMillion].Usd;
        Add(new CostItem(
            queues.Count == 1 ? $"SQS queue {queues[0].LogicalId}" : "SQS queues",
            requests,
            "requests",
            perMillion,
            "1M requests",
            billable / 1_000_000m * perMillion,
            $"max(0, {CostFormat.Number(messages)} messages × 3 − {CostFormat.Number(free)} free) / 1M × {P(PriceKeys.SqsRequestsPerMillion)}",
            queues.Select(q => q.LogicalId).ToList(),
            [PriceKeys.SqsRequestsPerMillion],
            $"the {CostFormat.Number(free)} free requests a month are per account; an empty queue costs nothing"));
    }

    /// <summary>
    /// X-Ray bills traces recorded, whatever records them: one item when the hardened template traces a function,
    /// REST stage or state machine that the original did not, priced at the stack-wide trace volume (a request
    /// through a traced stage and function is one trace).
    /// </summary>
    private void Tracing()
    {
        var before = new TemplateFacts(original, originalEvaluator);
        var after = new TemplateFacts(hardened, evaluator);
        var traced = hardened.Resources
            .Where(r => IsCreated(r) && IsTraced(r.Type, after.PropertiesOf(r.LogicalId))
                && !(original.FindResource(r.LogicalId) is { } o && o.Type == r.Type && IsTraced(o.Type, before.PropertiesOf(o.LogicalId))))
            .Select(r => r.LogicalId)
            .ToList();
        if (traced.Count == 0)
        {
            return;
        }

        var traces = usage[UsageAssumptions.XRayTracesPerMonth];
        var free = prices.Free(PriceKeys.FreeXRayTraces).Quantity;
        var perMillion = prices[PriceKeys.XRayTracesPerMillion].Usd;
        Add(new CostItem(
            "X-Ray traces",
            traces,
            "traces",
            perMillion,
            "1M traces recorded",
            Math.Max(0m, traces - free) / 1_000_000m * perMillion,
            $"max(0, {CostFormat.Number(traces)} − {CostFormat.Number(free)} free) / 1M × {P(PriceKeys.XRayTracesPerMillion)}",
            traced,
            [PriceKeys.XRayTracesPerMillion],
            $"the {CostFormat.Number(free)} free traces a month are per account; the default sampling rule records the first request each second and 5% of the rest"));
    }

    private static bool IsTraced(string type, MapValue? properties) => type switch
    {
        "AWS::Lambda::Function" => Text((properties?["TracingConfig"] as MapValue)?["Mode"]) == "Active",
        "AWS::Serverless::Function" => Text(properties?["Tracing"]) == "Active",
        "AWS::ApiGateway::Stage" or "AWS::Serverless::Api" => IsTrue(properties?["TracingEnabled"]),
        "AWS::StepFunctions::StateMachine" => IsTrue((properties?["TracingConfiguration"] as MapValue)?["Enabled"]),
        "AWS::Serverless::StateMachine" => IsTrue((properties?["Tracing"] as MapValue)?["Enabled"]),
        _ => false,
    };

    /// <summary>
    /// A Kinesis stream encrypted by the hardening: the AWS-managed key has no monthly charge, but Kinesis asks KMS
    /// for a data key about every five minutes, and those requests are billed.
    /// </summary>
    private void StreamEncryption()
    {
        var streams = hardened.Resources
            .Where(r => r.Type == "AWS::Kinesis::Stream" && IsCreated(r) && Text(Get(r, "StreamEncryption", "EncryptionType")) == "KMS"
                && !(original.FindResource(r.LogicalId) is { Type: "AWS::Kinesis::Stream" } o && Text(Get(o, "StreamEncryption", "EncryptionType")) == "KMS"))
            .Select(r => (r.LogicalId, Requests: usage.For(UsageAssumptions.KinesisKmsRequestsPerMonth, r.LogicalId)))
            .ToList();
        if (streams.Count == 0)
        {
            return;
        }

        var requests = streams.Sum(s => s.Requests);
        var per10K = prices[PriceKeys.KmsRequestsPer10K].Usd;
        var sum = streams.Count == 1 ? CostFormat.Number(requests) : "(" + string.Join(" + ", streams.Select(s => $"{s.LogicalId} {CostFormat.Number(s.Requests)}")) + ")";
        Add(new CostItem(
            "KMS requests of encrypted Kinesis streams",
            requests,
            "requests",
            per10K,
            "10,000 requests",
            requests / 10_000m * per10K,
            $"{sum} / 10,000 × {P(PriceKeys.KmsRequestsPer10K)}",
            streams.Select(s => s.LogicalId).ToList(),
            [PriceKeys.KmsRequestsPer10K],
            "the AWS-managed key alias/aws/kinesis has no monthly charge; the account's free KMS requests are not assumed here, since other keys use them"));
    }

    private void Alarms()
    {
        var alarms = Live("AWS::CloudWatch::Alarm").ToList();
        if (alarms.Count == 0)
        {
            return;
        }

        var price = prices[PriceKeys.CloudWatchAlarmMonth].Usd;
        var free = prices.Free(PriceKeys.FreeCloudWatchAlarms).Quantity;
        Add(new CostItem(
            "CloudWatch alarms",
            alarms.Count,
            alarms.Count == 1 ? "alarm" : "alarms",
            price,
            "alarm-month",
            alarms.Count * price,
            $"{alarms.Count} × {P(PriceKeys.CloudWatchAlarmMonth)}",
            alarms.Select(a => a.LogicalId).ToList(),
            [PriceKeys.CloudWatchAlarmMonth],
            $"the first {CostFormat.Number(free)} alarms in an account are free; not assumed here, since other stacks may use them"));
    }

    /// <summary>
    /// The log groups the fix adds: what is written into them each month, and what they hold once their retention has
    /// passed (a month's logs times the retention in months; a group without retention is priced at a year's worth).
    /// </summary>
    private void LogGroups()
    {
        var groups = Live("AWS::Logs::LogGroup").ToList();
        if (groups.Count == 0)
        {
            return;
        }

        var written = groups.Select(g => (Id: g.LogicalId, Gb: usage.For(UsageAssumptions.LogGbPerMonth, g.LogicalId), Months: (Number(Get(g, "RetentionInDays")) ?? 365m) / (365m / 12m))).ToList();
        var ids = written.Select(w => w.Id).ToList();
        var gb = written.Sum(w => w.Gb);
        var ingest = prices[PriceKeys.LogsIngestGb].Usd;
        Add(new CostItem(
            "CloudWatch Logs ingestion",
            gb,
            "GB",
            ingest,
            "GB",
            gb * ingest,
            $"{CostFormat.Number(gb)} GB ({groups.Count} log {(groups.Count == 1 ? "group" : "groups")}) × {P(PriceKeys.LogsIngestGb)}",
            ids,
            [PriceKeys.LogsIngestGb],
            "the access and state machine logs written a month; execution logs of REST stages go to a group API Gateway creates, not priced here"));

        var held = written.Sum(w => w.Gb * w.Months);
        var storage = prices[PriceKeys.LogsStorageGbMonth].Usd;
        Add(new CostItem(
            "CloudWatch Logs storage",
            held,
            "GB",
            storage,
            "GB-month",
            held * storage,
            $"{CostFormat.Number(held)} GB held (GB a month × retention in months) × {P(PriceKeys.LogsStorageGbMonth)}",
            ids,
            [PriceKeys.LogsStorageGbMonth],
            "reached once the retention has passed; billed on the compressed size, so an upper bound"));
    }

    // ---- Data -------------------------------------------------------------------------------

    private void PointInTimeRecovery()
    {
        var tables = new List<(string Id, decimal Gb)>();
        foreach (var table in hardened.Resources.Where(r => r.Type == "AWS::DynamoDB::Table" && IsCreated(r)))
        {
            var before = original.FindResource(table.LogicalId);
            if (before?.Type != table.Type)
            {
                continue;
            }

            if (IsTrue(Get(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"))
                && !IsTrue(Get(before, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")))
            {
                tables.Add((table.LogicalId, usage.For(UsageAssumptions.DynamoDbTableGb, table.LogicalId)));
            }
        }

        foreach (var table in hardened.Resources.Where(r => r.Type == "AWS::DynamoDB::GlobalTable" && IsCreated(r)))
        {
            var before = original.FindResource(table.LogicalId);
            if (before?.Type != table.Type)
            {
                continue;
            }

            var wasOn = ReplicaRegionsWithPitr(before);
            var replicas = ReplicaRegionsWithPitr(table).Where(r => !wasOn.Contains(r)).ToList();
            if (replicas.Count > 0)
            {
                tables.Add(($"{table.LogicalId} ({replicas.Count} replica{(replicas.Count == 1 ? "" : "s")})", replicas.Count * usage.For(UsageAssumptions.DynamoDbTableGb, table.LogicalId)));
            }
        }

        if (tables.Count == 0)
        {
            return;
        }

        var gb = tables.Sum(t => t.Gb);
        var price = prices[PriceKeys.DynamoDbPitrGbMonth].Usd;
        var sum = tables.Count == 1 ? $"{CostFormat.Number(gb)} GB" : "(" + string.Join(" + ", tables.Select(t => $"{t.Id} {CostFormat.Number(t.Gb)} GB")) + ")";
        Add(new CostItem(
            "DynamoDB point-in-time recovery",
            gb,
            "GB",
            price,
            "GB-month",
            gb * price,
            $"{sum} × {P(PriceKeys.DynamoDbPitrGbMonth)}",
            tables.Select(t => t.Id.Split(' ')[0]).ToList(),
            [PriceKeys.DynamoDbPitrGbMonth],
            "billed on table plus local secondary index size; the recovery period does not change the price"));
    }

    private HashSet<string> ReplicaRegionsWithPitr(ResourceDefinition table)
    {
        var on = new HashSet<string>(StringComparer.Ordinal);
        if (Get(table, "Replicas") is ListValue replicas)
        {
            foreach (var replica in replicas.Items.OfType<MapValue>())
            {
                if (IsTrue((replica["PointInTimeRecoverySpecification"] as MapValue)?["PointInTimeRecoveryEnabled"]))
                {
                    on.Add(Text(replica["Region"]) ?? $"#{on.Count}");
                }
            }
        }

        return on;
    }

    private IEnumerable<ResourceDefinition> HardenedBuckets => hardened.Resources.Where(r => r.Type == "AWS::S3::Bucket" && IsCreated(r));

    /// <summary>For each bucket, what delivers access logs to it: S3 server access logs and CloudFront standard logs.</summary>
    private Dictionary<string, List<string>> LogSourcesByTarget()
    {
        var sources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(ResourceDefinition source, Value? target)
        {
            if ((target as UnknownValue)?.ReferencedResource is { } name)
            {
                (sources.TryGetValue(name, out var list) ? list : sources[name] = []).Add(source.LogicalId);
            }
        }

        foreach (var bucket in HardenedBuckets)
        {
            Add(bucket, Get(bucket, "LoggingConfiguration", "DestinationBucketName"));
        }

        foreach (var distribution in hardened.Resources.Where(r => r.Type == "AWS::CloudFront::Distribution" && IsCreated(r)))
        {
            Add(distribution, Get(distribution, "DistributionConfig", "Logging", "Bucket"));
        }

        return sources;
    }

    private IEnumerable<(ResourceDefinition Source, MapValue Rule, Value? Destination)> ReplicationRules(ResourceDefinition bucket)
    {
        if (Get(bucket, "ReplicationConfiguration", "Rules") is not ListValue rules)
        {
            yield break;
        }

        foreach (var rule in rules.Items.OfType<MapValue>())
        {
            if (Text(rule["Status"]) == "Enabled")
            {
                yield return (bucket, rule, (rule["Destination"] as MapValue)?["Bucket"]);
            }
        }
    }

    private void Buckets()
    {
        // Who logs to and replicates into each bucket, indexed once: asked per bucket, it was quadratic.
        var logSources = LogSourcesByTarget();
        var replicaSources = HardenedBuckets.SelectMany(ReplicationRules)
            .Where(r => (r.Destination as UnknownValue)?.ReferencedResource is not null)
            .ToLookup(r => ((UnknownValue)r.Destination!).ReferencedResource!, StringComparer.Ordinal);
        foreach (var bucket in Live("AWS::S3::Bucket"))
        {
            HandleBucket(bucket, logSources.GetValueOrDefault(bucket.LogicalId) ?? [], [.. replicaSources[bucket.LogicalId]]);
        }
    }

    private void HandleBucket(ResourceDefinition bucket, List<string> logSources, List<(ResourceDefinition Source, MapValue Rule, Value? Destination)> replicaSources)
    {
        if (logSources.Count > 0)
        {
            AccessLogBucket(bucket, logSources);
        }
        else if (replicaSources.Count > 0)
        {
            FailoverBucket(bucket, replicaSources);
        }
    }

    private void AccessLogBucket(ResourceDefinition bucket, List<string> sources)
    {
        var perMonth = usage[UsageAssumptions.AccessLogGbPerMonth];
        var rules = EnabledLifecycleRules(bucket).ToList();
        var retention = rules.Select(r => Number(r["ExpirationInDays"])).FirstOrDefault(d => d is not null);
        var versioned = Text(Get(bucket, "VersioningConfiguration", "Status")) == "Enabled";
        var noncurrent = versioned ? rules.Select(NoncurrentExpiration).FirstOrDefault(d => d is not null) ?? 0m : 0m;
        var price = prices[PriceKeys.S3StandardGbMonth].Usd;
        var daysPerMonth = Hours / 24m;
        string formula;
        decimal stored;
        string? note = $"logs of {string.Join(", ", sources)}; log delivery itself is free";
        if (retention is { } days)
        {
            stored = perMonth * (days + noncurrent) / daysPerMonth;
            var kept = noncurrent > 0 ? $"({days:0} d + {noncurrent:0} d as old versions)" : $"{days:0} d";
            formula = $"{CostFormat.Number(perMonth)} GB/month × {kept} / {CostFormat.Number(daysPerMonth)} d × {P(PriceKeys.S3StandardGbMonth)}";
        }
        else
        {
            stored = perMonth * 12;
            formula = $"{CostFormat.Number(perMonth)} GB/month × 12 months × {P(PriceKeys.S3StandardGbMonth)}";
            note = "no expiration rule: logs accumulate; priced at one year of logs. " + note;
        }

        Add(new CostItem("Access-log bucket storage", stored, "GB", price, "GB-month", stored * price, formula, [bucket.LogicalId], [PriceKeys.S3StandardGbMonth], note));
    }

    private void FailoverBucket(ResourceDefinition bucket, List<(ResourceDefinition Source, MapValue Rule, Value? Destination)> rules)
    {
        var sources = rules.Select(r => r.Source.LogicalId).Distinct(StringComparer.Ordinal).ToList();
        var infrequent = rules.All(r => Text((r.Rule["Destination"] as MapValue)?["StorageClass"]) == "STANDARD_IA");
        var key = infrequent ? PriceKeys.S3StandardIaGbMonth : PriceKeys.S3StandardGbMonth;
        var gb = sources.Sum(s => usage.For(UsageAssumptions.ReplicaGbStored, s));
        Add(new CostItem(
            "Failover bucket storage" + (infrequent ? " (Standard-IA)" : ""),
            gb,
            "GB",
            prices[key].Usd,
            "GB-month",
            gb * prices[key].Usd,
            $"{CostFormat.Number(gb)} GB replicas × {P(key)}",
            [bucket.LogicalId],
            [key],
            $"replicas of {string.Join(", ", sources)}" + (infrequent ? "; Standard-IA bills at least 30 days and 128 KB per object, and retrieval per GB" : "")));
    }

    private void Replication()
    {
        var sameRegion = new List<(string Id, decimal Gb, string Destination)>();
        var crossRegion = new List<(string Id, decimal Gb)>();
        foreach (var bucket in HardenedBuckets)
        {
            var rules = ReplicationRules(bucket).ToList();
            if (rules.Count == 0)
            {
                continue;
            }

            var before = original.FindResource(bucket.LogicalId);
            if (before?.Type == bucket.Type && ReplicationRules(before).Any())
            {
                continue;
            }

            var gb = usage.For(UsageAssumptions.ReplicatedGbPerMonth, bucket.LogicalId);
            var destination = rules[0].Destination;
            if ((destination as UnknownValue)?.ReferencedResource is { } inStack)
            {
                sameRegion.Add((bucket.LogicalId, gb, inStack));
            }
            else if (Text(destination) is { Length: > 0 })
            {
                crossRegion.Add((bucket.LogicalId, gb));
            }
            else
            {
                notes.Add($"{bucket.LogicalId}: the replication destination is not known from the parameters; its transfer is not priced.");
                sameRegion.Add((bucket.LogicalId, 0m, "unknown"));
            }
        }

        if (sameRegion.Count > 0)
        {
            var gb = sameRegion.Sum(s => s.Gb);
            Add(new CostItem(
                "S3 replication transfer (same region)",
                gb,
                "GB",
                0m,
                "GB",
                0m,
                $"{CostFormat.Number(gb)} GB × $0.00 (to {string.Join(", ", sameRegion.Select(s => s.Destination).Distinct(StringComparer.Ordinal))} in this region)",
                sameRegion.Select(s => s.Id).ToList(),
                [],
                "same-region replication has no transfer charge; set ReplicationDestinationBucketArn to a bucket in another region for real cross-region replication"));
        }

        if (crossRegion.Count > 0)
        {
            var gb = crossRegion.Sum(s => s.Gb);
            var rate = prices[PriceKeys.InterRegionTransferGb].Usd;
            Add(new CostItem(
                "S3 cross-region replication transfer",
                gb,
                "GB",
                rate,
                "GB",
                gb * rate,
                $"{CostFormat.Number(gb)} GB × {P(PriceKeys.InterRegionTransferGb)}",
                crossRegion.Select(s => s.Id).ToList(),
                [PriceKeys.InterRegionTransferGb],
                "the replicas are stored and billed in the destination bucket's region, outside this stack"));
        }
    }

    private void Versioning()
    {
        foreach (var bucket in HardenedBuckets)
        {
            var before = original.FindResource(bucket.LogicalId);
            if (before?.Type != bucket.Type
                || Text(Get(bucket, "VersioningConfiguration", "Status")) != "Enabled"
                || Text(Get(before, "VersioningConfiguration", "Status")) == "Enabled")
            {
                continue;
            }

            var gb = usage.For(UsageAssumptions.NoncurrentVersionGb, bucket.LogicalId);
            var standard = prices[PriceKeys.S3StandardGbMonth].Usd;
            var rules = EnabledLifecycleRules(bucket).ToList();
            var transition = rules.Select(NoncurrentTransitionToIa).FirstOrDefault(d => d is not null);
            var expiration = rules.Select(NoncurrentExpiration).FirstOrDefault(d => d is not null);
            if (transition is { } t && expiration is { } e && t < e)
            {
                var ia = prices[PriceKeys.S3StandardIaGbMonth].Usd;
                var unit = ((t * standard) + ((e - t) * ia)) / e;
                Add(new CostItem(
                    $"S3 versioning overhead: {bucket.LogicalId}",
                    gb,
                    "GB",
                    unit,
                    "GB-month",
                    gb * unit,
                    $"{CostFormat.Number(gb)} GB noncurrent × ({t:0}/{e:0} × {P(PriceKeys.S3StandardGbMonth)} + {e - t:0}/{e:0} × {P(PriceKeys.S3StandardIaGbMonth)})",
                    [bucket.LogicalId],
                    [PriceKeys.S3StandardGbMonth, PriceKeys.S3StandardIaGbMonth],
                    $"old versions stay in Standard for {t:0} days, then Standard-IA until they expire at {e:0} days"));
            }
            else
            {
                Add(new CostItem(
                    $"S3 versioning overhead: {bucket.LogicalId}",
                    gb,
                    "GB",
                    standard,
                    "GB-month",
                    gb * standard,
                    $"{CostFormat.Number(gb)} GB noncurrent × {P(PriceKeys.S3StandardGbMonth)}",
                    [bucket.LogicalId],
                    [PriceKeys.S3StandardGbMonth],
                    expiration is null ? "no lifecycle rule expires old versions: they accumulate" : null));
            }
        }
    }

    private IEnumerable<MapValue> EnabledLifecycleRules(ResourceDefinition bucket) =>
        Get(bucket, "LifecycleConfiguration", "Rules") is ListValue rules
            ? rules.Items.OfType<MapValue>().Where(r => Text(r["Status"]) == "Enabled")
            : [];

    private static decimal? NoncurrentExpiration(MapValue rule) =>
        Number((rule["NoncurrentVersionExpiration"] as MapValue)?["NoncurrentDays"]) ?? Number(rule["NoncurrentVersionExpirationInDays"]);

    private static decimal? NoncurrentTransitionToIa(MapValue rule)
    {
        var transitions = (rule["NoncurrentVersionTransitions"] as ListValue)?.Items.OfType<MapValue>() ?? [];
        if (rule["NoncurrentVersionTransition"] is MapValue single)
        {
            transitions = transitions.Append(single);
        }

        return transitions.Where(t => Text(t["StorageClass"]) == "STANDARD_IA")
            .Select(t => Number(t["TransitionInDays"])).FirstOrDefault(d => d is not null);
    }

    // ---- Free -------------------------------------------------------------------------------

    private void Free()
    {
        foreach (var (name, note, types) in FreeGroups)
        {
            var members = live.Where(r => types.Contains(r.Type, StringComparer.Ordinal) && !claimed.Contains(r.LogicalId)).ToList();
            if (members.Count > 0)
            {
                Add(new CostItem(name, members.Count, members.Count == 1 ? "resource" : "resources", 0m, "resource-month", 0m, "no charge", members.Select(m => m.LogicalId).ToList(), [], note));
            }
        }
    }
}
