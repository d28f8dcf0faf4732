using System.Globalization;
using System.Text;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules.Deployability;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Reporting.Markdown;

/// <summary>Whether a part of the drawing is new, edited, or as it was: the three styles of the diagram.</summary>
public enum PartStatus
{
    Existing,
    Changed,
    Added,
}

/// <summary>A Mermaid flowchart and how many nodes it draws.</summary>
public sealed record Diagram(string Text, int Nodes);

/// <summary>
/// The hardened architecture as a Mermaid flowchart (docs/design/markdown.md): the VPC with its subnets
/// per zone, NAT gateways and endpoints; the functions grouped by shared configuration (subnets, security
/// groups, key, dead-letter target); the keys and what each encrypts; access-log and replication buckets;
/// alarms, topics and subscriptions. Everything is read from the hardened template; which parts are new or
/// changed comes from the caller. Resources of one kind, status and configuration become one node, and
/// each kind has at most <see cref="MaxPerKind"/> nodes, so a template of thousands of resources stays a
/// drawing of at most a few hundred nodes.
/// </summary>
public sealed class ArchitectureDiagram
{
    /// <summary>Nodes of one kind beyond this are folded into one "and N more" node.</summary>
    public const int MaxPerKind = 24;

    private const int NamesInGroup = 3;

    private static readonly string[] FunctionTypes = ["AWS::Serverless::Function", "AWS::Lambda::Function"];

    /// <summary>Property names whose references are permissions, tags or settings, not what a key encrypts.</summary>
    private static readonly HashSet<string> NotEncryption = new(StringComparer.Ordinal)
    {
        "Policies", "PolicyDocument", "Policy", "KeyPolicy", "AssumeRolePolicyDocument", "Environment", "Tags", "ReplicationConfiguration",
    };

    private readonly CfnTemplate template;
    private readonly IReadOnlySet<string> added;
    private readonly IReadOnlySet<string> changed;
    private readonly Dictionary<string, Member> members = new(StringComparer.Ordinal);
    private readonly List<(string From, string Label, string To)> edges = [];
    private readonly Dictionary<string, ResourceDefinition> byId;

    private ArchitectureDiagram(CfnTemplate template, IReadOnlySet<string> added, IReadOnlySet<string> changed)
    {
        this.template = template;
        this.added = added;
        this.changed = changed;
        byId = template.Resources.GroupBy(r => r.LogicalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The kinds of node, in the order the drawing lists them.</summary>
    private enum Kind
    {
        Subnet,
        Nat,
        Endpoint,
        Function,
        Key,
        Data,
        Distribution,
        Alarm,
        Topic,
        Subscription,
        Parameter,
    }

    /// <param name="hardened">The template after the fix.</param>
    /// <param name="added">Logical IDs the fix adds.</param>
    /// <param name="changed">Logical IDs of existing resources the fix edits.</param>
    public static Diagram Build(CfnTemplate hardened, IReadOnlySet<string> added, IReadOnlySet<string> changed) =>
        new ArchitectureDiagram(hardened, added, changed).Draw();

    private Diagram Draw()
    {
        Network();
        Keys();
        Functions();
        Buckets();
        Alarms();
        return Render();
    }

    private PartStatus StatusOf(string logicalId) =>
        added.Contains(logicalId) ? PartStatus.Added : changed.Contains(logicalId) ? PartStatus.Changed : PartStatus.Existing;

    private IEnumerable<ResourceDefinition> OfType(params string[] types) => template.Resources.Where(r => types.Contains(r.Type, StringComparer.Ordinal));

    private static IEnumerable<string> Targets(TemplateNode? node) => Refs.Targets(node).Order(StringComparer.Ordinal);

    private string? ResourceTarget(TemplateNode? node) => Targets(node).FirstOrDefault(byId.ContainsKey);

    private void Add(string logicalId, Kind kind, string group, string noun, string detail, string? place = null)
    {
        if (members.ContainsKey(logicalId))
        {
            return;
        }

        var status = StatusOf(logicalId);
        var condition = byId.TryGetValue(logicalId, out var resource) && resource.Condition is { } c ? "if " + c : "";
        members[logicalId] = new Member(logicalId, kind, GroupKey(kind, place, status, group, condition), noun, detail, condition, status, place);
    }

    private static string GroupKey(Kind kind, string? place, PartStatus status, string group, string condition) => $"{kind}|{place}|{status}|{group}|{condition}";

    /// <summary>A reference to something outside the template (a parameter): drawn once, as it is.</summary>
    private string External(string name, string what)
    {
        var id = "parameter:" + name;
        if (!members.ContainsKey(id))
        {
            members[id] = new Member(id, Kind.Parameter, id, "parameter", what, "", PartStatus.Existing, null) { Title = name + " (parameter)" };
        }

        return id;
    }

    private void Edge(string from, string label, string to) => edges.Add((from, label, to));

    private void Network()
    {
        var routeTables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var association in OfType("AWS::EC2::SubnetRouteTableAssociation"))
        {
            if (ResourceTarget(association.Properties?["SubnetId"]) is { } subnet && ResourceTarget(association.Properties?["RouteTableId"]) is { } table)
            {
                routeTables[subnet] = table;
            }
        }

        var routes = OfType("AWS::EC2::Route").Select(r => r.Properties).OfType<MappingNode>().ToList();
        foreach (var subnet in OfType("AWS::EC2::Subnet"))
        {
            var vpc = ResourceTarget(subnet.Properties?["VpcId"]) ?? "";
            var table = routeTables.GetValueOrDefault(subnet.LogicalId);
            var tableRoutes = routes.Where(r => table is not null && ResourceTarget(r["RouteTableId"]) == table).ToList();
            var isPublic = tableRoutes.Any(r => ResourceTarget(r["GatewayId"]) is { } gateway && byId[gateway].Type == "AWS::EC2::InternetGateway");
            Add(subnet.LogicalId, Kind.Subnet, subnet.LogicalId, "subnet", isPublic ? "public subnet" : "private subnet", $"{vpc}|{Zone(subnet.Properties?["AvailabilityZone"])}");
            foreach (var route in tableRoutes)
            {
                if (ResourceTarget(route["NatGatewayId"]) is { } nat)
                {
                    Edge(subnet.LogicalId, "default route", nat);
                }
            }
        }

        foreach (var nat in OfType("AWS::EC2::NatGateway"))
        {
            var subnet = ResourceTarget(nat.Properties?["SubnetId"]);
            var place = subnet is not null && members.TryGetValue(subnet, out var s) ? s.Place : null;
            Add(nat.LogicalId, Kind.Nat, nat.LogicalId, "NAT gateway", "NAT gateway", place);
        }

        foreach (var endpoint in OfType("AWS::EC2::VPCEndpoint"))
        {
            var vpc = ResourceTarget(endpoint.Properties?["VpcId"]) ?? "";
            var type = (endpoint.Properties?["VpcEndpointType"] as ScalarNode)?.Value ?? "Gateway";
            var service = ServiceName(endpoint.Properties?["ServiceName"]) ?? endpoint.LogicalId;
            Add(endpoint.LogicalId, Kind.Endpoint, endpoint.LogicalId, "endpoint", $"{service}: {type.ToLowerInvariant()} endpoint", vpc + "|endpoints");
        }
    }

    /// <summary>The zone of a subnet as the template says it: <c>!Select [0, !GetAZs '']</c> is zone 1.</summary>
    private static string Zone(TemplateNode? node)
    {
        if (node is ScalarNode literal)
        {
            return literal.Value;
        }

        if (Intrinsics.TryGetCall(node, out var fn, out var arg) && fn == "Fn::Select" && arg is SequenceNode { Items.Count: 2 } pair
            && pair.Items[0] is ScalarNode index && int.TryParse(index.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return "zone " + (n + 1).ToString(CultureInfo.InvariantCulture);
        }

        return "zone not known";
    }

    /// <summary>The service of <c>com.amazonaws.${AWS::Region}.sqs</c>: the text after the last dot.</summary>
    private static string? ServiceName(TemplateNode? node)
    {
        var text = node switch
        {
            ScalarNode s => s.Value,
            _ when Intrinsics.TryGetCall(node, out var fn, out var arg) && fn == "Fn::Sub" =>
                arg switch { ScalarNode s => s.Value, SequenceNode { Items.Count: > 0 } seq when seq.Items[0] is ScalarNode s => s.Value, _ => null },
            _ => null,
        };
        return text is null ? null : text[(text.LastIndexOf('.') + 1)..];
    }

    private void Functions()
    {
        foreach (var function in OfType(FunctionTypes))
        {
            var properties = SamGlobals.EffectiveProperties(template, function);
            var vpcConfig = properties?["VpcConfig"] as MappingNode;
            var subnets = Targets(vpcConfig?["SubnetIds"]).ToList();
            var groups = Targets(vpcConfig?["SecurityGroupIds"]).ToList();
            var key = Targets(properties?["KmsKeyArn"]).ToList();
            var deadLetter = Targets((properties?["DeadLetterQueue"] as MappingNode)?["TargetArn"] ?? (properties?["DeadLetterConfig"] as MappingNode)?["TargetArn"]).ToList();
            var vpc = subnets.Select(s => byId.TryGetValue(s, out var r) ? ResourceTarget(r.Properties?["VpcId"]) : null).FirstOrDefault(v => v is not null);
            var configuration = string.Join(';', string.Join(',', subnets), string.Join(',', groups), string.Join(',', key), string.Join(',', deadLetter));
            var detail = subnets.Count == 0 ? "not in a VPC" : "";
            Add(function.LogicalId, Kind.Function, configuration, "function", detail, vpc is null ? null : vpc + "|functions");
            foreach (var subnet in subnets)
            {
                Edge(function.LogicalId, "runs in", byId.ContainsKey(subnet) ? subnet : External(subnet, "subnets"));
            }

            foreach (var queue in deadLetter)
            {
                if (byId.TryGetValue(queue, out var target))
                {
                    AddData(target, "dead-letter target");
                }

                Edge(function.LogicalId, "failed events", target is null ? External(queue, "dead-letter target") : queue);
            }

            foreach (var k in key.Where(byId.ContainsKey))
            {
                Edge(k, "encrypts variables", function.LogicalId);
            }
        }
    }

    private void Keys()
    {
        var keys = OfType("AWS::KMS::Key").ToList();
        foreach (var key in keys)
        {
            var rotation = (key.Properties?["EnableKeyRotation"] as ScalarNode)?.Value is "true" or "True" ? "KMS key, rotated yearly" : "KMS key";
            Add(key.LogicalId, Kind.Key, key.LogicalId, "KMS key", rotation);
        }

        var keyIds = keys.Select(k => k.LogicalId).ToHashSet(StringComparer.Ordinal);
        if (keyIds.Count == 0)
        {
            return;
        }

        foreach (var resource in template.Resources)
        {
            if (resource.Type.StartsWith("AWS::KMS::", StringComparison.Ordinal) || resource.Type.StartsWith("AWS::IAM::", StringComparison.Ordinal)
                || FunctionTypes.Contains(resource.Type, StringComparer.Ordinal) || resource.Type.EndsWith("Policy", StringComparison.Ordinal))
            {
                continue;
            }

            var encryptedBy = EncryptionTargets(SamGlobals.EffectiveProperties(template, resource)).Where(keyIds.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (encryptedBy.Count == 0)
            {
                continue;
            }

            AddData(resource, "encrypted by " + string.Join(',', encryptedBy));
            foreach (var key in encryptedBy)
            {
                Edge(key, "encrypts", resource.LogicalId);
            }
        }
    }

    private static IEnumerable<string> EncryptionTargets(MappingNode? properties) =>
        properties is null ? [] : properties.Entries.Where(e => !NotEncryption.Contains(e.Key.Value)).SelectMany(e => Refs.Targets(e.Value));

    private void AddData(ResourceDefinition resource, string group) =>
        Add(resource.LogicalId, Kind.Data, resource.Type + "|" + group, Noun(resource.Type), Noun(resource.Type));

    private void Buckets()
    {
        foreach (var bucket in OfType("AWS::S3::Bucket"))
        {
            var properties = bucket.Properties;
            if (ResourceTarget((properties?["LoggingConfiguration"] as MappingNode)?["DestinationBucketName"]) is { } logs)
            {
                AddRole(logs, "access-log bucket");
                AddData(bucket, "logs to " + logs);
                Edge(bucket.LogicalId, "access logs", logs);
            }

            var rules = ((properties?["ReplicationConfiguration"] as MappingNode)?["Rules"] as SequenceNode)?.Items ?? [];
            foreach (var destination in rules.OfType<MappingNode>().SelectMany(r => Targets((r["Destination"] as MappingNode)?["Bucket"])).Distinct(StringComparer.Ordinal).ToList())
            {
                var target = byId.ContainsKey(destination) ? destination : External(destination, "replication destination");
                AddRole(target, "replication destination");
                AddData(bucket, "replicates to " + target);
                Edge(bucket.LogicalId, "replicates to", target);
            }
        }

        foreach (var distribution in OfType("AWS::CloudFront::Distribution"))
        {
            var logging = ((distribution.Properties?["DistributionConfig"] as MappingNode)?["Logging"] as MappingNode)?["Bucket"];
            if (ResourceTarget(logging) is { } logs)
            {
                AddRole(logs, "access-log bucket");
                Add(distribution.LogicalId, Kind.Distribution, "logs to " + logs, "CloudFront distribution", "CloudFront distribution");
                Edge(distribution.LogicalId, "access logs", logs);
            }
        }
    }

    /// <summary>
    /// A bucket with a role (log or replica destination) is drawn apart from the buckets that use it, with the
    /// role as its detail, whatever else it shares with them; buckets of one role and status share a node.
    /// </summary>
    private void AddRole(string logicalId, string role)
    {
        if (members.TryGetValue(logicalId, out var member))
        {
            if (member.Kind != Kind.Parameter)
            {
                members[logicalId] = member with { Group = GroupKey(member.Kind, member.Place, member.Status, "role|" + role, member.Condition), Detail = role };
            }

            return;
        }

        Add(logicalId, Kind.Data, "role|" + role, "S3 bucket", role);
    }

    private void Alarms()
    {
        foreach (var alarm in OfType("AWS::CloudWatch::Alarm"))
        {
            var properties = alarm.Properties;
            var metric = $"{(properties?["Namespace"] as ScalarNode)?.Value} {(properties?["MetricName"] as ScalarNode)?.Value}".Trim();
            var topics = Targets(properties?["AlarmActions"]).Concat(Targets(properties?["OKActions"])).Where(byId.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
            var metricNamespace = (properties?["Namespace"] as ScalarNode)?.Value ?? "";
            Add(alarm.LogicalId, Kind.Alarm, metricNamespace + "|" + string.Join(',', topics), "alarm", metric.Length > 0 ? "alarm on " + metric : "alarm");
            foreach (var topic in topics)
            {
                Edge(alarm.LogicalId, "notifies", topic);
            }
        }

        foreach (var subscription in OfType("AWS::SNS::Subscription"))
        {
            if (ResourceTarget(subscription.Properties?["TopicArn"]) is not { } topic)
            {
                continue;
            }

            var protocol = (subscription.Properties?["Protocol"] as ScalarNode)?.Value ?? "";
            Add(subscription.LogicalId, Kind.Subscription, protocol, "subscription", (protocol + " subscription").Trim());
            Edge(topic, "delivers to", subscription.LogicalId);
        }

        foreach (var topic in edges.Where(e => e.Label is "notifies" or "delivers to").SelectMany(e => new[] { e.From, e.To }).Where(id => byId.TryGetValue(id, out var r) && r.Type == "AWS::SNS::Topic").ToList())
        {
            Add(topic, Kind.Topic, topic, "SNS topic", "SNS topic");
        }
    }

    private static string Noun(string type)
    {
        var parts = type.Split("::");
        // "AWS::Logs::LogGroup" reads "Logs log group": the type's words, lower-cased, after its service.
        return parts is [_, _, { Length: > 0 }] ? $"{parts[1]} {string.Concat(parts[2].Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()))}" : type;
    }

    private Diagram Render()
    {
        // Members of one kind, place, status and configuration share a node; a kind past its cap shares one more.
        var nodes = new List<Node>();
        var nodeOf = new Dictionary<string, Node>(StringComparer.Ordinal);
        var order = template.Resources.Select((r, i) => (r.LogicalId, i)).ToDictionary(p => p.LogicalId, p => p.i, StringComparer.Ordinal);
        foreach (var kind in members.Values.GroupBy(m => m.Kind).OrderBy(g => g.Key))
        {
            var groups = kind.GroupBy(m => m.Group, StringComparer.Ordinal)
                .Select(g => g.OrderBy(m => order.GetValueOrDefault(m.LogicalId, int.MaxValue)).ThenBy(m => m.LogicalId, StringComparer.Ordinal).ToList())
                .OrderBy(g => order.GetValueOrDefault(g[0].LogicalId, int.MaxValue)).ThenBy(g => g[0].LogicalId, StringComparer.Ordinal)
                .ToList();
            if (groups.Count > MaxPerKind)
            {
                var rest = groups.Skip(MaxPerKind - 1).SelectMany(g => g).ToList();
                groups = [.. groups.Take(MaxPerKind - 1), rest];
            }

            foreach (var group in groups)
            {
                var node = new Node(MermaidText.Id("n", nodes.Count.ToString(CultureInfo.InvariantCulture) + "_" + group[0].LogicalId), group);
                nodes.Add(node);
                foreach (var member in group)
                {
                    nodeOf[member.LogicalId] = node;
                }
            }
        }

        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        text.Append("  classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328\n");
        text.Append("  classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328\n");
        text.Append("  classDef existing fill:#f6f8fa,stroke:#8c959f,color:#1f2328\n");

        // The VPCs first: subnets and NAT gateways by zone, then endpoints, then the functions placed in them.
        var placed = nodes.Where(n => n.Place is not null).ToList();
        foreach (var vpc in placed.GroupBy(n => n.Place!.Split('|')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var what = StatusOf(vpc.Key) == PartStatus.Added ? "VPC, new" : "VPC";
            var vpcTitle = vpc.Key.Length == 0 || vpc.Key == "VPC" ? what : $"{vpc.Key}: {what}";
            text.Append(CultureInfo.InvariantCulture, $"  subgraph {MermaidText.Id("vpc_", vpc.Key)}[\"{MermaidText.Label(vpcTitle)}\"]\n");
            foreach (var area in vpc.GroupBy(n => n.Place!.Split('|')[1]).OrderBy(g => AreaOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                var title = area.Key switch { "endpoints" => "Endpoints", "functions" => "Functions", var zone => zone };
                text.Append(CultureInfo.InvariantCulture, $"    subgraph {MermaidText.Id("area_", vpc.Key + "_" + area.Key)}[\"{MermaidText.Label(title)}\"]\n");
                foreach (var node in area)
                {
                    text.Append("      ").Append(Declare(node)).Append('\n');
                }

                text.Append("    end\n");
            }

            text.Append("  end\n");
        }

        foreach (var node in nodes.Where(n => n.Place is null))
        {
            text.Append("  ").Append(Declare(node)).Append('\n');
        }

        var drawn = new HashSet<(string, string, string)>();
        foreach (var (from, label, to) in edges)
        {
            if (nodeOf.TryGetValue(from, out var a) && nodeOf.TryGetValue(to, out var b) && a != b && drawn.Add((a.Id, label, b.Id)))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {a.Id} -->|\"{MermaidText.Label(label)}\"| {b.Id}\n");
            }
        }

        foreach (var style in nodes.GroupBy(n => n.Status).OrderBy(g => g.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"  class {string.Join(',', style.Select(n => n.Id))} {style.Key.ToString().ToLowerInvariant()}\n");
        }

        return new Diagram(text.ToString(), nodes.Count);
    }

    private static int AreaOrder(string area) => area switch { "endpoints" => 1, "functions" => 2, _ => 0 };

    private static string Declare(Node node) => $"{node.Id}[\"{node.Label}\"]";

    private sealed record Member(string LogicalId, Kind Kind, string Group, string Noun, string Detail, string Condition, PartStatus Status, string? Place)
    {
        public string? Title { get; init; }
    }

    private sealed class Node(string id, List<Member> members)
    {
        public string Id { get; } = id;

        public string? Place { get; } = members.Select(m => m.Place).Distinct(StringComparer.Ordinal).Count() == 1 ? members[0].Place : null;

        /// <summary>A node of several statuses (a folded "more" node) reads as changed: some of it is.</summary>
        public PartStatus Status { get; } = members.All(m => m.Status == members[0].Status) ? members[0].Status : PartStatus.Changed;

        public string Label
        {
            get
            {
                var first = members[0];
                if (members.Count == 1)
                {
                    return MermaidText.Lines(first.Title ?? first.LogicalId, first.Detail, first.Condition);
                }

                var names = string.Join(", ", members.Take(NamesInGroup).Select(m => m.LogicalId));
                var more = members.Count > NamesInGroup ? $" and {members.Count - NamesInGroup} more" : "";
                var sameDetail = members.All(m => m.Detail == first.Detail) ? first.Detail : "";
                var nouns = members.Select(m => m.Noun).Distinct(StringComparer.Ordinal).ToList();
                var noun = nouns.Count == 1 ? Plural(nouns[0]) : "resources";
                var sameCondition = members.All(m => m.Condition == first.Condition) ? first.Condition : "";
                return MermaidText.Lines($"{members.Count.ToString(CultureInfo.InvariantCulture)} {noun}", names + more, sameDetail == nouns[0] ? "" : sameDetail, sameCondition);
            }
        }

        private static string Plural(string noun) =>
            noun.EndsWith("ss", StringComparison.Ordinal) || noun.EndsWith('x') ? noun + "es"
            : noun.EndsWith('y') && !noun.EndsWith("ey", StringComparison.Ordinal) ? noun[..^1] + "ies"
            : noun + "s";
    }
}
