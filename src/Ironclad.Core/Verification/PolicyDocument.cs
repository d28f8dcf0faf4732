using System.Text.Json;
using Ironclad.Core.Rules;

namespace Ironclad.Core.Verification;

/// <summary>One statement of an IAM, key or bucket policy, with single values widened to lists.</summary>
public sealed record PolicyStatement(
    bool IsAllow,
    IReadOnlyList<(string Type, string Value)> Principals,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> NotActions,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> NotResources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Conditions,
    string? Sid = null)
{
    public bool MatchesAction(string action) =>
        Actions.Count > 0
            ? Actions.Any(a => Wildcard.IsMatch(a, action))
            : NotActions.Count > 0 && !NotActions.Any(a => Wildcard.IsMatch(a, action));

    /// <summary>A statement without Resource (key and bucket policies may omit it) covers every resource.</summary>
    public bool MatchesResource(string resource) =>
        NotResources.Count > 0
            ? !NotResources.Any(r => Wildcard.IsMatch(r, resource))
            : Resources.Count == 0 || Resources.Any(r => Wildcard.IsMatch(r, resource));

    public bool HasPrincipal(string type, string value) =>
        Principals.Any(p => (p.Type == "*" || string.Equals(p.Type, type, StringComparison.OrdinalIgnoreCase)) && (p.Value == "*" || string.Equals(p.Value, value, StringComparison.Ordinal)));

    /// <summary>The values of a condition key under an operator, such as <c>Bool</c> / <c>aws:SecureTransport</c>.</summary>
    public IReadOnlyList<string> Condition(string op, string key) =>
        Conditions.TryGetValue(op, out var keys) && keys.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { } values
            ? values
            : [];
}

/// <summary>
/// A policy document read well enough for the diagnoses: which statements allow or deny an action
/// on a resource to a principal. Conditions on Allow are read optimistically (a conditional grant
/// counts), so that a diagnosis never claims a failure that a condition might avoid.
/// </summary>
public sealed class PolicyDocument
{
    private PolicyDocument(IReadOnlyList<PolicyStatement> statements) => Statements = statements;

    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Parses policy JSON; IAM returns it URL-encoded, which callers decode first.</summary>
    public static PolicyDocument Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var statements = new List<PolicyStatement>();
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Statement", out var statement))
        {
            foreach (var s in statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : [statement])
            {
                if (s.ValueKind == JsonValueKind.Object)
                {
                    statements.Add(ReadStatement(s));
                }
            }
        }

        return new PolicyDocument(statements);
    }

    /// <summary>True when some Allow statement matches and no unconditional Deny does.</summary>
    public static bool Allows(IEnumerable<PolicyDocument> policies, string action, string resource)
    {
        var all = policies.SelectMany(p => p.Statements).ToList();
        var relevant = all.Where(s => s.MatchesAction(action) && s.MatchesResource(resource)).ToList();
        return relevant.Any(s => s.IsAllow) && !relevant.Any(s => !s.IsAllow && s.Conditions.Count == 0);
    }

    /// <summary>True when an Allow statement names the principal (or <c>*</c>) for the action on the resource.</summary>
    public bool AllowsPrincipal(string principalType, string principal, string action, string resource) =>
        Statements.Any(s => s.IsAllow && s.HasPrincipal(principalType, principal) && s.MatchesAction(action) && s.MatchesResource(resource));

    private static PolicyStatement ReadStatement(JsonElement s)
    {
        var principals = new List<(string, string)>();
        if (s.TryGetProperty("Principal", out var principal))
        {
            if (principal.ValueKind == JsonValueKind.String)
            {
                principals.Add(("*", principal.GetString() ?? string.Empty));
            }
            else if (principal.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in principal.EnumerateObject())
                {
                    principals.AddRange(Strings(p.Value).Select(v => (p.Name, v)));
                }
            }
        }

        var conditions = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.OrdinalIgnoreCase);
        if (s.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object)
        {
            foreach (var op in condition.EnumerateObject())
            {
                if (op.Value.ValueKind == JsonValueKind.Object)
                {
                    conditions[op.Name] = op.Value.EnumerateObject().ToDictionary(k => k.Name, k => (IReadOnlyList<string>)Strings(k.Value), StringComparer.OrdinalIgnoreCase);
                }
            }
        }

        var effect = s.TryGetProperty("Effect", out var e) ? e.GetString() : null;
        return new PolicyStatement(
            string.Equals(effect, "Allow", StringComparison.OrdinalIgnoreCase),
            principals,
            Property(s, "Action"),
            Property(s, "NotAction"),
            Property(s, "Resource"),
            Property(s, "NotResource"),
            conditions,
            s.TryGetProperty("Sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null);
    }

    private static List<string> Property(JsonElement s, string name) =>
        s.TryGetProperty(name, out var value) ? Strings(value) : [];

    private static List<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString() ?? string.Empty],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(Strings).ToList(),
        _ => [],
    };
}
