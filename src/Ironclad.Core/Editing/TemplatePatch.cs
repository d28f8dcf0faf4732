using Ironclad.Core.Templates;

namespace Ironclad.Core.Editing;

/// <summary>Where new keys go in an existing mapping: at its end (default), or after or before one of its keys.</summary>
public readonly record struct Placement(string? After = null, string? Before = null)
{
    public static Placement End => default;

    public static Placement AfterKey(string key) => new(After: key);

    public static Placement BeforeKey(string key) => new(Before: key);
}

/// <summary>
/// Format-preserving edits of one template. Changes are described against the parsed tree (set a
/// key, append an item, replace a value), merged when several fixes touch the same new block, and
/// compiled into text edits placed by the parser's source positions. The document is never
/// re-serialised: everything outside the edited ranges stays byte for byte.
/// </summary>
public sealed class TemplatePatch
{
    private readonly Dictionary<TemplateNode, Link> parents = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<TemplateNode> shared = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MappingNode, List<Pending>> insertions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(MappingNode Mapping, string Key), Pending> pendingByKey = new(PendingKeyComparer.Instance);
    private readonly Dictionary<SequenceNode, NewSequence> appends = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TemplateNode, NewNode> replacements = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TemplateNode, NewSequence> wraps = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<MappingNode, Dictionary<string, MappingEntry>> keyIndex = new(ReferenceEqualityComparer.Instance);

    /// <summary>The proper ancestors of every node an edit targets: the nodes whose text another edit changes.</summary>
    private readonly HashSet<TemplateNode> editedWithin = new(ReferenceEqualityComparer.Instance);

    /// <summary>How the changes are written in this file's format (YAML or JSON); built with the first edit compiled.</summary>
    private PatchLayout? layout;

    private DocumentStyle? style;

    /// <summary>
    /// Whether <see cref="parents"/> and <see cref="shared"/> hold the document's nodes yet. They are built at the first
    /// edit, not with the patch: a plan of an already hardened template (fix's idempotence check) edits nothing, and
    /// indexing every node of a large output was a tenth of that plan's time.
    /// </summary>
    private bool indexed;

    public TemplatePatch(TemplateDocument document)
    {
        Document = document;
    }

    public TemplateDocument Document { get; }

    /// <summary>How the file is written (detected on first use, from the whole document).</summary>
    public DocumentStyle Style => style ??= DocumentStyle.Detect(Document);

    private PatchLayout Layout => layout ??= PatchLayout.For(Document, Style, ParentOf);

    /// <summary>True when nothing has been changed.</summary>
    public bool IsEmpty => insertions.Count == 0 && appends.Count == 0 && replacements.Count == 0 && wraps.Count == 0;

    /// <summary>
    /// Sets the value at <paramref name="path"/> below <paramref name="target"/>: missing mappings on the
    /// way are created, a new mapping value merges into an existing mapping key by key, and an existing
    /// different value is replaced. <paramref name="placement"/> positions the first key that is new.
    /// </summary>
    public void Set(MappingNode target, IReadOnlyList<string> path, NewNode value, Placement placement = default)
    {
        if (path.Count == 0)
        {
            throw new ArgumentException("empty path", nameof(path));
        }

        Set(target, path, 0, value, placement, copy: true);
    }

    /// <summary>
    /// <see cref="Set(MappingNode, IReadOnlyList{string}, NewNode, Placement)"/> of a value the caller hands over: it
    /// keeps no reference that it changes later, so the patch takes the value without the copy that protects a
    /// caller's nodes from merges (the plan's new resources at commit: thousands of definitions in a large template).
    /// </summary>
    internal void SetOwned(MappingNode target, string key, NewNode value) => Set(target, [key], 0, value, Placement.End, copy: false);

    /// <summary>Sets the value at <paramref name="path"/> from its element <paramref name="from"/> on; a new key takes a copy of the value when <paramref name="copy"/>.</summary>
    private void Set(MappingNode target, IReadOnlyList<string> path, int from, NewNode value, Placement placement, bool copy)
    {
        CheckEditable(target);
        if (Intrinsics.TryGetCall(target, out var fn, out _))
        {
            throw new EditConflictException($"cannot set {string.Join('.', path.Skip(from))} inside the intrinsic {fn} at line {target.Span.Start.Line}");
        }

        var entry = Find(target, path[from]);
        if (entry is null)
        {
            AddPending(target, path[from], Nest(path, from + 1, value), placement, copy);
            return;
        }

        if (path.Count > from + 1)
        {
            switch (entry.Value)
            {
                case MappingNode child when !Intrinsics.TryGetCall(child, out _, out _):
                    Set(child, path, from + 1, value, placement, copy);
                    return;
                case ScalarNode { IsNull: true } empty:
                    Replace(empty, Nest(path, from + 1, value));
                    return;
                default:
                    throw new EditConflictException($"cannot set {string.Join('.', path.Skip(from))}: {path[from]} at line {entry.Value.Span.Start.Line} is not a mapping");
            }
        }

        switch (entry.Value, value)
        {
            case (MappingNode child, NewMapping map) when !Intrinsics.TryGetCall(child, out _, out _) && map.Count > 0:
                foreach (var (key, item) in map.Entries)
                {
                    Set(child, [key], 0, item, Placement.End, copy);
                }

                return;
            case var (existing, _) when NodeEquality.Equal(NewNode.From(existing, Document.Text), value):
                return;
            default:
                Replace(entry.Value, value);
                return;
        }
    }

    public void Set(MappingNode target, string key, NewNode value, Placement placement = default) => Set(target, [key], value, placement);

    /// <summary>
    /// Appends <paramref name="item"/> to the sequence at <paramref name="path"/> below <paramref name="target"/>,
    /// creating it when absent; a single value there (a string, a mapping, in block or flow style)
    /// becomes the first item of a new list, its text kept as written.
    /// </summary>
    public void Append(MappingNode target, IReadOnlyList<string> path, NewNode item, Placement placement = default)
    {
        CheckEditable(target);
        MappingNode current = target;
        for (var i = 0; i < path.Count; i++)
        {
            var entry = current.Find(path[i]);
            if (entry is null)
            {
                AddPending(current, path[i], Nest(path, i + 1, new NewSequence([item])), placement, copy: true);
                return;
            }

            if (i == path.Count - 1)
            {
                switch (entry.Value)
                {
                    case SequenceNode seq when !Shared.Contains(seq):
                        Append(seq, item);
                        return;
                    case ScalarNode { IsNull: true } empty:
                        Replace(empty, new NewSequence([item]));
                        return;
                    case var single when replacements.TryGetValue(single, out var pending) && pending is NewSequence list:
                        list.Add(item);
                        return;
                    case var single when wraps.TryGetValue(single, out var wrapped):
                        wrapped.Add(item);
                        return;
                    case var single when !Intrinsics.TryGetCall(single, out _, out _):
                        Wrap(single, item);
                        return;
                    default:
                        throw new EditConflictException($"cannot append to {string.Join('.', path)}: its value at line {entry.Value.Span.Start.Line} is an intrinsic");
                }
            }

            if (entry.Value is not MappingNode next || Intrinsics.TryGetCall(next, out _, out _))
            {
                throw new EditConflictException($"cannot append under {string.Join('.', path)}: {path[i]} at line {entry.Value.Span.Start.Line} is not a mapping");
            }

            current = next;
        }
    }

    public void Append(SequenceNode sequence, NewNode item)
    {
        CheckEditable(sequence);
        CheckNotRewritten(sequence, "append to the list");
        if (Intrinsics.TryGetCall(ParentOf(sequence), out _, out _))
        {
            throw new EditConflictException($"cannot append to the arguments of an intrinsic at line {sequence.Span.Start.Line}");
        }

        if (appends.TryGetValue(sequence, out var pending))
        {
            pending.Add(item);
        }
        else
        {
            appends[sequence] = new NewSequence([item]);
            Track(sequence);
        }
    }

    /// <summary>Replaces an existing value; a second replacement of the same node must agree (mappings and lists merge).</summary>
    public void Replace(TemplateNode node, NewNode value)
    {
        if (!Parents.ContainsKey(node))
        {
            throw new EditConflictException("cannot replace the document root or a node of another document");
        }

        CheckEditable(node);
        CheckNotRewritten(node, "replace the value", replacing: true);
        CheckNoEditWithin(node, "replaced");

        if (replacements.TryGetValue(node, out var existing))
        {
            replacements[node] = MergeValues(existing, value, "the value at line " + node.Span.Start.Line);
            return;
        }

        replacements[node] = value;
        Track(node);
    }

    /// <summary>The edits, sorted by position; same-offset insertions keep inner content before outer.</summary>
    public IReadOnlyList<TextEdit> Compile()
    {
        // Each edit with its depth and the order made (the sort's last key).
        var edits = new List<(TextEdit Edit, int Depth, int Index)>();
        void Add(TextEdit edit, int depth) => edits.Add((edit, depth, edits.Count));

        foreach (var (mapping, pending) in insertions)
        {
            // Most mappings get their new keys at one placement: they are written as they are, without grouping.
            if (OnePlacement(pending))
            {
                Add(Layout.InsertIntoMapping(mapping, pending, pending[0].Placement), Depth(mapping));
                continue;
            }

            foreach (var group in pending.GroupBy(p => p.Placement))
            {
                Add(Layout.InsertIntoMapping(mapping, group.ToList(), group.Key), Depth(mapping));
            }
        }

        foreach (var (sequence, items) in appends)
        {
            Add(Layout.AppendToSequence(sequence, items.Items), Depth(sequence));
        }

        foreach (var (node, value) in replacements)
        {
            Add(Layout.ReplaceNode(node, Parents[node].Parent, Parents[node].Key, value), Depth(node));
        }

        foreach (var (node, items) in wraps)
        {
            Add(Layout.WrapNode(node, Parents[node].Parent, Parents[node].Key, items.Items), Depth(node));
        }

        // By position, the deeper first at one offset, else in the order made: with the order made as the last key, a sort of
        // the list itself gives what a stable sort gives, without LINQ's buffers for the thousands of edits of a large plan.
        edits.Sort(static (a, b) => a.Edit.Start != b.Edit.Start ? a.Edit.Start.CompareTo(b.Edit.Start)
            : a.Depth != b.Depth ? b.Depth.CompareTo(a.Depth)
            : a.Index.CompareTo(b.Index));
        var ordered = new List<TextEdit>(edits.Count);
        foreach (var (edit, _, _) in edits)
        {
            ordered.Add(edit);
        }

        // Block insertions at the end of a file without a final line break need one first, once.
        var text = Document.Text;
        if (text.Length > 0 && text[^1] is not ('\n' or '\r'))
        {
            var first = ordered.FindIndex(e => e.IsInsertion && e.Start == text.Length);
            if (first >= 0 && !Style.IsJson)
            {
                ordered[first] = ordered[first].Prefixed(Style.Newline);
            }
        }

        return ordered;
    }

    /// <summary>Whether all the keys pending for one mapping have one placement (a plain loop: this runs for every mapping edited).</summary>
    private static bool OnePlacement(List<Pending> pending)
    {
        for (var i = 1; i < pending.Count; i++)
        {
            if (pending[i].Placement != pending[0].Placement)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The new text.</summary>
    public string Apply() => TextEdits.Apply(Document.Text, Compile());

    /// <summary>An entry by key; large mappings (a Resources section of thousands) are indexed on first use.</summary>
    private MappingEntry? Find(MappingNode mapping, string key)
    {
        if (mapping.Entries.Count < 32)
        {
            return mapping.Find(key);
        }

        if (!keyIndex.TryGetValue(mapping, out var index))
        {
            keyIndex[mapping] = index = new Dictionary<string, MappingEntry>(StringComparer.Ordinal);
            foreach (var entry in mapping.Entries)
            {
                index.TryAdd(entry.Key.Value, entry);
            }
        }

        return index.GetValueOrDefault(key);
    }

    private static NewNode Nest(IReadOnlyList<string> path, int from, NewNode value)
    {
        var result = value;
        for (var i = path.Count - 1; i >= from; i--)
        {
            result = new NewMapping([(path[i], result)]);
        }

        return result;
    }

    private static NewNode MergeValues(NewNode existing, NewNode incoming, string what)
    {
        switch (existing, incoming)
        {
            case (NewMapping mine, NewMapping theirs):
                mine.Merge(theirs);
                return mine;
            case (NewSequence mine, NewSequence theirs):
                foreach (var item in theirs.Items)
                {
                    mine.Add(item.Clone());
                }

                return mine;
            case var _ when NodeEquality.Equal(existing, incoming):
                return existing;
            default:
                throw new EditConflictException($"two edits disagree about {what}");
        }
    }

    private void AddPending(MappingNode target, string key, NewNode value, Placement placement, bool copy)
    {
        // Every mapping on the way to a new key must be the resource's own: one reached through an alias is every user's.
        CheckEditable(target);
        CheckNotRewritten(target, "add " + key);

        if (placement.After is { } after && target.Find(after) is null)
        {
            placement = Placement.End;
        }

        if (placement.Before is { } before && target.Find(before) is null)
        {
            placement = Placement.End;
        }

        if (!insertions.TryGetValue(target, out var list))
        {
            insertions[target] = list = [];
            Track(target);
        }

        if (!pendingByKey.TryGetValue((target, key), out var existing))
        {
            var pending = new Pending(key, copy ? value.Clone() : value, placement);
            list.Add(pending);
            pendingByKey[(target, key)] = pending;
        }
        else
        {
            existing.Value = MergeValues(existing.Value, value, $"the new key {key}");
        }
    }

    /// <summary>Turns a single value into a list of it and <paramref name="item"/>, keeping the value's text.</summary>
    private void Wrap(TemplateNode node, NewNode item)
    {
        CheckEditable(node);
        CheckNotRewritten(node, "turn the value into a list");
        CheckNoEditWithin(node, "turned into a list");
        wraps[node] = new NewSequence([item]);
        Track(node);
    }

    /// <summary>Refuses an edit at or below a node whose text another edit replaces (a second replacement of one node merges instead).</summary>
    private void CheckNotRewritten(TemplateNode node, string what, bool replacing = false)
    {
        // The node and its ancestors against the rewritten nodes (not the other way round): a plan of thousands of
        // edits made this check quadratic.
        for (TemplateNode? current = node; current is not null; current = ParentOf(current))
        {
            var rewritten = ReferenceEquals(current, node)
                ? (replacements.ContainsKey(node) || wraps.ContainsKey(node)) && !(replacing && replacements.ContainsKey(node))
                : replacements.ContainsKey(current) || wraps.ContainsKey(current);
            if (rewritten)
            {
                throw new EditConflictException($"cannot {what} at line {node.Span.Start.Line}: a value around it is rewritten by another edit");
            }
        }
    }

    /// <summary>Refuses to rewrite a node's text while another edit changes its content.</summary>
    private void CheckNoEditWithin(TemplateNode node, string what)
    {
        if (editedWithin.Contains(node))
        {
            throw new EditConflictException($"a value at line {node.Span.Start.Line} is {what} while another edit changes its content");
        }
    }

    /// <summary>Records a node that an edit targets: its ancestors now hold an edit (<see cref="CheckNoEditWithin"/>).</summary>
    private void Track(TemplateNode target)
    {
        // An ancestor already recorded has its own ancestors recorded too.
        for (var current = ParentOf(target); current is not null && editedWithin.Add(current); current = ParentOf(current))
        {
        }
    }

    private void CheckEditable(TemplateNode node)
    {
        for (TemplateNode? current = node; current is not null; current = ParentOf(current))
        {
            if (Shared.Contains(current))
            {
                throw new EditConflictException($"the node at line {node.Span.Start.Line} is shared through a YAML alias; editing it would change every use");
            }
        }
    }

    private TemplateNode? ParentOf(TemplateNode node) => Parents.TryGetValue(node, out var link) ? link.Parent : null;

    private Dictionary<TemplateNode, Link> Parents
    {
        get
        {
            EnsureIndexed();
            return parents;
        }
    }

    private HashSet<TemplateNode> Shared
    {
        get
        {
            EnsureIndexed();
            return shared;
        }
    }

    private void EnsureIndexed()
    {
        if (!indexed)
        {
            indexed = true;
            // Sized once for every node: growing it step by step allocated twice the final table on a large template.
            parents.EnsureCapacity(CountNodes(Document.Root, 0));
            Index(Document.Root, null, 0);
        }
    }

    /// <summary>The nodes <see cref="Index"/> visits below <paramref name="node"/> (an alias's target counted at each use: an upper bound).</summary>
    private static int CountNodes(TemplateNode node, int depth)
    {
        if (depth > 512)
        {
            return 0;
        }

        var count = 0;
        switch (node)
        {
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    count += 1 + CountNodes(map.Entries[i].Value, depth + 1);
                }

                break;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    count += 1 + CountNodes(seq.Items[i], depth + 1);
                }

                break;
        }

        return count;
    }

    private int Depth(TemplateNode node)
    {
        var depth = 0;
        for (var current = ParentOf(node); current is not null; current = ParentOf(current))
        {
            depth++;
        }

        return depth;
    }

    private void Index(TemplateNode node, Link? link, int depth)
    {
        if (depth > 512)
        {
            return;
        }

        if (link is { } parent)
        {
            if (!parents.TryAdd(node, parent))
            {
                shared.Add(node);
                return;
            }
        }

        // Indexed loops, not foreach: the children are IReadOnlyLists, whose enumerator is an allocation per node.
        switch (node)
        {
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    var entry = map.Entries[i];
                    Index(entry.Value, new Link(map, entry.Key), depth + 1);
                }

                break;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    Index(seq.Items[i], new Link(seq, null), depth + 1);
                }

                break;
        }
    }

    /// <summary>A node's parent and key: a value in the table, not an object per node of the document.</summary>
    private readonly record struct Link(TemplateNode Parent, ScalarNode? Key);

    /// <summary>Pending keys by mapping identity (not structure) and key name.</summary>
    private sealed class PendingKeyComparer : IEqualityComparer<(MappingNode Mapping, string Key)>
    {
        public static PendingKeyComparer Instance { get; } = new();

        public bool Equals((MappingNode Mapping, string Key) x, (MappingNode Mapping, string Key) y) =>
            ReferenceEquals(x.Mapping, y.Mapping) && string.Equals(x.Key, y.Key, StringComparison.Ordinal);

        public int GetHashCode((MappingNode Mapping, string Key) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Mapping), StringComparer.Ordinal.GetHashCode(obj.Key));
    }

    /// <summary>A key to be added to an existing mapping, with its value (merged as fixes add to it) and placement.</summary>
    internal sealed class Pending(string key, NewNode value, Placement placement)
    {
        public string Key { get; } = key;

        public NewNode Value { get; set; } = value;

        public Placement Placement { get; } = placement;
    }
}
