using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>What the S3 pricers read of a bucket: its enabled replication and lifecycle rules.</summary>
internal static class BucketRules
{
    public static IEnumerable<ResourceDefinition> HardenedBuckets(PlanDelta delta) => delta.HardenedOfType("AWS::S3::Bucket");

    /// <summary>Each enabled replication rule of a bucket, with the destination bucket it names.</summary>
    /// <remarks>
    /// A list, empty and shared for a bucket without replication: every bucket of the template is asked, by two pricers,
    /// and most have none, so an iterator per question was garbage for nothing.
    /// </remarks>
    public static IReadOnlyList<(ResourceDefinition Source, MapValue Rule, Value? Destination)> Replication(PlanDelta delta, ResourceDefinition bucket)
    {
        if (delta.Get(bucket, "ReplicationConfiguration", "Rules") is not ListValue rules)
        {
            return [];
        }

        List<(ResourceDefinition Source, MapValue Rule, Value? Destination)>? enabled = null;
        for (var i = 0; i < rules.Items.Count; i++)
        {
            if (rules.Items[i] is MapValue rule && Text(rule["Status"]) == "Enabled")
            {
                (enabled ??= []).Add((bucket, rule, (rule["Destination"] as MapValue)?["Bucket"]));
            }
        }

        if (enabled is null)
        {
            return [];
        }

        return enabled;
    }

    public static IEnumerable<MapValue> EnabledLifecycle(PlanDelta delta, ResourceDefinition bucket) =>
        delta.Get(bucket, "LifecycleConfiguration", "Rules") is ListValue rules
            ? rules.Items.OfType<MapValue>().Where(r => Text(r["Status"]) == "Enabled")
            : [];

    public static decimal? NoncurrentExpiration(MapValue rule) =>
        Number((rule["NoncurrentVersionExpiration"] as MapValue)?["NoncurrentDays"]) ?? Number(rule["NoncurrentVersionExpirationInDays"]);

    public static decimal? NoncurrentTransitionToIa(MapValue rule)
    {
        var transitions = (rule["NoncurrentVersionTransitions"] as ListValue)?.Items.OfType<MapValue>() ?? [];
        if (rule["NoncurrentVersionTransition"] is MapValue single)
        {
            transitions = transitions.Append(single);
        }

        return transitions.Where(t => Text(t["StorageClass"]) == "STANDARD_IA")
            .Select(t => Number(t["TransitionInDays"])).FirstOrDefault(d => d is not null);
    }
}
