using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>One IAM statement, reduced to what the planner asks of it.</summary>
internal sealed record PolicyStatement(bool Allow, IReadOnlyList<string> Actions, IReadOnlyList<Value> Resources);

/// <summary>Where a function's permissions come from: SAM's generated role, a role of the template, or a role from outside.</summary>
internal enum RoleKind
{
    SamGenerated,
    InTemplate,
    External,
}

/// <summary>
/// Reads the permissions of functions and roles as written in the input: SAM policy templates, managed
/// policy names, inline statements, and the policies attached to a template's roles.
/// </summary>
internal static class PolicyReader
{
    /// <summary>The items of a SAM function's <c>Policies</c>: a string, a list, or one mapping.</summary>
    public static IEnumerable<Value> SamPolicyItems(MapValue? properties) => properties?["Policies"] switch
    {
        ListValue list => list.Items,
        null => [],
        var single => [single],
    };

    /// <summary>The statements of a policy document value (list or single statement).</summary>
    public static IEnumerable<PolicyStatement> Statements(Value? document)
    {
        var statements = document is MapValue map ? map["Statement"] : null;
        var items = statements switch
        {
            ListValue list => list.Items,
            MapValue single => [single],
            _ => [],
        };
        foreach (var item in items.OfType<MapValue>())
        {
            var allow = !TemplateFacts.Strings(item["Effect"]).Contains("Deny");
            var actions = TemplateFacts.Strings(item["Action"]).ToList();
            var resources = item["Resource"] switch
            {
                ListValue list => list.Items,
                null => [],
                var one => [one],
            };
            yield return new PolicyStatement(allow, actions, resources);
        }
    }

    /// <summary>The statements a SAM function's own policies grant, policy templates that the planner adds included.</summary>
    public static IEnumerable<PolicyStatement> SamStatements(MapValue? properties)
    {
        foreach (var item in SamPolicyItems(properties))
        {
            if (item is not MapValue map)
            {
                continue;
            }

            if (map["Statement"] is not null)
            {
                foreach (var statement in Statements(map))
                {
                    yield return statement;
                }
            }

            if (map["KMSDecryptPolicy"] is MapValue decrypt && decrypt["KeyId"] is { } keyId)
            {
                yield return new PolicyStatement(true, ["kms:Decrypt"], [keyId]);
            }
        }
    }

    /// <summary>How a function gets its role, and the role's logical ID when it is a role of the template.</summary>
    public static (RoleKind Kind, string? Role) RoleOf(PlanContext context, ResourceDefinition function, MapValue? properties)
    {
        var role = properties?["Role"];
        if (role is null)
        {
            return function.IsServerless ? (RoleKind.SamGenerated, null) : (RoleKind.External, null);
        }

        if (role is UnknownValue { ReferencedResource: { } target } && context.FindResource(target) is { Type: "AWS::IAM::Role" })
        {
            return (RoleKind.InTemplate, target);
        }

        return (RoleKind.External, null);
    }

    /// <summary>The statements of a template role: inline policies and the policies attached to it.</summary>
    public static IEnumerable<PolicyStatement> RoleStatements(PlanContext context, string role)
    {
        var properties = context.Facts.PropertiesOf(role);
        if (properties?["Policies"] is ListValue inline)
        {
            foreach (var policy in inline.Items.OfType<MapValue>())
            {
                foreach (var statement in Statements(policy["PolicyDocument"]))
                {
                    yield return statement;
                }
            }
        }

        foreach (var type in new[] { "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy" })
        {
            foreach (var (_, attached) in context.Facts.ResourcesOfType(type))
            {
                var roles = attached?["Roles"] is ListValue list ? list.Items : attached?["RoleName"] is { } single ? [single] : [];
                if (roles.Any(r => ValuePath.References(r, role)))
                {
                    foreach (var statement in Statements(attached!["PolicyDocument"]))
                    {
                        yield return statement;
                    }
                }
            }
        }
    }

    /// <summary>The managed policies attached to a template role, as written (ARNs or <c>!Sub</c> text).</summary>
    public static IEnumerable<string> RoleManagedPolicies(PlanContext context, string role)
    {
        if (context.Facts.PropertiesOf(role)?["ManagedPolicyArns"] is not ListValue list)
        {
            yield break;
        }

        foreach (var item in list.Items)
        {
            switch (item)
            {
                case ScalarValue s:
                    yield return s.Text;
                    break;
                case UnknownValue u when Intrinsics.TryGetCall(u.Origin, out var fn, out var arg) && fn == "Fn::Sub":
                    yield return arg is ScalarNode format ? format.Value : "";
                    break;
            }
        }
    }

    /// <summary>True when an allow statement grants <paramref name="action"/> on a resource the predicate accepts (or on *).</summary>
    public static bool Allows(IEnumerable<PolicyStatement> statements, string action, Func<Value, bool> resource) =>
        statements.Any(s => s.Allow
            && s.Actions.Any(a => Wildcard.IsMatch(a, action))
            && s.Resources.Any(r => r is ScalarValue { Text: "*" } || resource(r)));

    /// <summary>True when a value names the resource (Ref, GetAtt, or a Sub built on it).</summary>
    public static bool Names(Value value, string logicalId) => value is UnknownValue { ReferencedResource: var target } && target == logicalId;
}
