using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

/// <summary>
/// The logical IDs a node names, read from the nodes as written (<c>Ref</c>, <c>GetAtt</c>, and the
/// <c>${Name}</c> and <c>${Name.Attribute}</c> variables of <c>Sub</c>), so that a reference counts even
/// inside a string the evaluator cannot resolve, such as an ARN built with <c>${AWS::AccountId}</c>.
/// </summary>
public static class Refs
{
    private const int MaxDepth = 64;

    public static HashSet<string> Targets(TemplateNode? node)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Collect(node, found, 0);
        return found;
    }

    public static bool Mentions(TemplateNode? node, string logicalId) => Targets(node).Contains(logicalId);

    /// <summary>The text of every literal string under the node, <c>Sub</c> formats included.</summary>
    public static IEnumerable<string> Texts(TemplateNode? node)
    {
        var texts = new List<string>();
        CollectTexts(node, texts, 0);
        return texts;
    }

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
                    {
                        var target = arg switch
                        {
                            ScalarNode s => s.Value.Split('.', 2)[0],
                            SequenceNode { Items.Count: > 0 } s when s.Items[0] is ScalarNode n => n.Value,
                            _ => null,
                        };
                        if (target is not null)
                        {
                            found.Add(target);
                        }

                        return;
                    }

                case "Fn::Sub":
                    {
                        var (format, variables) = arg is SequenceNode { Items.Count: 2 } pair ? (pair.Items[0], pair.Items[1]) : (arg, null);
                        var bound = (variables as MappingNode)?.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal) ?? [];
                        if (format is ScalarNode text)
                        {
                            foreach (var name in SubVariables(text.Value).Where(n => !bound.Contains(n)))
                            {
                                found.Add(name);
                            }
                        }

                        Collect(variables, found, depth + 1);
                        return;
                    }
            }
        }

        switch (node)
        {
            case MappingNode map:
                foreach (var entry in map.Entries)
                {
                    Collect(entry.Value, found, depth + 1);
                }

                break;
            case SequenceNode seq:
                foreach (var item in seq.Items)
                {
                    Collect(item, found, depth + 1);
                }

                break;
        }
    }

    private static IEnumerable<string> SubVariables(string format)
    {
        for (var i = format.IndexOf("${", StringComparison.Ordinal); i >= 0; i = format.IndexOf("${", i + 2, StringComparison.Ordinal))
        {
            var close = format.IndexOf('}', i + 2);
            if (close < 0)
            {
                yield break;
            }

            var name = format[(i + 2)..close];
            if (!name.StartsWith('!') && !name.StartsWith("AWS::", StringComparison.Ordinal))
            {
                yield return name.Split('.', 2)[0];
            }
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
                foreach (var entry in map.Entries)
                {
                    CollectTexts(entry.Value, texts, depth + 1);
                }

                break;
            case SequenceNode seq:
                foreach (var item in seq.Items)
                {
                    CollectTexts(item, texts, depth + 1);
                }

                break;
        }
    }
}
