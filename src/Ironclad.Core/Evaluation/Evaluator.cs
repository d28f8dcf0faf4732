using System.Globalization;
using System.Text;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Evaluation;

/// <summary>
/// Evaluates intrinsic functions over a template's nodes, given parameter values and, for conditions
/// that the parameters cannot decide, an assumption per condition (one "scenario").
/// </summary>
/// <remarks>
/// Conditions are decided on first use and cached, so an evaluator is not safe for concurrent use until
/// <see cref="DecideAllConditions"/> has run: from then on it only reads, and any number of threads may share it
/// (the scanner's parallel ranges do). Everything else it reads (the template, its nodes, the parameter values) is
/// never written after parsing.
/// </remarks>
public sealed class Evaluator
{
    private const int MaxDepth = 64;

    private readonly CfnTemplate template;
    private readonly IReadOnlyDictionary<string, string> parameterValues;
    private readonly IReadOnlyDictionary<string, bool> assumptions;
    private readonly Dictionary<string, bool?> conditionCache = new(StringComparer.Ordinal);
    private int deciding;

    /// <summary>Conditions by name, per template: a mapping's look-up is linear, and a chain of 25,000 would make it quadratic.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CfnTemplate, Dictionary<string, TemplateNode>> ConditionIndex = [];

    public Evaluator(CfnTemplate template, IReadOnlyDictionary<string, string>? parameterValues = null, IReadOnlyDictionary<string, bool>? assumptions = null)
    {
        this.template = template;
        this.parameterValues = parameterValues ?? new Dictionary<string, string>();
        this.assumptions = assumptions ?? new Dictionary<string, bool>();
    }

    public CfnTemplate Template => template;

    public IReadOnlyDictionary<string, bool> Assumptions => assumptions;

    public Evaluator WithAssumptions(IReadOnlyDictionary<string, bool> scenario) => new(template, parameterValues, scenario);

    /// <summary>Evaluates a node; <c>null</c> means absent (<c>AWS::NoValue</c>).</summary>
    public Value? Evaluate(TemplateNode? node) => node is null ? null : Eval(node, 0);

    /// <summary>
    /// Decides every condition of the template, in the order they are written, so that no later call writes to this
    /// evaluator: afterwards <see cref="Condition"/> finds each condition of the template in the cache, and a name the
    /// template does not define is unknown without being cached.
    /// </summary>
    internal void DecideAllConditions()
    {
        foreach (var entry in template.Conditions?.Entries ?? [])
        {
            Condition(entry.Key.Value);
        }
    }

    /// <summary>A condition's value: true, false, or null when it depends on something unknown.</summary>
    public bool? Condition(string name)
    {
        if (assumptions.TryGetValue(name, out var assumed))
        {
            return assumed;
        }

        if (conditionCache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        // Not a condition of the template: unknown, and not cached, so that a decided evaluator stays read-only.
        if (ConditionNamed(name) is null)
        {
            return null;
        }

        // Inside a condition's expression every condition it names was decided first (below); one that
        // was not is part of a cycle, which CloudFormation rejects: unknown.
        if (deciding > 0)
        {
            return null;
        }

        // The conditions it depends on are decided first, in dependency order, with an explicit stack:
        // a chain of 25,000 conditions each naming the one before is legal CloudFormation, and evaluating
        // it by recursion would overflow the stack, which no handler can catch.
        foreach (var dependency in DependencyOrder(name))
        {
            Decide(dependency);
        }

        return conditionCache.GetValueOrDefault(name);
    }

    private TemplateNode? ConditionNamed(string name) =>
        ConditionIndex.GetValue(template, t => (t.Conditions?.Entries ?? []).GroupBy(e => e.Key.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal))
            .GetValueOrDefault(name);

    private void Decide(string name)
    {
        if (assumptions.ContainsKey(name) || conditionCache.ContainsKey(name))
        {
            return;
        }

        bool? result = null;
        if (ConditionNamed(name) is { } expression)
        {
            deciding++;
            try
            {
                result = ConditionExpression(expression, 0);
            }
            finally
            {
                deciding--;
            }
        }

        conditionCache[name] = result;
    }

    /// <summary>The undecided conditions <paramref name="root"/> depends on, each after its own dependencies, <paramref name="root"/> last.</summary>
    private List<string> DependencyOrder(string root)
    {
        var order = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { root };
        var stack = new Stack<(string Name, List<string> Dependencies, int Next)>();
        stack.Push((root, References(root), 0));
        while (stack.Count > 0)
        {
            var (name, dependencies, next) = stack.Pop();
            if (next == dependencies.Count)
            {
                order.Add(name);
                continue;
            }

            stack.Push((name, dependencies, next + 1));
            var dependency = dependencies[next];
            if (!assumptions.ContainsKey(dependency) && !conditionCache.ContainsKey(dependency) && visited.Add(dependency))
            {
                stack.Push((dependency, References(dependency), 0));
            }
        }

        return order;
    }

    /// <summary>The conditions a condition's expression names (<c>Condition</c>, and <c>Fn::If</c> inside it).</summary>
    private List<string> References(string name)
    {
        var found = new List<string>();
        void Walk(TemplateNode? node, int depth)
        {
            if (node is null || depth > MaxDepth)
            {
                return;
            }

            if (Intrinsics.TryGetCall(node, out var fn, out var arg, allowCondition: true))
            {
                if (fn == "Condition" && arg is ScalarNode condition)
                {
                    found.Add(condition.Value);
                }
                else if (fn == "Fn::If" && arg is SequenceNode { Items: [ScalarNode ifCondition, ..] })
                {
                    found.Add(ifCondition.Value);
                }
            }

            switch (node)
            {
                case MappingNode map:
                    foreach (var entry in map.Entries)
                    {
                        Walk(entry.Value, depth + 1);
                    }

                    break;
                case SequenceNode sequence:
                    foreach (var item in sequence.Items)
                    {
                        Walk(item, depth + 1);
                    }

                    break;
            }
        }

        Walk(ConditionNamed(name), 0);
        return found;
    }

    /// <summary>Names of the conditions of <c>Fn::If</c>s under <paramref name="node"/> that cannot be decided.</summary>
    /// <remarks>The list is made only when there is one: the scanner asks for every resource, and most depend on none.</remarks>
    public IReadOnlyList<string> UndecidedConditions(TemplateNode? node)
    {
        List<string>? found = null;
        Collect(node, ref found, 0);
        return found ?? (IReadOnlyList<string>)[];
    }

    private void Collect(TemplateNode? node, ref List<string>? found, int depth)
    {
        if (node is null || depth > MaxDepth)
        {
            return;
        }

        if (Intrinsics.TryGetCall(node, out var fn, out var arg) && fn == "Fn::If"
            && arg is SequenceNode { Items.Count: 3 } ifArgs && ifArgs.Items[0] is ScalarNode name)
        {
            var decided = Condition(name.Value);
            if (decided is null && found?.Contains(name.Value) != true)
            {
                (found ??= []).Add(name.Value);
            }

            if (decided != false)
            {
                Collect(ifArgs.Items[1], ref found, depth + 1);
            }

            if (decided != true)
            {
                Collect(ifArgs.Items[2], ref found, depth + 1);
            }

            return;
        }

        switch (node)
        {
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    Collect(map.Entries[i].Value, ref found, depth + 1);
                }

                break;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    Collect(seq.Items[i], ref found, depth + 1);
                }

                break;
        }
    }

    private bool? ConditionExpression(TemplateNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (!Intrinsics.TryGetCall(node, out var fn, out var arg, allowCondition: true))
        {
            return (Eval(node, depth + 1) as ScalarValue)?.AsBool();
        }

        var args = (arg as SequenceNode)?.Items ?? [];
        switch (fn)
        {
            case "Condition":
                return arg is ScalarNode name ? Condition(name.Value) : null;
            case "Fn::Not":
                return args.Count == 1 ? !ConditionExpression(args[0], depth + 1) : null;
            case "Fn::And":
            case "Fn::Or":
                {
                    // Every operand is evaluated (as a condition it names is decided on the way); then one operand equal to
                    // the short-circuit value decides, all equal to the other decide the other way, and otherwise unknown.
                    var decisive = fn == "Fn::Or";
                    var (any, all) = (false, true);
                    for (var i = 0; i < args.Count; i++)
                    {
                        var result = ConditionExpression(args[i], depth + 1);
                        any |= result == decisive;
                        all &= result == !decisive;
                    }

                    return any ? decisive : all ? !decisive : null;
                }

            case "Fn::Equals":
                {
                    if (args.Count != 2)
                    {
                        return null;
                    }

                    return (Eval(args[0], depth + 1), Eval(args[1], depth + 1)) switch
                    {
                        (ScalarValue a, ScalarValue b) => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
                        _ => null,
                    };
                }

            default:
                return (Eval(node, depth + 1) as ScalarValue)?.AsBool();
        }
    }

    private Value? Eval(TemplateNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            return new UnknownValue("nested too deeply to evaluate", node);
        }

        switch (node)
        {
            case ScalarNode scalar:
                return new ScalarValue(scalar.Value, scalar, scalar.IsNull, scalar.Style is not (ScalarStyle.Plain or ScalarStyle.JsonLiteral));
            case SequenceNode seq:
                {
                    // By index (a foreach through IReadOnlyList allocates an enumerator per node evaluated), into an
                    // exactly sized array: a list per sequence cost an object and a spare half of its array.
                    var source = seq.Items;
                    var items = new Value[source.Count];
                    var count = 0;
                    for (var i = 0; i < source.Count; i++)
                    {
                        // AWS::NoValue in a list removes the item.
                        if (Eval(source[i], depth + 1) is { } v)
                        {
                            items[count++] = v;
                        }
                    }

                    return new ListValue(Trimmed(items, count), seq);
                }

            case MappingNode map when Intrinsics.TryGetCall(map, out var fn, out var arg):
                return Call(map, fn, arg, depth);
            case MappingNode map:
                {
                    var entries = map.Entries;
                    var items = new (ScalarNode Key, Value Value)[entries.Count];
                    var count = 0;
                    for (var i = 0; i < entries.Count; i++)
                    {
                        // AWS::NoValue as a value removes the key.
                        if (Eval(entries[i].Value, depth + 1) is { } v)
                        {
                            items[count++] = (entries[i].Key, v);
                        }
                    }

                    return MapValue.Adopt(Trimmed(items, count), map);
                }

            default:
                return new UnknownValue("unsupported node", node);
        }
    }

    /// <summary>The first <paramref name="count"/> items: the array itself unless <c>AWS::NoValue</c> removed some (rare).</summary>
    private static T[] Trimmed<T>(T[] items, int count)
    {
        if (count < items.Length)
        {
            Array.Resize(ref items, count);
        }

        return items;
    }

    /// <remarks>
    /// No lambda here captures a parameter or local: the compiler would allocate their closure on entry, for every
    /// intrinsic evaluated (a <c>Ref</c> too), not only for the case that uses it.
    /// </remarks>
    private Value? Call(MappingNode call, string fn, TemplateNode arg, int depth)
    {
        var args = (arg as SequenceNode)?.Items ?? [];
        switch (fn)
        {
            case "Ref":
                return arg is ScalarNode name ? Ref(name.Value, call) : new UnknownValue("Ref needs a name", call);
            case "Fn::GetAtt":
                {
                    var target = arg switch
                    {
                        ScalarNode { Value: var dotted } => dotted.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? dotted[..dot] : dotted,
                        SequenceNode { Items.Count: > 0 } s when s.Items[0] is ScalarNode n => n.Value,
                        _ => null,
                    };
                    return new UnknownValue(Reasons.Attribute, target ?? "a resource", call, target);
                }

            case "Fn::If":
                {
                    if (args.Count != 3 || args[0] is not ScalarNode condition)
                    {
                        return new UnknownValue("malformed Fn::If", call);
                    }

                    return Condition(condition.Value) switch
                    {
                        true => Eval(args[1], depth + 1),
                        false => Eval(args[2], depth + 1),
                        null => new UnknownValue(Reasons.Condition, condition.Value, call),
                    };
                }

            case "Fn::Equals":
            case "Fn::Not":
            case "Fn::And":
            case "Fn::Or":
            case "Condition":
                return ConditionExpression(call, depth + 1) is { } b ? new ScalarValue(b ? "true" : "false", call) : new UnknownValue("an undecided condition", call);
            case "Fn::Sub":
                return Sub(call, arg, depth);
            case "Fn::Join":
                {
                    if (args.Count != 2 || Eval(args[0], depth + 1) is not ScalarValue delimiter || Eval(args[1], depth + 1) is not ListValue list)
                    {
                        return new UnknownValue("Fn::Join of values known only after deployment", call, FirstReference(arg));
                    }

                    var parts = new string[list.Items.Count];
                    for (var i = 0; i < parts.Length; i++)
                    {
                        if (list.Items[i] is not ScalarValue part)
                        {
                            return new UnknownValue("Fn::Join of values known only after deployment", call, FirstReference(arg));
                        }

                        parts[i] = part.Text;
                    }

                    return new ScalarValue(string.Join(delimiter.Text, parts), call);
                }

            case "Fn::Split":
                {
                    if (args.Count != 2 || Eval(args[0], depth + 1) is not ScalarValue delimiter || Eval(args[1], depth + 1) is not ScalarValue source || delimiter.Text.Length == 0)
                    {
                        return new UnknownValue("Fn::Split of a value known only after deployment", call);
                    }

                    var parts = source.Text.Split(delimiter.Text);
                    var items = new Value[parts.Length];
                    for (var i = 0; i < parts.Length; i++)
                    {
                        items[i] = new ScalarValue(parts[i], call);
                    }

                    return new ListValue(items, call);
                }

            case "Fn::Select":
                {
                    if (args.Count != 2 || Eval(args[0], depth + 1) is not ScalarValue index
                        || !int.TryParse(index.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                        || Eval(args[1], depth + 1) is not ListValue list || i < 0 || i >= list.Items.Count)
                    {
                        return new UnknownValue("Fn::Select from a list known only after deployment", call);
                    }

                    return list.Items[i];
                }

            case "Fn::FindInMap":
                {
                    if (args.Count < 3)
                    {
                        return new UnknownValue("malformed Fn::FindInMap", call);
                    }

                    // All three keys are evaluated before any is judged, as a lookup needs all three.
                    var (map, top, second) = (Eval(args[0], depth + 1), Eval(args[1], depth + 1), Eval(args[2], depth + 1));
                    if (map is not ScalarValue mapName || top is not ScalarValue topKey || second is not ScalarValue secondKey)
                    {
                        return new UnknownValue("Fn::FindInMap with keys known only after deployment", call);
                    }

                    var found = (template.Mappings?[mapName.Text] as MappingNode)?[topKey.Text] is MappingNode entry ? entry[secondKey.Text] : null;
                    return found is null ? new UnknownValue($"mapping {mapName.Text} has no entry {topKey.Text}/{secondKey.Text}", call) : AtCall(Eval(found, depth + 1), call);
                }

            default:
                return new UnknownValue(Reasons.Function, fn, call, FirstReference(arg));
        }
    }

    /// <summary>
    /// A value looked up in another section is reported where the resource uses it, as a parameter's value is:
    /// a finding must point into the resource, not at a mapping entry that many resources may share.
    /// </summary>
    private static Value? AtCall(Value? value, MappingNode call) => value switch
    {
        ScalarValue s => new ScalarValue(s.Text, call, s.IsNull, s.IsString),
        ListValue l => new ListValue(l.Items, call),
        _ => value,
    };

    private Value? Ref(string name, MappingNode call)
    {
        if (name == "AWS::NoValue")
        {
            return null;
        }

        if (name.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return new UnknownValue(Reasons.PseudoParameter, name, call);
        }

        if (template.Parameters.TryGetValue(name, out var parameter))
        {
            return ParameterValue(parameter, call);
        }

        return new UnknownValue(Reasons.ResourceId, name, call, template.FindResource(name) is null ? null : name);
    }

    private Value ParameterValue(ParameterDefinition parameter, MappingNode call)
    {
        string? text = parameterValues.TryGetValue(parameter.Name, out var given) ? given : null;
        if (text is null && parameter.Default is not null)
        {
            switch (parameter.Default)
            {
                case ScalarNode s:
                    text = s.Value;
                    break;
                case SequenceNode seq when seq.Items.All(i => i is ScalarNode):
                    text = string.Join(',', seq.Items.Cast<ScalarNode>().Select(i => i.Value));
                    break;
            }
        }

        if (text is null)
        {
            return new UnknownValue(Reasons.ParameterWithoutValue, parameter.Name, call);
        }

        var isList = parameter.Type.StartsWith("List<", StringComparison.Ordinal) || parameter.Type == "CommaDelimitedList"
            || parameter.Type.StartsWith("AWS::SSM::Parameter::Value<List<", StringComparison.Ordinal);
        if (parameter.Type.StartsWith("AWS::SSM::Parameter::Value", StringComparison.Ordinal))
        {
            return new UnknownValue(Reasons.SsmParameter, parameter.Name, call);
        }

        if (isList)
        {
            var items = text.Length == 0 ? [] : text.Split(',').Select(p => (Value)new ScalarValue(p.Trim(), call)).ToList();
            return new ListValue(items, call);
        }

        return new ScalarValue(text, call, isString: parameter.Type != "Number");
    }

    private Value Sub(MappingNode call, TemplateNode arg, int depth)
    {
        TemplateNode? format = arg;
        Dictionary<string, Value?>? variables = null;
        if (arg is SequenceNode { Items.Count: 2 } pair)
        {
            format = pair.Items[0];
            if (pair.Items[1] is MappingNode vars)
            {
                variables = new Dictionary<string, Value?>(vars.Entries.Count, StringComparer.Ordinal);
                foreach (var entry in vars.Entries)
                {
                    variables[entry.Key.Value] = Eval(entry.Value, depth + 1);
                }
            }
        }

        if (format is not ScalarNode formatText)
        {
            return new UnknownValue("malformed Fn::Sub", call);
        }

        // The text between placeholders is copied a run at a time, and not at all once a placeholder is unknown: the
        // string is then never made (most substitutions name a resource, known only after deployment).
        var text = formatText.Value;
        StringBuilder? result = new(text.Length);
        string? unknown = null;
        string? reference = null;
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0)
            {
                result?.Append(text, i, text.Length - i);
                break;
            }

            result?.Append(text, i, open - i);
            var close = text.IndexOf('}', open + 2);
            if (close < 0)
            {
                result?.Append(text, open, text.Length - open);
                break;
            }

            i = close + 1;
            if (text[open + 2] == '!')
            {
                // ${!Literal} is the text ${Literal}.
                result?.Append("${").Append(text, open + 3, close - open - 3).Append('}');
                continue;
            }

            var name = text[(open + 2)..close];
            var value = variables is not null && variables.TryGetValue(name, out var v) ? v : name.Contains('.', StringComparison.Ordinal) ? null : Ref(name, call);
            if (value is ScalarValue scalar)
            {
                result?.Append(scalar.Text);
            }
            else
            {
                reference ??= value is UnknownValue u ? u.ReferencedResource : ResourceBefore(name, '.');
                unknown ??= name;
                result = null;
            }
        }

        return unknown is null
            ? new ScalarValue(result!.ToString(), call, isString: true)
            : new UnknownValue(Reasons.Substitution, unknown, call, reference);
    }

    /// <summary>The logical ID that <paramref name="name"/> starts with, up to <paramref name="separator"/>, when it is a resource of the template.</summary>
    private string? ResourceBefore(string name, char separator)
    {
        var end = name.IndexOf(separator, StringComparison.Ordinal);
        var target = end < 0 ? name : name[..end];
        return template.FindResource(target) is null ? null : target;
    }

    private string? FirstReference(TemplateNode node)
    {
        if (Intrinsics.TryGetCall(node, out var fn, out var arg))
        {
            if (fn == "Ref" && arg is ScalarNode name && template.FindResource(name.Value) is not null)
            {
                return name.Value;
            }

            if (fn == "Fn::GetAtt")
            {
                return (Eval(node, 0) as UnknownValue)?.ReferencedResource;
            }
        }

        // Loops rather than LINQ: a lambda here would capture this method's state, allocated on every call.
        switch (node)
        {
            case MappingNode map:
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    if (FirstReference(map.Entries[i].Value) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case SequenceNode seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (FirstReference(seq.Items[i]) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The reasons of the unknown values that the evaluator makes by the thousand (one per <c>Ref</c> to a resource, per
    /// <c>GetAtt</c>, per substitution of one), written out only when a message shows one.
    /// </summary>
    private static class Reasons
    {
        public static readonly CompositeFormat Attribute = CompositeFormat.Parse("an attribute of {0}, known only after deployment");
        public static readonly CompositeFormat Condition = CompositeFormat.Parse("depends on condition {0}");
        public static readonly CompositeFormat Function = CompositeFormat.Parse("{0} is known only after deployment");
        public static readonly CompositeFormat PseudoParameter = CompositeFormat.Parse("the pseudo parameter {0}");
        public static readonly CompositeFormat ResourceId = CompositeFormat.Parse("the ID of resource {0}, known only after deployment");
        public static readonly CompositeFormat ParameterWithoutValue = CompositeFormat.Parse("parameter {0} has no value (give one with --parameter {0}=...)");
        public static readonly CompositeFormat SsmParameter = CompositeFormat.Parse("parameter {0} is read from SSM at deployment");
        public static readonly CompositeFormat Substitution = CompositeFormat.Parse("a string built from ${{{0}}}, known only after deployment");
    }
}
