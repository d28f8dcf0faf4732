using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;
using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// The buckets the hardening adds, priced by what they will hold: an access-log bucket the logs of its sources
/// (S3 server access logs, CloudFront standard logs) for as long as its lifecycle keeps them, a failover bucket
/// the replicas of the buckets that replicate into it.
/// </summary>
internal sealed class BucketStoragePricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;

        // Who logs to and replicates into each bucket, indexed once: asked per bucket, it was quadratic.
        var logSources = LogSourcesByTarget(delta);
        var replicaSources = ReplicaSourcesByTarget(delta);
        foreach (var bucket in delta.LiveOfType("AWS::S3::Bucket"))
        {
            if (logSources.GetValueOrDefault(bucket.LogicalId) is { Count: > 0 } logs)
            {
                AccessLogBucket(ledger, bucket, logs);
            }
            else if (replicaSources.GetValueOrDefault(bucket.LogicalId) is { Count: > 0 } replicas)
            {
                FailoverBucket(ledger, bucket, replicas);
            }
        }
    }

    /// <summary>For each bucket of the stack, the enabled replication rules that name it as their destination, in template order.</summary>
    private static Dictionary<string, List<(ResourceDefinition Source, MapValue Rule, Value? Destination)>> ReplicaSourcesByTarget(PlanDelta delta)
    {
        var sources = new Dictionary<string, List<(ResourceDefinition Source, MapValue Rule, Value? Destination)>>(StringComparer.Ordinal);
        foreach (var bucket in BucketRules.HardenedBuckets(delta))
        {
            foreach (var rule in BucketRules.Replication(delta, bucket))
            {
                if ((rule.Destination as UnknownValue)?.ReferencedResource is { } target)
                {
                    // Sized for one: most destinations, the failover buckets the plan adds, receive the replicas of one bucket each.
                    (sources.TryGetValue(target, out var list) ? list : sources[target] = new(1)).Add(rule);
                }
            }
        }

        return sources;
    }

    /// <summary>For each bucket, what delivers access logs to it: S3 server access logs and CloudFront standard logs.</summary>
    private static Dictionary<string, List<string>> LogSourcesByTarget(PlanDelta delta)
    {
        var sources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(ResourceDefinition source, Value? target)
        {
            if ((target as UnknownValue)?.ReferencedResource is { } name)
            {
                (sources.TryGetValue(name, out var list) ? list : sources[name] = []).Add(source.LogicalId);
            }
        }

        foreach (var bucket in BucketRules.HardenedBuckets(delta))
        {
            Add(bucket, delta.Get(bucket, "LoggingConfiguration", "DestinationBucketName"));
        }

        foreach (var distribution in delta.HardenedOfType("AWS::CloudFront::Distribution"))
        {
            Add(distribution, delta.Get(distribution, "DistributionConfig", "Logging", "Bucket"));
        }

        return sources;
    }

    private static void AccessLogBucket(CostLedger ledger, ResourceDefinition bucket, List<string> sources)
    {
        var delta = ledger.Delta;
        var perMonth = ledger.Usage[UsageAssumptions.AccessLogGbPerMonth];
        var rules = BucketRules.EnabledLifecycle(delta, bucket).ToList();
        var retention = rules.Select(r => Number(r["ExpirationInDays"])).FirstOrDefault(d => d is not null);
        var versioned = Text(delta.Get(bucket, "VersioningConfiguration", "Status")) == "Enabled";
        var noncurrent = versioned ? rules.Select(BucketRules.NoncurrentExpiration).FirstOrDefault(d => d is not null) ?? 0m : 0m;
        var price = ledger.Prices[PriceKeys.S3StandardGbMonth].Usd;
        var daysPerMonth = ledger.Hours / 24m;
        string formula;
        decimal stored;
        string? note = $"logs of {string.Join(", ", sources)}; log delivery itself is free";
        if (retention is { } days)
        {
            stored = perMonth * (days + noncurrent) / daysPerMonth;
            var kept = noncurrent > 0 ? $"({days:0} d + {noncurrent:0} d as old versions)" : $"{days:0} d";
            formula = $"{CostFormat.Number(perMonth)} GB/month × {kept} / {CostFormat.Number(daysPerMonth)} d × {ledger.P(PriceKeys.S3StandardGbMonth)}";
        }
        else
        {
            stored = perMonth * 12;
            formula = $"{CostFormat.Number(perMonth)} GB/month × 12 months × {ledger.P(PriceKeys.S3StandardGbMonth)}";
            note = "no expiration rule: logs accumulate; priced at one year of logs. " + note;
        }

        ledger.Add(new CostItem("Access-log bucket storage", stored, "GB", price, "GB-month", stored * price, formula, [bucket.LogicalId], [PriceKeys.S3StandardGbMonth], note));
    }

    private static void FailoverBucket(CostLedger ledger, ResourceDefinition bucket, List<(ResourceDefinition Source, MapValue Rule, Value? Destination)> rules)
    {
        // One rule, the common case, needs no set to be distinct.
        List<string> sources = rules.Count == 1 ? [rules[0].Source.LogicalId] : rules.Select(r => r.Source.LogicalId).Distinct(StringComparer.Ordinal).ToList();
        var infrequent = rules.All(r => Text((r.Rule["Destination"] as MapValue)?["StorageClass"]) == "STANDARD_IA");
        var key = infrequent ? PriceKeys.S3StandardIaGbMonth : PriceKeys.S3StandardGbMonth;
        var gb = sources.Sum(s => ledger.Usage.For(UsageAssumptions.ReplicaGbStored, s));
        ledger.Add(new CostItem(
            infrequent ? "Failover bucket storage (Standard-IA)" : "Failover bucket storage",
            gb,
            "GB",
            ledger.Prices[key].Usd,
            "GB-month",
            gb * ledger.Prices[key].Usd,
            $"{CostFormat.Number(gb)} GB replicas × {ledger.P(key)}",
            [bucket.LogicalId],
            [key],
            $"replicas of {string.Join(", ", sources)}{(infrequent ? "; Standard-IA bills at least 30 days and 128 KB per object, and retrieval per GB" : "")}"));
    }
}
