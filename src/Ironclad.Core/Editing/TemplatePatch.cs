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

    public TemplatePatch(TemplateDocument document)
    {
        Document = document;
        Style = DocumentStyle.Detect(document);
        Renderer = new NodeRenderer(Style);
        Index(document.Root, null, 0);
    }

    public TemplateDocument Document { get; }

    public DocumentStyle Style { get; }

    public NodeRenderer Renderer { get; }

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

        CheckEditable(target);
        if (Intrinsics.TryGetCall(target, out var fn, out _))
        {
            throw new EditConflictException($"cannot set {string.Join('.', path)} inside the intrinsic {fn} at line {target.Span.Start.Line}");
        }

        var entry = Find(target, path[0]);
        if (entry is null)
        {
            AddPending(target, path[0], Nest(path, 1, value), placement);
            return;
        }

        if (path.Count > 1)
        {
            switch (entry.Value)
            {
                case MappingNode child when !Intrinsics.TryGetCall(child, out _, out _):
                    Set(child, path.Skip(1).ToList(), value, placement);
                    return;
                case ScalarNode { IsNull: true } empty:
                    Replace(empty, Nest(path, 1, value));
                    return;
                default:
                    throw new EditConflictException($"cannot set {string.Join('.', path)}: {path[0]} at line {entry.Value.Span.Start.Line} is not a mapping");
            }
        }

        switch (entry.Value, value)
        {
            case (MappingNode child, NewMapping map) when !Intrinsics.TryGetCall(child, out _, out _) && map.Count > 0:
                foreach (var (key, item) in map.Entries)
                {
                    Set(child, [key], item);
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
                AddPending(current, path[i], Nest(path, i + 1, new NewSequence([item])), placement);
                return;
            }

            if (i == path.Count - 1)
            {
                switch (entry.Value)
                {
                    case SequenceNode seq when !shared.Contains(seq):
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
        }
    }

    /// <summary>Replaces an existing value; a second replacement of the same node must agree (mappings and lists merge).</summary>
    public void Replace(TemplateNode node, NewNode value)
    {
        if (!parents.ContainsKey(node))
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
    }

    /// <summary>The edits, sorted by position; same-offset insertions keep inner content before outer.</summary>
    public IReadOnlyList<TextEdit> Compile()
    {
        var edits = new List<(TextEdit Edit, int Depth)>();
        foreach (var (mapping, pending) in insertions)
        {
            foreach (var group in pending.GroupBy(p => p.Placement))
            {
                edits.Add((InsertIntoMapping(mapping, group.ToList(), group.Key), Depth(mapping)));
            }
        }

        foreach (var (sequence, items) in appends)
        {
            edits.Add((AppendToSequence(sequence, items.Items), Depth(sequence)));
        }

        foreach (var (node, value) in replacements)
        {
            edits.Add((ReplaceNode(node, value), Depth(node)));
        }

        foreach (var (node, items) in wraps)
        {
            edits.Add((WrapNode(node, items.Items), Depth(node)));
        }

        var ordered = edits.OrderBy(e => e.Edit.Start).ThenByDescending(e => e.Depth).Select(e => e.Edit).ToList();

        // Block insertions at the end of a file without a final line break need one first, once.
        var text = Document.Text;
        if (text.Length > 0 && text[^1] is not ('\n' or '\r'))
        {
            var first = ordered.FindIndex(e => e.IsInsertion && e.Start == text.Length);
            if (first >= 0 && !Style.IsJson)
            {
                ordered[first] = ordered[first] with { Text = Style.Newline + ordered[first].Text };
            }
        }

        return ordered;
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

    private void AddPending(MappingNode target, string key, NewNode value, Placement placement)
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
        }

        if (!pendingByKey.TryGetValue((target, key), out var existing))
        {
            var pending = new Pending(key, value.Clone(), placement);
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
    }

    /// <summary>Refuses an edit at or below a node whose text another edit replaces (a second replacement of one node merges instead).</summary>
    private void CheckNotRewritten(TemplateNode node, string what, bool replacing = false)
    {
        foreach (var rewritten in replacements.Keys.Concat(wraps.Keys))
        {
            if (IsWithin(node, rewritten) && !(replacing && ReferenceEquals(node, rewritten) && replacements.ContainsKey(node)))
            {
                throw new EditConflictException($"cannot {what} at line {node.Span.Start.Line}: a value around it is rewritten by another edit");
            }
        }
    }

    /// <summary>Refuses to rewrite a node's text while another edit changes its content.</summary>
    private void CheckNoEditWithin(TemplateNode node, string what)
    {
        foreach (var target in insertions.Keys.Cast<TemplateNode>().Concat(appends.Keys).Concat(replacements.Keys).Concat(wraps.Keys))
        {
            if (!ReferenceEquals(target, node) && IsWithin(target, node))
            {
                throw new EditConflictException($"a value at line {node.Span.Start.Line} is {what} while another edit changes its content");
            }
        }
    }

    private void CheckEditable(TemplateNode node)
    {
        for (TemplateNode? current = node; current is not null; current = ParentOf(current))
        {
            if (shared.Contains(current))
            {
                throw new EditConflictException($"the node at line {node.Span.Start.Line} is shared through a YAML alias; editing it would change every use");
            }
        }
    }

    private TemplateNode? ParentOf(TemplateNode node) => parents.TryGetValue(node, out var link) ? link.Parent : null;

    private bool IsWithin(TemplateNode node, TemplateNode ancestor)
    {
        for (TemplateNode? current = node; current is not null; current = ParentOf(current))
        {
            if (ReferenceEquals(current, ancestor))
            {
                return true;
            }
        }

        return false;
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

        if (link is not null)
        {
            if (!parents.TryAdd(node, link))
            {
                shared.Add(node);
                return;
            }
        }

        switch (node)
        {
            case MappingNode map:
                foreach (var entry in map.Entries)
                {
                    Index(entry.Value, new Link(map, entry.Key), depth + 1);
                }

                break;
            case SequenceNode seq:
                foreach (var item in seq.Items)
                {
                    Index(item, new Link(seq, null), depth + 1);
                }

                break;
        }
    }

    private bool IsBlockYaml(TemplateNode node) => !Style.IsJson && node is MappingNode { IsFlow: false } or SequenceNode { IsFlow: false };

    private TextEdit InsertIntoMapping(MappingNode mapping, List<Pending> pending, Placement placement)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (Style.IsJson)
        {
            return InsertIntoJsonObject(mapping, pending, placement);
        }

        if (!IsBlockYaml(mapping))
        {
            var flow = string.Join(", ", pending.Select(p => Renderer.YamlKey(p.Key, flow: true) + ": " + Renderer.YamlFlow(p.Value)));
            if (mapping.Entries.Count == 0)
            {
                return TextEdit.Insert(mapping.Span.Start.Offset + 1, flow);
            }

            if (placement.Before is { } before)
            {
                return TextEdit.Insert(mapping.Find(before)!.Key.Span.Start.Offset, flow + ", ");
            }

            var anchor = placement.After is { } a ? mapping.Find(a)! : mapping.Entries[^1];
            return TextEdit.Insert(NodeGeometry.ContentEnd(anchor, Document), ", " + flow);
        }

        var indent = mapping.Entries[0].Key.Span.Start.Column - 1;
        var separated = Separated(mapping);
        var blocks = pending.Select(p => string.Join(nl, Renderer.YamlEntry(p.Key, p.Value, indent)) + nl).ToList();
        if (placement.Before is { } key)
        {
            var keyStart = mapping.Find(key)!.Key.Span.Start.Offset;
            var keyLine = NodeGeometry.LineStartOf(text, keyStart);
            if (!NodeGeometry.IsBlank(text, keyLine, keyStart))
            {
                // The first key of a sequence item shares the dash's line: the new keys take its place.
                var body = string.Concat(blocks) + new string(' ', indent);
                return TextEdit.Insert(keyStart, body[indent..]);
            }

            var at = NodeGeometry.CommentBlockStart(text, keyLine);
            return TextEdit.Insert(at, string.Concat(blocks.Select(b => b + (separated ? nl : ""))));
        }

        var last = placement.After is { } after ? mapping.Find(after)! : mapping.Entries[^1];
        var position = NodeGeometry.LineEndAfter(text, NodeGeometry.ContentEnd(last, Document));
        position = NodeGeometry.SkipTrailingComments(text, position, indent);
        if (separated && last.AliasSpan is null && KeepsTrailingLines(last.Value))
        {
            separated = false;
        }

        return TextEdit.Insert(position, string.Concat(blocks.Select(b => (separated ? nl : "") + b)));
    }

    private TextEdit InsertIntoJsonObject(MappingNode mapping, List<Pending> pending, Placement placement)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (mapping.Entries.Count == 0)
        {
            var outer = NodeGeometry.LeadOf(text, mapping.Span.Start.Offset);
            var inner = outer + Style.JsonIndent;
            var body = string.Join("," + nl, pending.Select(p => inner + NodeRenderer.JsonString(p.Key) + ": " + Renderer.Json(p.Value, inner)));
            return new TextEdit(mapping.Span.Start.Offset, mapping.Span.End.Offset, "{" + nl + body + nl + outer + "}");
        }

        var multiline = mapping.Entries[0].Key.Span.Start.Line != mapping.Span.Start.Line;
        if (!multiline)
        {
            var compact = string.Join(", ", pending.Select(p => NodeRenderer.JsonString(p.Key) + ": " + NodeRenderer.JsonCompact(p.Value)));
            if (placement.Before is { } b)
            {
                return TextEdit.Insert(mapping.Find(b)!.Key.Span.Start.Offset, compact + ", ");
            }

            var anchor = placement.After is { } a ? mapping.Find(a)!.Value : mapping.Entries[^1].Value;
            return TextEdit.Insert(anchor.Span.End.Offset, ", " + compact);
        }

        if (placement.Before is { } before)
        {
            var key = mapping.Find(before)!.Key;
            var lead = NodeGeometry.LeadOf(text, key.Span.Start.Offset);
            var body = string.Concat(pending.Select(p => NodeRenderer.JsonString(p.Key) + ": " + Renderer.Json(p.Value, lead) + "," + nl + lead));
            return TextEdit.Insert(key.Span.Start.Offset, body);
        }

        var last = placement.After is { } after ? mapping.Find(after)! : mapping.Entries[^1];
        var indent = NodeGeometry.LeadOf(text, last.Key.Span.Start.Offset);
        var entries = string.Concat(pending.Select(p => "," + nl + indent + NodeRenderer.JsonString(p.Key) + ": " + Renderer.Json(p.Value, indent)));
        return TextEdit.Insert(last.Value.Span.End.Offset, entries);
    }

    private TextEdit AppendToSequence(SequenceNode sequence, IReadOnlyList<NewNode> items)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        if (Style.IsJson)
        {
            if (sequence.Items.Count == 0)
            {
                var outer = NodeGeometry.LeadOf(text, sequence.Span.Start.Offset);
                var inner = outer + Style.JsonIndent;
                return new TextEdit(sequence.Span.Start.Offset, sequence.Span.End.Offset, "[" + nl + string.Join("," + nl, items.Select(i => inner + Renderer.Json(i, inner))) + nl + outer + "]");
            }

            var lastItem = sequence.Items[^1];
            if (sequence.Items[0].Span.Start.Line == sequence.Span.Start.Line)
            {
                return TextEdit.Insert(lastItem.Span.End.Offset, string.Concat(items.Select(i => ", " + NodeRenderer.JsonCompact(i))));
            }

            var lead = NodeGeometry.LeadOf(text, lastItem.Span.Start.Offset);
            return TextEdit.Insert(lastItem.Span.End.Offset, string.Concat(items.Select(i => "," + nl + lead + Renderer.Json(i, lead))));
        }

        if (!IsBlockYaml(sequence))
        {
            var flow = string.Join(", ", items.Select(Renderer.YamlFlow));
            return sequence.Items.Count == 0
                ? TextEdit.Insert(sequence.Span.Start.Offset + 1, flow)
                : TextEdit.Insert(NodeGeometry.ContentEnd(sequence, sequence.Items.Count - 1, Document), ", " + flow);
        }

        var dash = DashIndent(sequence);
        var position = NodeGeometry.LineEndAfter(text, NodeGeometry.ContentEnd(sequence, sequence.Items.Count - 1, Document));
        position = NodeGeometry.SkipTrailingComments(text, position, dash);
        return TextEdit.Insert(position, string.Concat(Renderer.YamlSequence(items, dash).Select(l => l + nl)));
    }

    private TextEdit ReplaceNode(TemplateNode node, NewNode value)
    {
        var text = Document.Text;
        var link = parents[node];
        var end = NodeGeometry.ContentEnd(node, Document);
        if (Style.IsJson)
        {
            var compact = link.Parent switch
            {
                MappingNode m => m.Entries[0].Key.Span.Start.Line == m.Span.Start.Line,
                SequenceNode s => s.Items[0].Span.Start.Line == s.Span.Start.Line,
                _ => false,
            };
            var rendered = compact ? NodeRenderer.JsonCompact(value) : Renderer.Json(value, NodeGeometry.LeadOf(text, node.Span.Start.Offset));
            return new TextEdit(node.Span.Start.Offset, end, rendered);
        }

        if (!IsBlockYaml(link.Parent))
        {
            return new TextEdit(node.Span.Start.Offset, end, Renderer.YamlFlow(value));
        }

        if (link.Key is { } key)
        {
            var start = NodeGeometry.AfterColon(key, text);
            return new TextEdit(start, Math.Max(start, end), Renderer.YamlValueAfterKey(value, key.Span.Start.Column - 1));
        }

        var dash = DashIndent((SequenceNode)link.Parent);
        return new TextEdit(node.Span.Start.Offset, end, Renderer.YamlItemValue(value, dash));
    }

    /// <summary>
    /// The edit that turns a single value into a list: the value's own text becomes the first item,
    /// shifted as a block when its indentation must change, never re-rendered, so its long forms,
    /// quoting and comments stay; the new items follow in the file's style.
    /// </summary>
    private TextEdit WrapNode(TemplateNode node, IReadOnlyList<NewNode> items)
    {
        var text = Document.Text;
        var nl = Style.Newline;
        var link = parents[node];
        var start = node.Span.Start.Offset;
        var end = NodeGeometry.ContentEnd(node, Document);
        var original = text[start..end];
        if (Style.IsJson)
        {
            var compact = link.Parent switch
            {
                MappingNode m => m.Entries[0].Key.Span.Start.Line == m.Span.Start.Line,
                SequenceNode q => q.Items[0].Span.Start.Line == q.Span.Start.Line,
                _ => false,
            };
            if (compact)
            {
                return new TextEdit(start, end, "[" + original + string.Concat(items.Select(i => ", " + NodeRenderer.JsonCompact(i))) + "]");
            }

            // One item a line, the value's own lines one level deeper.
            var lead = NodeGeometry.LeadOf(text, start);
            var inner = lead + Style.JsonIndent;
            var body = string.Concat(items.Select(i => "," + nl + inner + Renderer.Json(i, inner)));
            return new TextEdit(start, end, "[" + nl + inner + Prefix(original, Style.JsonIndent) + body + nl + lead + "]");
        }

        if (!IsBlockYaml(node) && (node is not ScalarNode || !IsBlockYaml(link.Parent)))
        {
            // Flow style: [value, new, ...] around the value as written.
            return new TextEdit(start, end, "[" + original + string.Concat(items.Select(i => ", " + Renderer.YamlFlow(i))) + "]");
        }

        var key = link.Key ?? throw new EditConflictException($"cannot turn the value at line {node.Span.Start.Line} into a list");
        var dash = key.Span.Start.Column - 1 + Style.SequenceIndent;
        var newItems = string.Concat(Renderer.YamlSequence(items, dash).Select(l => nl + l));
        var lineEnd = NodeGeometry.IsLineStart(text, end) ? end : NodeGeometry.LineEnd(text, end);
        var tail = text[end..lineEnd];
        if (NodeGeometry.IsLineStart(text, end))
        {
            // A keep-chomped block scalar ends at a line start: the new items follow its last line break.
            newItems = newItems[nl.Length..] + nl;
        }

        if (node is MappingNode mapping)
        {
            // A block mapping: its lines move under a dash, shifted so that its keys align after "- ".
            var firstKey = mapping.Entries[0].Key.Span.Start.Offset;
            var lineStart = NodeGeometry.LineStartOf(text, firstKey);
            if (!NodeGeometry.IsBlank(text, lineStart, firstKey) || lineStart <= key.Span.End.Offset)
            {
                throw new EditConflictException($"cannot turn the mapping at line {node.Span.Start.Line} into a list: its first key does not start its line");
            }

            var column = firstKey - lineStart;
            var block = text[firstKey..end];
            return new TextEdit(lineStart, lineEnd, new string(' ', dash) + "- " + Shift(block, dash + 2 - column) + tail + newItems);
        }

        // A scalar: it moves to the first item's line, its continuation lines (if any) kept deeper than the dash.
        if (node is ScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded } && original.TakeWhile(c => c is not ('\n' or '\r' or '#')).Any(char.IsAsciiDigit))
        {
            throw new EditConflictException($"cannot turn the block scalar at line {node.Span.Start.Line} into a list: its explicit indentation would change meaning");
        }

        // On the key's line the value gives way to a line break; on a line of its own (after a comment, say) that line takes the dash.
        var from = NodeGeometry.AfterColon(key, text);
        var onOwnLine = text.AsSpan(from, start - from).IndexOfAny('\n', '\r') >= 0;
        if (!onOwnLine && !NodeGeometry.IsBlank(text, from, start))
        {
            throw new EditConflictException($"cannot turn the value at line {node.Span.Start.Line} into a list: something is written between its key and it");
        }

        var editStart = onOwnLine ? NodeGeometry.LineStartOf(text, start) : from;
        var deepest = MinimalIndent(original);
        var shift = deepest is { } indent && indent <= dash ? dash + 2 - indent : 0;
        return new TextEdit(editStart, lineEnd, (onOwnLine ? "" : nl) + new string(' ', dash) + "- " + Shift(original, shift) + tail + newItems);
    }

    /// <summary>Puts <paramref name="prefix"/> before each line of <paramref name="block"/> after its first, empty lines excepted.</summary>
    private static string Prefix(string block, string prefix) => Shift(block, 0, prefix);

    /// <summary>
    /// Moves the lines of <paramref name="block"/> after its first by <paramref name="delta"/> columns
    /// (removing at most the spaces a line has when negative), or puts <paramref name="prefix"/> before
    /// them; empty lines stay empty.
    /// </summary>
    private static string Shift(string block, int delta, string? prefix = null)
    {
        if (delta == 0 && prefix is null)
        {
            return block;
        }

        var result = new System.Text.StringBuilder(block.Length);
        var atLineStart = false;
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            if (atLineStart && c is not ('\n' or '\r'))
            {
                if (prefix is not null)
                {
                    result.Append(prefix);
                }
                else if (delta > 0)
                {
                    result.Append(' ', delta);
                }
                else
                {
                    var skip = 0;
                    while (skip < -delta && i < block.Length && block[i] == ' ')
                    {
                        i++;
                        skip++;
                    }

                    if (i == block.Length)
                    {
                        break;
                    }

                    c = block[i];
                }
            }

            atLineStart = c is '\n' || (c is '\r' && (i + 1 == block.Length || block[i + 1] != '\n'));
            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>The smallest indentation of the non-blank lines after the first, or null for a one-line text.</summary>
    private static int? MinimalIndent(string value)
    {
        int? minimal = null;
        var lines = value.Split('\n', '\r');
        foreach (var line in lines.Skip(1))
        {
            var trimmed = line.TrimStart(' ');
            if (trimmed.Length > 0)
            {
                minimal = Math.Min(minimal ?? int.MaxValue, line.Length - trimmed.Length);
            }
        }

        return minimal;
    }

    /// <summary>A keep-chomped block scalar (<c>|+</c>) owns the blank lines after it: a separator there would change its value.</summary>
    private bool KeepsTrailingLines(TemplateNode node) => node is ScalarNode scalar && NodeGeometry.IsKeepChomped(scalar, Document.Text);

    private int DashIndent(SequenceNode sequence)
    {
        var text = Document.Text;
        var i = (sequence.AliasSpan(0) ?? sequence.Items[0].Span).Start.Offset - 1;
        while (i >= 0 && text[i] is not ('-' or '\n' or '\r'))
        {
            i--;
        }

        return i >= 0 && text[i] == '-' ? i - NodeGeometry.LineStartOf(text, i) : sequence.Span.Start.Column - 1;
    }

    /// <summary>True when the mapping's entries are separated by blank lines (as resources and sections usually are).</summary>
    private bool Separated(MappingNode mapping)
    {
        var text = Document.Text;
        if (mapping.Entries.Count < 2)
        {
            return ReferenceEquals(mapping, Document.Root) || (ParentOf(mapping) is MappingNode parent && ReferenceEquals(parent, Document.Root) && Separated(parent));
        }

        var blank = mapping.Entries.Skip(1).Count(e =>
        {
            var lineStart = NodeGeometry.LineStartOf(text, e.Key.Span.Start.Offset);
            return NodeGeometry.BlankLineBefore(text, NodeGeometry.CommentBlockStart(text, lineStart));
        });
        return blank * 2 >= mapping.Entries.Count - 1 && blank > 0;
    }

    private sealed record Link(TemplateNode Parent, ScalarNode? Key);

    /// <summary>Pending keys by mapping identity (not structure) and key name.</summary>
    private sealed class PendingKeyComparer : IEqualityComparer<(MappingNode Mapping, string Key)>
    {
        public static PendingKeyComparer Instance { get; } = new();

        public bool Equals((MappingNode Mapping, string Key) x, (MappingNode Mapping, string Key) y) =>
            ReferenceEquals(x.Mapping, y.Mapping) && string.Equals(x.Key, y.Key, StringComparison.Ordinal);

        public int GetHashCode((MappingNode Mapping, string Key) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Mapping), StringComparer.Ordinal.GetHashCode(obj.Key));
    }

    private sealed class Pending(string key, NewNode value, Placement placement)
    {
        public string Key { get; } = key;

        public NewNode Value { get; set; } = value;

        public Placement Placement { get; } = placement;
    }
}
