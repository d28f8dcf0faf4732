using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

/// <summary>
/// The logical IDs a node names, read from the nodes as written (<c>Ref</c>, <c>GetAtt</c>, and the
/// <c>${Name}</c> and <c>${Name.Attribute}</c> variables of <c>Sub</c>), so that a reference counts even
/// inside a string the evaluator cannot resolve, such as an ARN built with <c>${AWS::AccountId}</c>.
/// </summary>
/// <remarks>
/// The walks go by index and add names from spans of the text as written (a logical ID is made a string only when the
/// set has not got it): the deployability rules and their indexes ask this of every resource's nodes.
/// </remarks>
public static class Refs
{
    private const int MaxDepth = 64;

    public static HashSet<string> Targets(TemplateNode? node)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Collect(node, found, 0);
        return found;
    }

    /// <summary>
    /// Adds the <see cref="Targets"/> of the node to <paramref name="found"/>, in the order they are written: for a caller
    /// that reads the targets of thousands of nodes in turn and keeps none of the sets, one set cleared between them.
    /// </summary>
    public static void AddTargets(TemplateNode? node, HashSet<string> found) => Collect(node, found, 0);

    public static bool Mentions(TemplateNode? node, string logicalId) => node is not null && Targets(node).Contains(logicalId);

    /// <summary>The text of every literal string under the node, <c>Sub</c> formats included.</summary>
    /// <remarks>A list the caller may keep, so that reading it twice does not walk the node twice.</remarks>
    public static List<string> Texts(TemplateNode? node)
    {
        var texts = new List<string>();
        CollectTexts(node, texts, 0);
        return texts;
    }

    /// <summary>
    /// True when one of the <see cref="Texts"/> of the node is <paramref name="text"/>, found without making the list:
    /// every statement of every principal has its <c>Effect</c> asked.
    /// </summary>
    public static bool HasText(TemplateNode? node, string text) => HasText(node, text, 0);

    private static void Collect(TemplateNode? node, HashSet<string> found, int depth)
    {
        if (node is null || depth > MaxDepth)
        {
            return;
        }

        if (Intrinsics.TryGetCall(node, out var fn, out var arg))
        {
            switch (fn)
            {
                case "Ref" when arg is ScalarNode name && !name.Value.StartsWith("AWS::", StringComparison.Ordinal):
                    found.Add(name.Value);
                    return;
                case "Fn::GetAtt":
                    switch (arg)
                    {
                        case ScalarNode s:
                            found.GetAlternateLookup<ReadOnlySpan<char>>().Add(BeforeDot(s.Value));
                            break;
                        case SequenceNode { Items.Count: > 0 } s when s.Items[0] is ScalarNode n:
                            found.Add(n.Value);
                            break;
                    }

                    return;

                case "Fn::Sub":
                    {
                        var (format, variables) = arg is SequenceNode { Items.Count: 2 } pair ? (pair.Items[0], pair.Items[1]) : (arg, null);
                        if (format is ScalarNode text)
                        {
                            AddSubVariables(text.Value, variables as MappingNode, found);
                        }

                        Collect(variables, found, depth + 1);
                        return;
                    }
            }
        }

        switch (node)
        {
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    Collect(map.Entries[i].Value, found, depth + 1);
                }

                break;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    Collect(seq.Items[i], found, depth + 1);
                }

                break;
        }
    }

    /// <summary>
    /// The logical IDs a <c>Sub</c> format names (<c>${Name}</c>, <c>${Name.Attribute}</c>), except the names of its own
    /// <paramref name="variables"/>, pseudo parameters and <c>${!Literal}</c>.
    /// </summary>
    private static void AddSubVariables(string format, MappingNode? variables, HashSet<string> found)
    {
        var names = found.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = format.IndexOf("${", StringComparison.Ordinal); i >= 0; i = format.IndexOf("${", i + 2, StringComparison.Ordinal))
        {
            var close = format.IndexOf('}', i + 2);
            if (close < 0)
            {
                return;
            }

            var name = format.AsSpan(i + 2, close - i - 2);
            if (!name.StartsWith('!') && !name.StartsWith("AWS::", StringComparison.Ordinal) && BeforeDot(name) is var target && !Binds(variables, target))
            {
                names.Add(target);
            }
        }
    }

    /// <summary>True when the mapping of a <c>Sub</c>'s variables has <paramref name="name"/> as a key.</summary>
    private static bool Binds(MappingNode? variables, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < (variables?.Entries.Count ?? 0); i++)
        {
            if (name.SequenceEqual(variables!.Entries[i].Key.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The logical ID of <c>Name.Attribute</c> (all of it when there is no dot).</summary>
    private static ReadOnlySpan<char> BeforeDot(ReadOnlySpan<char> name) => name.IndexOf('.') is var dot and >= 0 ? name[..dot] : name;

    private static bool HasText(TemplateNode? node, string text, int depth)
    {
        if (node is null || depth > MaxDepth)
        {
            return false;
        }

        switch (node)
        {
            case ScalarNode s:
                return s.Value == text;
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    if (HasText(map.Entries[i].Value, text, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (HasText(seq.Items[i], text, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static void CollectTexts(TemplateNode? node, List<string> texts, int depth)
    {
        if (node is null || depth > MaxDepth)
        {
            return;
        }

        switch (node)
        {
            case ScalarNode s:
                texts.Add(s.Value);
                break;
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    CollectTexts(map.Entries[i].Value, texts, depth + 1);
                }

                break;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    CollectTexts(seq.Items[i], texts, depth + 1);
                }

                break;
        }
    }
}
