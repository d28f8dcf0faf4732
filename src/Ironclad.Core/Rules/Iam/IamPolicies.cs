using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

/// <summary>One statement of a policy document, read once for every IAM rule.</summary>
internal sealed record IamStatement(string Policy, MapValue Map, bool Allow, IReadOnlyList<(string Action, TemplateNode At)> Actions, bool ResourceWildcard, bool HasCondition)
{
    /// <summary>Where a finding about the statement points: its Action, else the statement.</summary>
    public TemplateNode At => Actions.Count > 0 ? Actions[0].At : Map.Origin;

    /// <summary>Allows on every resource (<c>Resource: '*'</c>) without a condition: cloudsplaining's "without resource constraints".</summary>
    public bool AllowsUnconstrained => Allow && ResourceWildcard && !HasCondition;

    /// <summary>True when one of the statement's action patterns covers the action.</summary>
    public bool Names(string action)
    {
        for (var i = 0; i < Actions.Count; i++)
        {
            if (IamPolicies.Covers(Actions[i].Action, action))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the statement's actions include <paramref name="action"/> as written (ordinal).</summary>
    public bool Lists(string action)
    {
        for (var i = 0; i < Actions.Count; i++)
        {
            if (Actions[i].Action == action)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The node of the first action the predicate selects.</summary>
    public TemplateNode ActionAt(Func<string, bool> predicate) => Actions.FirstOrDefault(a => predicate(a.Action)).At ?? At;
}

/// <summary>
/// The inline and in-template policy documents of a resource, as the IAM rules read them: <c>AWS::IAM::Policy</c> and
/// <c>AWS::IAM::ManagedPolicy</c> (<c>PolicyDocument</c>), roles, users and groups (<c>Policies[].PolicyDocument</c>),
/// and SAM functions and state machines (the <c>Statement</c> documents among <c>Policies</c>; managed policy names and
/// SAM policy templates are AWS's, not the template's).
/// </summary>
internal static class IamPolicies
{
    public static IReadOnlyList<string> Types { get; } =
    [
        "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group",
        "AWS::Serverless::Function", "AWS::Serverless::StateMachine",
    ];

    /// <summary>Names of the first documents that have no name of their own: built once rather than per resource.</summary>
    private static readonly string[] IndexNames = [.. Enumerable.Range(0, 16).Select(i => $"Policies[{i}]")];

    /// <summary>
    /// The resource's documents with their statements, read once per resource for all the IAM rules (which all judge
    /// the same statements): the first rule to ask reads them into the context (<see cref="ResourceContext.Read{T}"/>).
    /// </summary>
    public static IamDocument[] Read(ResourceContext context) => context.Read(static c =>
    {
        var documents = Documents(c);
        var read = new IamDocument[documents.Count];
        for (var i = 0; i < read.Length; i++)
        {
            var (name, document) = documents[i];
            read[i] = new IamDocument(name, Statements(name, document, out var unknown), unknown);
        }

        return read;
    });

    /// <summary>The documents by name; a document known only at deployment is an <see cref="UnknownValue"/>.</summary>
    public static List<(string Name, Value Document)> Documents(ResourceContext context)
    {
        var found = new List<(string, Value)>();
        switch (context.Resource.Type)
        {
            case "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy":
                if (context.Get("PolicyDocument") is { } document)
                {
                    found.Add((context.LogicalId, document));
                }

                break;
            case "AWS::Serverless::Function" or "AWS::Serverless::StateMachine":
                var sam = context.Get("Policies");
                var items = Items(sam);
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    // Numbered among the documents kept: managed policy names and SAM policy templates are skipped.
                    if (item is UnknownValue || (item is MapValue map && map["Statement"] is not null))
                    {
                        found.Add((IndexName(found.Count), item));
                    }
                }

                break;
            default:
                switch (context.Get("Policies"))
                {
                    case ListValue policies:
                        for (var i = 0; i < policies.Items.Count; i++)
                        {
                            // Numbered among all the policies, kept or not.
                            var p = policies.Items[i];
                            if ((p is UnknownValue ? p : ValuePath.Get(p, "PolicyDocument")) is { } policyDocument)
                            {
                                found.Add((ValuePath.Get(p, "PolicyName") is ScalarValue { IsEmpty: false } n ? n.Text : IndexName(i), policyDocument));
                            }
                        }

                        break;
                    case UnknownValue unknown:
                        found.Add(("Policies", unknown));
                        break;
                }

                break;
        }

        return found;
    }

    private static string IndexName(int i) => i < IndexNames.Length ? IndexNames[i] : $"Policies[{i}]";

    /// <summary>A value that may be one item or a list of them, as a list: IAM writes a single action, resource or statement bare.</summary>
    private static IReadOnlyList<Value> Items(Value? value) => value switch
    {
        ListValue list => list.Items,
        null => [],
        _ => [value],
    };

    /// <summary>The statements of a document, or null (with the unknown value) when they are known only at deployment.</summary>
    public static List<IamStatement>? Statements(string policy, Value document, out Value? unknown)
    {
        unknown = null;
        if (document is not MapValue map)
        {
            unknown = document;
            return null;
        }

        var raw = Items(map["Statement"]);
        var statements = new List<IamStatement>(raw.Count);
        for (var s = 0; s < raw.Count; s++)
        {
            if (raw[s] is not MapValue statement)
            {
                unknown ??= raw[s];
                continue;
            }

            var actionItems = Items(statement["Action"]);
            var resourceItems = Items(statement["Resource"]);
            var effect = statement["Effect"];
            var actions = new List<(string Action, TemplateNode At)>(actionItems.Count);
            Value? undecidedAction = null;
            for (var i = 0; i < actionItems.Count; i++)
            {
                if (actionItems[i] is ScalarValue action)
                {
                    actions.Add((action.Text, action.Origin));
                }
                else
                {
                    undecidedAction ??= actionItems[i];
                }
            }

            Value? undecidedResource = null;
            var resourceWildcard = false;
            for (var i = 0; i < resourceItems.Count; i++)
            {
                var resource = resourceItems[i];
                resourceWildcard |= resource is ScalarValue { Text: "*" };
                if (undecidedResource is null && ValueChecks.PresenceOf(resource) == Presence.Unknown)
                {
                    undecidedResource = resource;
                }
            }

            // The first value that leaves the statement undecided: an action that is not a string, a resource that may be
            // anything (always an unknown value), or the effect.
            unknown ??= undecidedAction ?? undecidedResource ?? (effect is UnknownValue ? effect : null);
            statements.Add(new IamStatement(
                policy,
                statement,
                effect is not ScalarValue { Text: "Deny" },
                actions,
                resourceWildcard,
                statement["Condition"] is not null));
        }

        return statements;
    }

    /// <summary>True when the action pattern (with IAM's <c>*</c> and <c>?</c>) covers the action, ignoring case.</summary>
    public static bool Covers(string pattern, string action) => Wildcard.IsMatch(pattern, action);

    /// <summary>
    /// Of <paramref name="actions"/>, those the document allows on every resource (<c>Resource: '*'</c>) without a
    /// condition and no statement denies: cloudsplaining's "allowed without resource constraints", which Checkov uses.
    /// </summary>
    /// <remarks>
    /// Plain loops: this runs for every action of a rule's list on every document of every resource, and lambdas
    /// capturing the action made a closure and delegates per action (a third of a large scan's allocation).
    /// </remarks>
    public static IReadOnlyList<(string Action, IamStatement Statement)> AllowedUnconstrained(IReadOnlyList<IamStatement> statements, IReadOnlyList<string> actions)
    {
        // Most documents name their resources: without a statement on every resource, no action can be found.
        if (!AnyAllowedUnconstrained(statements))
        {
            return [];
        }

        var found = new List<(string, IamStatement)>();
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (!Denied(statements, action) && FirstAllowing(statements, action) is { } statement)
            {
                found.Add((action, statement));
            }
        }

        return found;
    }

    /// <summary>True when a statement allows something on every resource without a condition.</summary>
    public static bool AnyAllowedUnconstrained(IReadOnlyList<IamStatement> statements)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].AllowsUnconstrained)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The actions written in statements that allow them on every resource without a condition and that
    /// <paramref name="matches"/> (an access level), in order; null, allocating nothing, when there are none, as in the
    /// usual document whose statements all name their resources. Loops by index: a foreach through the interface
    /// allocates an enumerator, and every statement of every policy passes here.
    /// </summary>
    public static List<(string Action, TemplateNode At)>? UnconstrainedActions(IReadOnlyList<IamStatement> statements, Func<string, bool> matches)
    {
        List<(string Action, TemplateNode At)>? found = null;
        for (var s = 0; s < statements.Count; s++)
        {
            var statement = statements[s];
            if (!statement.AllowsUnconstrained)
            {
                continue;
            }

            for (var a = 0; a < statement.Actions.Count; a++)
            {
                var action = statement.Actions[a];
                if (matches(action.Action))
                {
                    (found ??= []).Add(action);
                }
            }
        }

        return found;
    }

    /// <summary>True when a <c>Deny</c> statement names the action.</summary>
    private static bool Denied(IReadOnlyList<IamStatement> statements, string action)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (!statements[i].Allow && statements[i].Names(action))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first statement that allows the action on every resource without a condition.</summary>
    private static IamStatement? FirstAllowing(IReadOnlyList<IamStatement> statements, string action)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].AllowsUnconstrained && statements[i].Names(action))
            {
                return statements[i];
            }
        }

        return null;
    }
}

/// <summary>One policy document of a resource: its statements, or null when they are known only at deployment; and the first value that left it undecided.</summary>
internal sealed record IamDocument(string Name, IReadOnlyList<IamStatement>? Statements, Value? Unknown);

/// <summary>
/// What the IAM rules share: the documents of the resource, read statement by statement; the first document with a
/// finding fails the resource, a document known only at deployment leaves it unknown, and a resource with no document of
/// its own is not applicable.
/// </summary>
public abstract class IamRule : Rule
{
    public override Verdict Evaluate(ResourceContext context)
    {
        var documents = IamPolicies.Read(context);
        if (documents.Length == 0)
        {
            return Verdict.NotApplicable("the resource has no policy document of its own");
        }

        Value? unknown = null;
        foreach (var (name, statements, undecided) in documents)
        {
            unknown ??= undecided;
            if (statements is not null && Analyse(statements) is { } finding)
            {
                return Verdict.Fail($"policy {name}: {finding.Message}", finding.At);
            }
        }

        return unknown is null
            ? Verdict.Pass(PassMessage)
            : Verdict.Unknown($"a policy statement is {ValueChecks.Describe(unknown)}", unknown.Origin);
    }

    /// <summary>The message of a resource whose documents all pass.</summary>
    protected abstract string PassMessage { get; }

    /// <summary>The finding of one document's statements, or null.</summary>
    internal abstract (string Message, TemplateNode At)? Analyse(IReadOnlyList<IamStatement> statements);
}
