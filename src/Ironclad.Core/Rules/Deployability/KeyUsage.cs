using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

/// <summary>A role that acts in the template: one of its <c>AWS::IAM::Role</c>s, or the role SAM generates for a function.</summary>
/// <remarks>
/// One instance per principal (a role's is shared by the functions that assume it), so <see cref="KeyUsage"/> keys its
/// indexes by the instance. What a verdict shows of it is made only when asked: thousands of functions have one each,
/// and only a failing verdict names them. Never written after it is made, so the rules' threads may share it.
/// </remarks>
internal sealed class Principal
{
    private readonly string logicalId;
    private readonly bool isFunction;

    private Principal(string logicalId, bool isFunction, string roleLogicalId)
    {
        this.logicalId = logicalId;
        this.isFunction = isFunction;
        RoleLogicalId = roleLogicalId;
    }

    /// <summary>The logical ID of the role, as a key policy names it: the role's own, or <c>{Function}Role</c>, which SAM generates.</summary>
    public string RoleLogicalId { get; }

    public string Display => isFunction ? $"function {logicalId}" : $"role {logicalId}";

    public static Principal Role(string logicalId) => new(logicalId, isFunction: false, logicalId);

    public static Principal Function(string logicalId) => new(logicalId, isFunction: true, logicalId + "Role");
}

/// <summary>How a principal reads or writes a resource, and where the template says so.</summary>
internal sealed record ResourceUse(Principal Principal, bool Reads, bool Writes, string How, TemplateNode At);

/// <summary>
/// Who uses which resource of the template, and which IAM statements each principal has, built once per template
/// from the nodes as written: SAM policy templates and inline statements, roles' inline and attached policies,
/// managed policies by name, event sources, event source mappings and pipes.
/// </summary>
internal sealed class KeyUsage
{
    /// <summary>Managed policies that allow every KMS action on every key.</summary>
    private static readonly string[] AllPowerful = ["AdministratorAccess", "PowerUserAccess"];

    /// <summary>Words in policy template names and actions that write; those without the reading ones only write.</summary>
    private static readonly string[] WritingWords = ["Send", "Publish", "Write", "Put", "Crud", "FullAccess", "Update", "Create"];

    private static readonly string[] OnlyWritingWords = ["Send", "Publish", "Write", "Put"];

    private static readonly Dictionary<string, string> ServiceByType = new(StringComparer.Ordinal)
    {
        ["AWS::DynamoDB::Table"] = "dynamodb",
        ["AWS::SQS::Queue"] = "sqs",
        ["AWS::SNS::Topic"] = "sns",
        ["AWS::Logs::LogGroup"] = "logs",
        ["AWS::Kinesis::Stream"] = "kinesis",
        ["AWS::SecretsManager::Secret"] = "secretsmanager",
        ["AWS::S3::Bucket"] = "s3",
    };

    /// <summary>The words in managed policy names that grant a service (AmazonDynamoDBFullAccess, AmazonSQSFullAccess, ...).</summary>
    private static readonly Dictionary<string, string> ManagedPolicyWord = new(StringComparer.Ordinal)
    {
        ["dynamodb"] = "DynamoDB",
        ["sqs"] = "SQS",
        ["sns"] = "SNS",
        ["kinesis"] = "Kinesis",
        ["secretsmanager"] = "SecretsManager",
        ["s3"] = "S3",
    };

    // The parts of the statement a KMS policy template stands for, shared by every such statement: they are only read
    // for their text (GrantedByIam), never for a position, and nodes are immutable.
    private static readonly MappingEntry AllowEntry = new(Scalar("Effect"), Scalar("Allow"));
    private static readonly MappingEntry DecryptEntry = new(Scalar("Action"), Scalar("kms:Decrypt"));
    private static readonly MappingEntry EncryptEntry = new(Scalar("Action"), Scalar("kms:Encrypt"));
    private static readonly ScalarNode ResourceKey = Scalar("Resource");

    private readonly TemplateFacts facts;
    private readonly Dictionary<string, List<ResourceUse>> uses = new(StringComparer.Ordinal);
    private readonly Dictionary<Principal, List<MappingNode>> statements = [];
    private readonly Dictionary<Principal, List<string>> managed = [];

    /// <summary>The most targets <see cref="targets"/> is cleared after rather than replaced.</summary>
    private const int SmallSet = 16;

    /// <summary>
    /// The targets of the node <see cref="TargetsOf"/> read last. Written only while the usage is built, on the one thread
    /// that builds it (<see cref="TemplateFacts.Derived{T}"/> builds it once); the rules that read the usage afterwards,
    /// on any thread, never touch it.
    /// </summary>
    private HashSet<string> targets = new(StringComparer.Ordinal);

    private KeyUsage(TemplateFacts facts) => this.facts = facts;

    public static IReadOnlyCollection<string> Types => ServiceByType.Keys;

    private static ScalarNode Scalar(string text) => new(text, ScalarStyle.Plain, default);

    public static string ServiceOf(string type) => ServiceByType[type];

    public static KeyUsage Build(TemplateFacts facts)
    {
        var usage = new KeyUsage(facts);
        usage.Read();
        return usage;
    }

    public IReadOnlyList<ResourceUse> UsesOf(string resource) => uses.GetValueOrDefault(resource) ?? [];

    /// <summary>The <c>AWS::KMS::Key</c> of the template that a key property names: directly, or through an alias of the template.</summary>
    public ResourceDefinition? KeyOf(TemplateNode? written)
    {
        foreach (var target in Refs.Targets(written))
        {
            switch (facts.Template.FindResource(target))
            {
                case { Type: "AWS::KMS::Key" } key:
                    return key;
                case { Type: "AWS::KMS::Alias" } alias when Refs.Targets(alias.Properties?["TargetKeyId"]).Select(facts.Template.FindResource).FirstOrDefault(k => k?.Type == "AWS::KMS::Key") is { } aliased:
                    return aliased;
            }
        }

        if (facts.Evaluator.Evaluate(written) is ScalarValue { Text: var name } && name.StartsWith("alias/", StringComparison.Ordinal))
        {
            return facts.ResourcesOfType("AWS::KMS::Alias")
                .Where(a => a.Properties?["AliasName"] is ScalarValue s && s.Text == name)
                .Select(a => KeyOf(a.Resource.Properties?["TargetKeyId"]))
                .FirstOrDefault(k => k is not null);
        }

        return null;
    }

    /// <summary>
    /// True when the principal can call <paramref name="action"/> on the key for <paramref name="service"/>: a key-policy
    /// statement for the principal (or for every principal of the account through the service), or a key policy that
    /// leaves the key to IAM and an IAM statement of the principal that allows it.
    /// </summary>
    public bool CanUse(Principal principal, ResourceDefinition key, string service, string action)
    {
        var policy = key.Properties?["KeyPolicy"];
        if (policy is null)
        {
            return GrantedByIam(principal, key, action);
        }

        var delegated = false;
        foreach (var statement in KeyPolicyStatements(policy).Where(s => Allows(s, action)))
        {
            var principals = statement["Principal"];
            var aws = principals is MappingNode p ? p["AWS"] : principals;
            if (Refs.Mentions(aws, principal.RoleLogicalId))
            {
                return true;
            }

            var texts = Refs.Texts(aws);
            if (texts.Any(t => t == "*") && ThroughService(statement, service))
            {
                return true;
            }

            delegated |= texts.Any(t => t.EndsWith(":root", StringComparison.Ordinal) || t is "AWS::AccountId" or "${AWS::AccountId}");
        }

        return delegated && GrantedByIam(principal, key, action);
    }

    /// <summary>True when the key policy lets a service principal (<c>logs.REGION.amazonaws.com</c>) call the action.</summary>
    public static bool ServiceCanUse(ResourceDefinition key, string servicePrefix, string action) =>
        key.Properties?["KeyPolicy"] is { } policy
        && KeyPolicyStatements(policy).Any(s => Allows(s, action)
            && s["Principal"] is MappingNode p
            && Refs.Texts(p["Service"]).Any(t => t.StartsWith(servicePrefix + ".", StringComparison.Ordinal)));

    /// <summary>The statements of a policy document, in order, into one list: every principal's documents are read.</summary>
    private static List<MappingNode> KeyPolicyStatements(TemplateNode policy)
    {
        var statements = new List<MappingNode>();
        switch ((policy as MappingNode)?["Statement"])
        {
            case SequenceNode list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    Unwrap(list.Items[i], statements);
                }

                break;
            case MappingNode single:
                Unwrap(single, statements);
                break;
        }

        return statements;
    }

    /// <summary>Adds a statement as written, or both branches of a statement wrapped in <c>!If</c>.</summary>
    private static void Unwrap(TemplateNode node, List<MappingNode> statements)
    {
        if (Intrinsics.TryGetCall(node, out var fn, out var arg) && fn == "Fn::If" && arg is SequenceNode { Items.Count: 3 } branches)
        {
            Unwrap(branches.Items[1], statements);
            Unwrap(branches.Items[2], statements);
        }
        else if (node is MappingNode map && !Intrinsics.TryGetCall(map, out _, out _))
        {
            statements.Add(map);
        }
    }

    private static bool Allows(MappingNode statement, string action) =>
        !Refs.HasText(statement["Effect"], "Deny")
        && Refs.Texts(statement["Action"]).Any(a => Wildcard.IsMatch(a, action));

    /// <summary>A statement for every principal that holds through <c>kms:ViaService</c> of the service or <c>kms:CallerAccount</c>.</summary>
    private static bool ThroughService(MappingNode statement, string service)
    {
        if (statement["Condition"] is not MappingNode conditions)
        {
            return false;
        }

        foreach (var (_, operands) in conditions.Entries)
        {
            if (operands is not MappingNode keys)
            {
                continue;
            }

            foreach (var (name, value) in keys.Entries)
            {
                if (name.Value.Equals("kms:CallerAccount", StringComparison.OrdinalIgnoreCase)
                    || (name.Value.Equals("kms:ViaService", StringComparison.OrdinalIgnoreCase)
                        && Refs.Texts(value).Any(t => t.StartsWith(service + ".", StringComparison.Ordinal) || t == "*")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool GrantedByIam(Principal principal, ResourceDefinition key, string action) =>
        managed.GetValueOrDefault(principal)?.Any(m => AllPowerful.Any(a => m.EndsWith(a, StringComparison.Ordinal))) == true
        || (statements.GetValueOrDefault(principal) ?? []).Any(s => Allows(s, action)
            && (Refs.Mentions(s["Resource"], key.LogicalId) || Refs.Texts(s["Resource"]).Any(t => t == "*")));

    private void Read()
    {
        var roles = facts.Template.ResourcesOfType("AWS::IAM::Role")
            .ToDictionary(r => r.LogicalId, r => Principal.Role(r.LogicalId), StringComparer.Ordinal);
        foreach (var role in roles.Values)
        {
            ReadRole(role);
        }

        // Sized for every function up front: a large template has thousands, each a principal with its statements.
        var functionCount = facts.Template.ResourcesOfType("AWS::Serverless::Function").Count() + facts.Template.ResourcesOfType("AWS::Lambda::Function").Count();
        var functionPrincipals = new Dictionary<string, Principal>(functionCount, StringComparer.Ordinal);
        statements.EnsureCapacity(functionCount + roles.Count);
        foreach (var function in facts.Template.Resources.Where(r => r.Type is "AWS::Serverless::Function" or "AWS::Lambda::Function"))
        {
            var properties = facts.EffectivePropertiesOf(function);
            var written = properties?["Role"];

            // Most functions name no role (SAM makes one) and most templates define none: no set of targets for those.
            var role = written is not null && roles.Count > 0 ? FirstKnown(Refs.Targets(written), roles) : null;
            Principal? principal = role is not null ? roles[role]
                : function.IsServerless && written is null ? Principal.Function(function.LogicalId)
                : null;
            if (principal is null)
            {
                continue;
            }

            functionPrincipals[function.LogicalId] = principal;
            if (function.IsServerless)
            {
                ReadSamPolicies(principal, properties?["Policies"]);
                ReadEvents(principal, properties?["Events"] as MappingNode);
            }

            ReadManagedPolicyUses(principal, properties?["Environment"]);
        }

        foreach (var (mapping, _) in facts.ResourcesOfType("AWS::Lambda::EventSourceMapping"))
        {
            var function = FirstKnown(Refs.Targets(mapping.Properties?["FunctionName"]), functionPrincipals);
            if (function is not null && mapping.Properties?.Find("EventSourceArn") is { } source)
            {
                AddUses(functionPrincipals[function], source.Value, reads: true, writes: false, $"event source mapping {mapping.LogicalId}", source.Key);
            }
        }

        foreach (var (pipe, _) in facts.ResourcesOfType("AWS::Pipes::Pipe"))
        {
            var role = FirstKnown(Refs.Targets(pipe.Properties?["RoleArn"]), roles);
            if (role is null)
            {
                continue;
            }

            if (pipe.Properties?.Find("Source") is { } source)
            {
                AddUses(roles[role], source.Value, reads: true, writes: false, $"pipe {pipe.LogicalId} source", source.Key);
            }

            if (pipe.Properties?.Find("Target") is { } target)
            {
                AddUses(roles[role], target.Value, reads: false, writes: true, $"pipe {pipe.LogicalId} target", target.Key);
            }
        }
    }

    /// <summary>The first of <paramref name="targets"/> (in the order they are written) that <paramref name="known"/> has.</summary>
    private static string? FirstKnown<T>(HashSet<string> targets, Dictionary<string, T> known)
    {
        foreach (var target in targets)
        {
            if (known.ContainsKey(target))
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="text"/> contains one of <paramref name="words"/> (ordinal).</summary>
    private static bool ContainsAny(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void ReadRole(Principal role)
    {
        var properties = facts.Template.FindResource(role.RoleLogicalId)!.Properties;
        if (properties?["Policies"] is SequenceNode inline)
        {
            foreach (var policy in inline.Items.OfType<MappingNode>())
            {
                ReadDocument(role, policy["PolicyDocument"]);
            }
        }

        foreach (var item in (properties?["ManagedPolicyArns"] as SequenceNode)?.Items ?? [])
        {
            if (Refs.Targets(item).Select(facts.Template.FindResource).FirstOrDefault(r => r?.Type == "AWS::IAM::ManagedPolicy") is { } attached)
            {
                ReadDocument(role, attached.Properties?["PolicyDocument"]);
            }
            else
            {
                AddManaged(role, Refs.Texts(item));
            }
        }

        foreach (var type in new[] { "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy" })
        {
            foreach (var (attached, _) in facts.ResourcesOfType(type))
            {
                if (Refs.Mentions(attached.Properties?["Roles"], role.RoleLogicalId) || Refs.Mentions(attached.Properties?["RoleName"], role.RoleLogicalId))
                {
                    ReadDocument(role, attached.Properties?["PolicyDocument"]);
                }
            }
        }
    }

    private void ReadSamPolicies(Principal principal, TemplateNode? policies)
    {
        var items = policies switch
        {
            SequenceNode list => list.Items,
            null => [],
            var single => [single],
        };
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            switch (item)
            {
                case ScalarNode name:
                    AddManaged(principal, [name.Value]);
                    break;
                case MappingNode document when document.Find("Statement") is not null:
                    ReadDocument(principal, document);
                    break;
                case MappingNode template when !Intrinsics.TryGetCall(template, out _, out _):
                    for (var j = 0; j < template.Entries.Count; j++)
                    {
                        ReadPolicyTemplate(principal, template.Entries[j].Key, template.Entries[j].Value);
                    }

                    break;
                default:
                    AddManaged(principal, Refs.Texts(item));
                    break;
            }
        }
    }

    /// <summary>
    /// A SAM policy template: KMS templates grant the key they name; any other template uses the resources its
    /// arguments name, writing when its name says so (Send, Publish, Write, Put, Crud).
    /// </summary>
    private void ReadPolicyTemplate(Principal principal, ScalarNode name, TemplateNode arguments)
    {
        if (name.Value is "KMSDecryptPolicy" or "KMSEncryptPolicy")
        {
            var action = name.Value == "KMSDecryptPolicy" ? DecryptEntry : EncryptEntry;
            var resource = (arguments as MappingNode)?["KeyId"];
            if (resource is not null)
            {
                var statement = new MappingNode(
                    [AllowEntry, action, new MappingEntry(ResourceKey, resource)],
                    isFlow: true,
                    name.Span);
                Add(statements, principal, statement);
            }

            return;
        }

        var writes = ContainsAny(name.Value, WritingWords);
        var reads = !ContainsAny(name.Value, OnlyWritingWords) || name.Value.Contains("Crud", StringComparison.Ordinal);
        AddUses(principal, arguments, reads, writes, name.Value, name);
    }

    private void ReadEvents(Principal principal, MappingNode? events)
    {
        for (var i = 0; i < (events?.Entries.Count ?? 0); i++)
        {
            var (name, value) = events!.Entries[i];
            if (value is MappingNode evt && evt["Type"] is ScalarNode { Value: "SQS" or "Kinesis" or "DynamoDB" } type && evt["Properties"] is MappingNode properties)
            {
                var source = properties.Find("Queue") ?? properties.Find("Stream");
                if (source is not null)
                {
                    AddUses(principal, source.Value, reads: true, writes: false, $"{type.Value} event {name.Value}", source.Key);
                }
            }
        }
    }

    /// <summary>A managed policy for a whole service (AmazonDynamoDBFullAccess) counts as a use of the resources the function is told about.</summary>
    private void ReadManagedPolicyUses(Principal principal, TemplateNode? environment)
    {
        var names = managed.GetValueOrDefault(principal) ?? [];
        if (names.Count == 0)
        {
            return;
        }

        foreach (var target in Refs.Targets(environment))
        {
            if (facts.Template.FindResource(target) is { } resource && ServiceByType.TryGetValue(resource.Type, out var service)
                && ManagedPolicyWord.TryGetValue(service, out var word)
                && names.FirstOrDefault(n => n.Contains(word, StringComparison.Ordinal)) is { } policy)
            {
                Add(uses, target, new ResourceUse(principal, Reads: true, Writes: !policy.Contains("ReadOnly", StringComparison.Ordinal), $"managed policy {policy}", environment!));
            }
        }
    }

    private void ReadDocument(Principal principal, TemplateNode? document)
    {
        if (document is null)
        {
            return;
        }

        foreach (var statement in KeyPolicyStatements(document))
        {
            if (Refs.HasText(statement["Effect"], "Deny"))
            {
                continue;
            }

            Add(statements, principal, statement);
            var actions = Refs.Texts(statement["Action"]);
            foreach (var target in TargetsOf(statement["Resource"]))
            {
                if (facts.Template.FindResource(target) is not { } resource || !ServiceByType.TryGetValue(resource.Type, out var service))
                {
                    continue;
                }

                // The statement's actions of the resource's service ("service:..." in any case, or "*"): a loop, as
                // every statement of every principal comes through here.
                var (own, writes, reads) = (false, false, false);
                foreach (var a in actions)
                {
                    if (a == "*" || (a.Length > service.Length && a[service.Length] == ':' && a.StartsWith(service, StringComparison.OrdinalIgnoreCase)))
                    {
                        own = true;
                        writes |= a.Contains('*', StringComparison.Ordinal) || ContainsAny(a, WritingWords);
                        reads |= !ContainsAny(a, OnlyWritingWords);
                    }
                }

                if (!own)
                {
                    continue;
                }

                var at = statement.Find("Resource")?.Key ?? (TemplateNode)statement;
                Add(uses, target, new ResourceUse(principal, reads, writes, "policy statement", at));
            }
        }
    }

    private void AddUses(Principal principal, TemplateNode? node, bool reads, bool writes, string how, TemplateNode at)
    {
        foreach (var target in TargetsOf(node))
        {
            if (facts.Template.FindResource(target) is { } resource && ServiceByType.ContainsKey(resource.Type))
            {
                Add(uses, target, new ResourceUse(principal, reads, writes, how, at));
            }
        }
    }

    /// <summary>
    /// The logical IDs the node names (<see cref="Refs.Targets"/>) in <see cref="targets"/>, valid until the next call: the
    /// caller reads them before it asks again (no caller asks while it reads).
    /// </summary>
    private HashSet<string> TargetsOf(TemplateNode? node)
    {
        // A set that held many targets (a replication policy names every bucket) keeps its size, and each clear would
        // wipe all of it: a new small set instead.
        if (targets.Count > SmallSet)
        {
            targets = new HashSet<string>(StringComparer.Ordinal);
        }
        else
        {
            targets.Clear();
        }

        Refs.AddTargets(node, targets);
        return targets;
    }

    private void AddManaged(Principal principal, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            Add(managed, principal, name);
        }
    }

    private static void Add<TKey, T>(Dictionary<TKey, List<T>> index, TKey key, T item)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(item);
    }
}
