using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Evaluation;

/// <summary>
/// A property value after intrinsics are evaluated. An absent value (missing, or <c>!Ref AWS::NoValue</c>)
/// is represented by <c>null</c>, so that "is it set?" reads as a null check everywhere.
/// </summary>
public abstract class Value
{
    protected Value(TemplateNode origin) => Origin = origin;

    /// <summary>The node the value came from: where a finding about it points.</summary>
    public TemplateNode Origin { get; }
}

public sealed class ScalarValue : Value
{
    public ScalarValue(string text, TemplateNode origin, bool isNull = false, bool isString = false)
        : base(origin)
    {
        Text = text;
        IsNull = isNull;
        IsString = isString;
    }

    public string Text { get; }

    public bool IsNull { get; }

    /// <summary>Written as a quoted string (so <c>"true"</c> is text to YAML, though CloudFormation still reads it as a boolean).</summary>
    public bool IsString { get; }

    public bool IsEmpty => IsNull || Text.Length == 0;

    /// <summary>CloudFormation's reading of a boolean: <c>true</c>/<c>false</c> in any case, quoted or not.</summary>
    public bool? AsBool() => Text.ToUpperInvariant() switch
    {
        "TRUE" => true,
        "FALSE" => false,
        _ => null,
    };

    public double? AsNumber() =>
        double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public override string ToString() => Text;
}

public sealed class MapValue : Value
{
    /// <summary>
    /// Past this many keys a look-up goes through a dictionary; below, a linear search is cheaper than building one
    /// (most keys differ in length, so a miss costs a length comparison per entry).
    /// </summary>
    private const int IndexedFrom = 17;

    // An exactly sized array in insertion order rather than a dictionary per mapping: every resource's properties and
    // every nested mapping becomes a MapValue, most with a handful of keys, and a dictionary each was a fifth of a
    // scan's allocation (a list each, a tenth).
    private readonly (ScalarNode Key, Value Value)[] entries;
    private readonly Dictionary<string, int>? index;

    public MapValue(IEnumerable<(ScalarNode Key, Value Value)> items, TemplateNode origin)
        : base(origin) => (entries, index) = Collect(items);

    private MapValue((ScalarNode Key, Value Value)[] entries, Dictionary<string, int>? index, TemplateNode origin)
        : base(origin) => (this.entries, this.index) = (entries, index);

    /// <summary>
    /// A mapping the evaluator built, taking <paramref name="items"/> as it is when its keys are distinct (a parsed
    /// mapping's always are) rather than copying it; otherwise as the public constructor builds it. The caller gives
    /// the array up: nothing writes to it afterwards.
    /// </summary>
    internal static MapValue Adopt((ScalarNode Key, Value Value)[] items, TemplateNode origin)
    {
        if (items.Length >= IndexedFrom)
        {
            var positions = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
            for (var i = 0; i < items.Length; i++)
            {
                if (!positions.TryAdd(items[i].Key.Value, i))
                {
                    return new MapValue(items, origin);
                }
            }

            return new MapValue(items, positions, origin);
        }

        for (var i = 1; i < items.Length; i++)
        {
            if (Position(items.AsSpan(0, i), items[i].Key.Value) >= 0)
            {
                return new MapValue(items, origin);
            }
        }

        return new MapValue(items, null, origin);
    }

    private static ((ScalarNode Key, Value Value)[] Entries, Dictionary<string, int>? Index) Collect(IEnumerable<(ScalarNode Key, Value Value)> items)
    {
        var list = items is ICollection<(ScalarNode, Value)> known ? new List<(ScalarNode Key, Value Value)>(known.Count) : [];
        Dictionary<string, int>? positions = null;
        foreach (var item in items)
        {
            // A repeated key keeps its first position and takes the last value, as a dictionary's indexer does.
            var at = positions is not null ? positions.GetValueOrDefault(item.Key.Value, -1) : Position(CollectionsMarshal.AsSpan(list), item.Key.Value);
            if (at >= 0)
            {
                list[at] = item;
                continue;
            }

            list.Add(item);
            if (positions is not null)
            {
                positions[item.Key.Value] = list.Count - 1;
            }
            else if (list.Count == IndexedFrom)
            {
                positions = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < list.Count; i++)
                {
                    positions[list[i].Key.Value] = i;
                }
            }
        }

        return ([.. list], positions);
    }

    public int Count => entries.Length;

    public IEnumerable<string> Keys => entries.Select(e => e.Key.Value);

    public Value? this[string key] => Find(key) is var at and >= 0 ? entries[at].Value : null;

    /// <summary>The key node, for positions of findings about a present key.</summary>
    public ScalarNode? KeyNode(string key) => Find(key) is var at and >= 0 ? entries[at].Key : null;

    /// <summary>The entries in order; a <c>foreach</c> over them allocates nothing (rules walk every mapping of a policy).</summary>
    public EntryList Entries => new(entries);

    private int Find(string key) => index is not null ? index.GetValueOrDefault(key, -1) : Position(entries, key);

    private static int Position(ReadOnlySpan<(ScalarNode Key, Value Value)> items, string key)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Key.Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A mapping's entries as key and value, enumerated by a struct (LINQ over them works as over any sequence).</summary>
    public readonly struct EntryList : IEnumerable<KeyValuePair<string, Value>>
    {
        private readonly (ScalarNode Key, Value Value)[] entries;

        internal EntryList((ScalarNode Key, Value Value)[] entries) => this.entries = entries;

        /// <remarks>A default instance (<c>?? []</c> makes one) has no array, and is empty.</remarks>
        public Enumerator GetEnumerator() => new(entries ?? []);

        IEnumerator<KeyValuePair<string, Value>> IEnumerable<KeyValuePair<string, Value>>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator : IEnumerator<KeyValuePair<string, Value>>
        {
            private readonly (ScalarNode Key, Value Value)[] entries;
            private int next;

            internal Enumerator((ScalarNode Key, Value Value)[] entries) => this.entries = entries;

            public readonly KeyValuePair<string, Value> Current => new(entries[next - 1].Key.Value, entries[next - 1].Value);

            readonly object System.Collections.IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (next == entries.Length)
                {
                    return false;
                }

                next++;
                return true;
            }

            public void Reset() => next = 0;

            public readonly void Dispose()
            {
            }
        }
    }
}

public sealed class ListValue : Value
{
    public ListValue(IReadOnlyList<Value> items, TemplateNode origin)
        : base(origin) => Items = items;

    public IReadOnlyList<Value> Items { get; }
}

/// <summary>
/// A value that exists but cannot be known before deployment: an attribute, a resource's ID, a
/// pseudo parameter, an import, a parameter without a value.
/// </summary>
public sealed class UnknownValue : Value
{
    private readonly string? reason;
    private readonly CompositeFormat? format;
    private readonly string? subject;

    public UnknownValue(string reason, TemplateNode origin, string? referencedResource = null)
        : base(origin)
    {
        this.reason = reason;
        ReferencedResource = referencedResource;
    }

    /// <summary>
    /// A reason that names its <paramref name="subject"/> in <paramref name="format"/>, written out when it is read:
    /// a template makes an unknown value for every reference to a resource, and few reasons are ever shown.
    /// </summary>
    internal UnknownValue(CompositeFormat format, string subject, TemplateNode origin, string? referencedResource = null)
        : base(origin)
    {
        this.format = format;
        this.subject = subject;
        ReferencedResource = referencedResource;
    }

    public string Reason => reason ?? string.Format(CultureInfo.InvariantCulture, format!, subject);

    /// <summary>The logical ID named by a <c>Ref</c> or <c>GetAtt</c>, when the value points at a resource of the template.</summary>
    public string? ReferencedResource { get; }
}
