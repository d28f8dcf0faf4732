using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Iam;

/// <summary>One statement of a policy document, read once for every IAM rule.</summary>
internal sealed record IamStatement(string Policy, MapValue Map, bool Allow, IReadOnlyList<(string Action, TemplateNode At)> Actions, bool ResourceWildcard, bool HasCondition)
{
    /// <summary>Where a finding about the statement points: its Action, else the statement.</summary>
    public TemplateNode At => Actions.Count > 0 ? Actions[0].At : Map.Origin;

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
                var items = sam switch
                {
                    ListValue list => list.Items,
                    null => [],
                    _ => [sam],
                };
                found.AddRange(items
                    .Where(i => i is UnknownValue || (i is MapValue map && map["Statement"] is not null))
                    .Select((item, i) => ($"Policies[{i}]", item)));
                break;
            default:
                switch (context.Get("Policies"))
                {
                    case ListValue policies:
                        found.AddRange(policies.Items.Select((p, i) => (
                            ValuePath.Get(p, "PolicyName") is ScalarValue { IsEmpty: false } n ? n.Text : $"Policies[{i}]",
                            p is UnknownValue ? p : ValuePath.Get(p, "PolicyDocument")!)).Where(p => p.Item2 is not null));
                        break;
                    case UnknownValue unknown:
                        found.Add(("Policies", unknown));
                        break;
                }

                break;
        }

        return found;
    }

    /// <summary>The statements of a document, or null (with the unknown value) when they are known only at deployment.</summary>
    public static List<IamStatement>? Statements(string policy, Value document, out Value? unknown)
    {
        unknown = null;
        if (document is not MapValue map)
        {
            unknown = document;
            return null;
        }

        var raw = map["Statement"] switch
        {
            ListValue list => list.Items,
            null => [],
            var single => [single],
        };
        var statements = new List<IamStatement>();
        foreach (var item in raw)
        {
            if (item is not MapValue statement)
            {
                unknown ??= item;
                continue;
            }

            var action = statement["Action"];
            var actionItems = action switch
            {
                ListValue list => list.Items,
                null => [],
                _ => [action],
            };
            var resourceItems = statement["Resource"] switch
            {
                ListValue list => list.Items,
                null => [],
                var r => [r],
            };
            if (actionItems.Any(a => a is not ScalarValue) || resourceItems.Any(r => ValueChecks.PresenceOf(r) == Presence.Unknown) || statement["Effect"] is UnknownValue)
            {
                unknown ??= actionItems.Where(a => a is not ScalarValue)
                    .Concat(resourceItems.Where(r => ValueChecks.PresenceOf(r) == Presence.Unknown))
                    .Append(statement["Effect"]!)
                    .First(v => v is not ScalarValue);
            }

            statements.Add(new IamStatement(
                policy,
                statement,
                statement["Effect"] is not ScalarValue { Text: "Deny" },
                actionItems.OfType<ScalarValue>().Select(a => (a.Text, a.Origin)).ToList(),
                resourceItems.Any(r => r is ScalarValue { Text: "*" }),
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
    public static List<(string Action, IamStatement Statement)> AllowedUnconstrained(IReadOnlyList<IamStatement> statements, IEnumerable<string> actions)
    {
        var allowing = statements.Where(s => s.Allow && s.ResourceWildcard && !s.HasCondition).ToList();
        var denied = statements.Where(s => !s.Allow).SelectMany(s => s.Actions.Select(a => a.Action)).ToList();
        var found = new List<(string, IamStatement)>();
        foreach (var action in actions)
        {
            if (denied.Any(d => Covers(d, action)))
            {
                continue;
            }

            if (allowing.FirstOrDefault(s => s.Actions.Any(a => Covers(a.Action, action))) is { } statement)
            {
                found.Add((action, statement));
            }
        }

        return found;
    }
}

/// <summary>
/// What the IAM rules share: the documents of the resource, read statement by statement; the first document with a
/// finding fails the resource, a document known only at deployment leaves it unknown, and a resource with no document of
/// its own is not applicable.
/// </summary>
public abstract class IamRule : Rule
{
    public override Verdict Evaluate(ResourceContext context)
    {
        var documents = IamPolicies.Documents(context);
        if (documents.Count == 0)
        {
            return Verdict.NotApplicable("the resource has no policy document of its own");
        }

        Value? unknown = null;
        foreach (var (name, document) in documents)
        {
            var statements = IamPolicies.Statements(name, document, out var undecided);
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
