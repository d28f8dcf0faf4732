using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

/// <summary>An AWS service that publishes to a topic with its own principal (not a role of the template), and where the template says so.</summary>
internal sealed record ServicePublisher(string Service, string How, TemplateNode At);

/// <summary>
/// The AWS services that publish to each SNS topic of the template, read from the nodes as written: S3 event
/// notifications, EventBridge rule targets, CloudWatch alarm actions, CodeStar notification rules, budgets, backup
/// vaults, and every service principal a topic policy lets publish. A service publishes as itself, so an encrypted
/// topic's key policy must admit its principal; a topic under a key it cannot use drops its messages silently.
/// </summary>
internal sealed class TopicPublishers
{
    private static readonly string[] AlarmActions = ["AlarmActions", "OKActions", "InsufficientDataActions"];

    private readonly Dictionary<string, List<ServicePublisher>> byTopic = new(StringComparer.Ordinal);

    private TopicPublishers()
    {
    }

    /// <summary>The services that publish to the topic, each once per way the template says so.</summary>
    public IReadOnlyList<ServicePublisher> Of(string topic) => byTopic.GetValueOrDefault(topic) ?? [];

    /// <summary>Reads the publishers of every topic in one pass over the template (built once per template, as <see cref="KeyUsage"/>).</summary>
    public static TopicPublishers Build(TemplateFacts facts)
    {
        var template = facts.Template;
        var index = new TopicPublishers();
        void Add(string service, string how, TemplateNode? at, TemplateNode? target)
        {
            if (at is null)
            {
                return;
            }

            foreach (var topic in Refs.Targets(target).Where(t => template.FindResource(t)?.Type == "AWS::SNS::Topic"))
            {
                if (!index.byTopic.TryGetValue(topic, out var found))
                {
                    index.byTopic[topic] = found = [];
                }

                if (!found.Any(p => p.Service == service && p.How == how))
                {
                    found.Add(new ServicePublisher(service, how, at));
                }
            }
        }

        foreach (var resource in template.Resources)
        {
            var properties = resource.Properties;
            switch (resource.Type)
            {
                case "AWS::S3::Bucket":
                    foreach (var item in Items((properties?["NotificationConfiguration"] as MappingNode)?["TopicConfigurations"]))
                    {
                        Add("s3.amazonaws.com", $"event notification of {resource.LogicalId}", item, (item as MappingNode)?["Topic"]);
                    }

                    break;
                case "AWS::Events::Rule":
                    foreach (var item in Items(properties?["Targets"]))
                    {
                        Add("events.amazonaws.com", $"EventBridge rule {resource.LogicalId}", item, (item as MappingNode)?["Arn"]);
                    }

                    break;
                case "AWS::CloudWatch::Alarm" or "AWS::CloudWatch::CompositeAlarm":
                    foreach (var action in AlarmActions)
                    {
                        Add("cloudwatch.amazonaws.com", $"alarm {resource.LogicalId}", properties?.Find(action)?.Key, properties?[action]);
                    }

                    break;
                case "AWS::CodeStarNotifications::NotificationRule":
                    Add("codestar-notifications.amazonaws.com", $"notification rule {resource.LogicalId}", properties?.Find("Targets")?.Key, properties?["Targets"]);
                    break;
                case "AWS::Budgets::Budget":
                    Add("budgets.amazonaws.com", $"budget {resource.LogicalId}", properties?.Find("NotificationsWithSubscribers")?.Key, properties?["NotificationsWithSubscribers"]);
                    break;
                case "AWS::Backup::BackupVault":
                    Add("backup.amazonaws.com", $"backup vault {resource.LogicalId}", properties?.Find("Notifications")?.Key, properties?["Notifications"]);
                    break;
                case "AWS::SNS::TopicPolicy":
                    foreach (var statement in Statements(properties?["PolicyDocument"]))
                    {
                        if (!Refs.HasText(statement["Effect"], "Deny")
                            && Refs.Texts(statement["Action"]).Any(a => Wildcard.IsMatch(a, "sns:Publish"))
                            && statement["Principal"] is MappingNode principal)
                        {
                            foreach (var service in Refs.Texts(principal["Service"]).Where(s => s.EndsWith(".amazonaws.com", StringComparison.Ordinal)))
                            {
                                Add(service, $"topic policy {resource.LogicalId}", principal, properties?["Topics"]);
                            }
                        }
                    }

                    break;
            }
        }

        return index;
    }

    private static IEnumerable<TemplateNode> Items(TemplateNode? node) => node is SequenceNode list ? list.Items : [];

    private static IEnumerable<MappingNode> Statements(TemplateNode? document) => (document as MappingNode)?["Statement"] switch
    {
        SequenceNode list => list.Items.OfType<MappingNode>(),
        MappingNode single => [single],
        _ => [],
    };
}
