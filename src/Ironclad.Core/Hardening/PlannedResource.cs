using Ironclad.Core.Editing;
using Ironclad.Core.Templates;
using static Ironclad.Core.Editing.Build;

namespace Ironclad.Core.Hardening;

/// <summary>Where a new resource goes among the others: keys first, then what uses them.</summary>
internal enum ResourceGroup
{
    Keys,
    Queues,
    Network,
    Endpoints,
    Buckets,
    Replication,
    Distribution,
    Monitoring,
}

/// <summary>A resource the plan adds (or finds already there from an earlier run, and reuses).</summary>
internal sealed class PlannedResource
{
    public PlannedResource(string id, string type, ResourceGroup group, ResourceDefinition? existing)
    {
        Id = id;
        Type = type;
        Group = group;
        Existing = existing;
    }

    public string Id { get; }

    public string Type { get; }

    public ResourceGroup Group { get; }

    /// <summary>The resource of the input with this logical ID and type: reused, never duplicated.</summary>
    public ResourceDefinition? Existing { get; }

    public bool IsNew => Existing is null;

    public NewMapping Properties { get; } = new();

    public string? Condition { get; set; }

    /// <summary>The resource this one belongs with (a key's alias, a bucket's policy): written right after it.</summary>
    public string? Anchor { get; set; }

    public List<string> DependsOn { get; } = [];

    /// <summary>Stateful: kept on stack deletion and replacement (docs/design/hardening.md, Deploy-time risks).</summary>
    public bool Retain { get; set; }

    public Dictionary<string, string> Facts { get; } = new(StringComparer.Ordinal);

    private readonly FindingList fixes = new(0);

    /// <summary>The findings the resource answers, each once, in the order first added.</summary>
    public IReadOnlyList<FindingRef> Fixes => fixes.Items;

    public void AddFixes(IReadOnlyList<FindingRef> findings) => fixes.Add(findings);

    /// <summary>Forgets the findings added from <paramref name="count"/> on (a fix that served them failed).</summary>
    public void RemoveFixesFrom(int count) => fixes.RemoveFrom(count);

    /// <summary>Suppressions the new resource carries, as (rule, reason): decisions a reviewer should see.</summary>
    public List<(string Rule, string Reason)> Suppressions { get; } = [];

    public NewMapping Definition()
    {
        var definition = new NewMapping().Set("Type", Str(Type));
        if (Suppressions.Count > 0)
        {
            definition.Set("Metadata", Map(("ironclad", Map(("suppress", List(Suppressions.Select(s => (NewNode)Map(("id", Str(s.Rule)), ("reason", Str(s.Reason))))))))));
        }

        if (Condition is not null)
        {
            definition.Set("Condition", Str(Condition));
        }

        if (DependsOn.Count > 0)
        {
            definition.Set("DependsOn", DependsOn.Count == 1 ? Str(DependsOn[0]) : List(DependsOn.Select(d => (NewNode)Str(d))));
        }

        if (Retain)
        {
            definition.Set("DeletionPolicy", Str("Retain")).Set("UpdateReplacePolicy", Str("Retain"));
        }

        if (Properties.Count > 0)
        {
            definition.Set("Properties", Properties);
        }

        return definition;
    }
}
