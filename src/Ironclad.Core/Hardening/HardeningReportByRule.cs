using Ironclad.Core.Rules;

namespace Ironclad.Core.Hardening;

/// <summary>
/// What the report's "Changes by rule" lists under each rule of the findings: how many of its findings were fixed, the
/// changes to existing resources that fix one of them (grouped by path and summary, each group's targets once each), and
/// the resources added for it. Built in one pass over the findings, one over the changes and one over the added
/// resources, in the order they come: asked per rule, each question was a search of every change and every added
/// resource, and a large template has tens of thousands of changes, some of which fix thousands of findings.
/// </summary>
/// <remarks>Made and read by one report on one thread; the plan it reads is never written after planning.</remarks>
internal sealed class HardeningReportByRule
{
    private readonly Dictionary<string, Section> sections = new(StringComparer.Ordinal);

    private HardeningReportByRule()
    {
    }

    /// <summary>The rules of the findings, by ID in ordinal order.</summary>
    public IEnumerable<Section> Rules => sections.Values.OrderBy(s => s.Rule.Id, StringComparer.Ordinal);

    /// <param name="outcomes">Each finding's outcome, in the order of the plan's findings.</param>
    public static HardeningReportByRule Build(HardeningPlan plan, IReadOnlyList<string> outcomes)
    {
        var index = new HardeningReportByRule();
        for (var i = 0; i < plan.Findings.Count; i++)
        {
            var finding = plan.Findings[i];
            if (!index.sections.TryGetValue(finding.Rule.Id, out var section))
            {
                section = new Section(finding.Rule);
                index.sections[finding.Rule.Id] = section;
            }

            section.Findings++;
            if (outcomes[i] == "fixed")
            {
                section.Fixed++;
            }
        }

        var found = new List<Section>();
        foreach (var change in plan.Changes)
        {
            if (!change.IsNewResource)
            {
                index.SectionsOf(change.Fixes, change, found);
                foreach (var section in found)
                {
                    section.AddChange(change);
                }
            }
        }

        foreach (var resource in plan.AddedResources)
        {
            index.SectionsOf(resource.Fixes, resource, found);
            foreach (var section in found)
            {
                section.Added.Add(resource.LogicalId);
            }
        }

        return index;
    }

    /// <summary>
    /// Puts into <paramref name="found"/> the sections of the rules <paramref name="fixes"/> names, each once for
    /// <paramref name="item"/> (a change or an added resource can fix several findings of one rule); rules no finding
    /// has are not listed. One list for every item, filled by index: an enumerator per item was most of the garbage.
    /// </summary>
    private void SectionsOf(IReadOnlyList<FindingRef> fixes, object item, List<Section> found)
    {
        found.Clear();

        // A change to a SAM Global fixes one finding per function, all of one rule: the rule's ID is the same string
        // each time, so the section is looked up again only when the ID changes.
        string? lastRule = null;
        Section? section = null;
        for (var i = 0; i < fixes.Count; i++)
        {
            if (!ReferenceEquals(fixes[i].RuleId, lastRule))
            {
                lastRule = fixes[i].RuleId;
                section = sections.GetValueOrDefault(lastRule);
            }

            if (section is not null && !ReferenceEquals(section.LastItem, item))
            {
                section.LastItem = item;
                found.Add(section);
            }
        }
    }

    /// <summary>One rule's part of the report.</summary>
    internal sealed class Section(RuleDescriptor rule)
    {
        private readonly Dictionary<(string Path, string Summary), ChangeGroup> groupsByKey = [];

        /// <summary>The descriptor of the rule's first finding.</summary>
        public RuleDescriptor Rule { get; } = rule;

        public int Findings { get; set; }

        public int Fixed { get; set; }

        /// <summary>The changes to existing resources, grouped by path and summary in the order each group first appears.</summary>
        public List<ChangeGroup> Groups { get; } = [];

        /// <summary>The logical IDs of the resources added for the rule, in the plan's order.</summary>
        public List<string> Added { get; } = [];

        /// <summary>The change or added resource last listed here, so that one that fixes several of the rule's findings is listed once.</summary>
        public object? LastItem { get; set; }

        public void AddChange(PlannedChange change)
        {
            if (!groupsByKey.TryGetValue((change.Path, change.Summary), out var group))
            {
                group = new ChangeGroup(change.Path, change.Summary);
                groupsByKey[(change.Path, change.Summary)] = group;
                Groups.Add(group);
            }

            group.AddTarget(change.Target);
        }
    }

    /// <summary>The changes of one path and summary: how many targets they have, and the first of them, each once.</summary>
    internal sealed class ChangeGroup(string path, string summary)
    {
        /// <summary>
        /// The targets kept: those the report names. They are told apart by a search of the list; a set of every target is
        /// made only for a group with more, which the report counts.
        /// </summary>
        private const int Kept = HardeningReport.ListedTargets;

        private readonly List<string> first = [];
        private HashSet<string>? seen;

        public string Path { get; } = path;

        public string Summary { get; } = summary;

        /// <summary>The first targets, in the order they first appear (at most <see cref="Kept"/>).</summary>
        public List<string> FirstTargets => first;

        public int TargetCount => seen?.Count ?? first.Count;

        public void AddTarget(string target)
        {
            // Most groups have one target (a change per bucket with its own summary); those of a SAM Global's policy have
            // thousands, which a search of the list would make quadratic, and which need not be kept to be counted.
            if (seen is null)
            {
                if (first.Contains(target))
                {
                    return;
                }

                if (first.Count < Kept)
                {
                    first.Add(target);
                    return;
                }

                seen = new HashSet<string>(first, StringComparer.Ordinal);
            }

            seen.Add(target);
        }
    }
}
