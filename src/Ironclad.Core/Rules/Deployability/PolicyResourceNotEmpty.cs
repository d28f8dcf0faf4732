using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. A statement whose Resource is written but evaluates to nothing (every item an
// !If whose branch is AWS::NoValue) is a MalformedPolicyDocument at deploy time. The scanner evaluates each resource
// once per combination of its undecided conditions, so "for some values of the conditions" is one of those scenarios;
// a scenario in which the resource itself is not created is skipped by the scanner.
public sealed class PolicyResourceNotEmpty : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8006",
        Name = nameof(PolicyResourceNotEmpty),
        Title = "No policy statement's Resource can become an empty list",
        Severity = Severity.High,
        ResourceTypes =
        [
            "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::RolePolicy",
            "AWS::Serverless::Function", "AWS::Serverless::StateMachine", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::KMS::Key",
        ],
        Family = RuleFamily.Deployability,
        Rationale = "A statement whose `Resource` (or `NotResource`) is empty is rejected (MalformedPolicyDocument), and the whole stack rolls back. It happens when every item is an `!If` whose other branch is `!Ref AWS::NoValue`: with the condition false, `Resource: []`.",
        Remediation = "Give the statement the condition instead (wrap the whole statement in `!If [C, {...}, !Ref AWS::NoValue]`), or give the resource that owns the policy the same `Condition` as the resources it names.",
        PassCondition = "Every written `Resource` and `NotResource` of every statement keeps at least one item for every combination of the conditions it depends on.",
        Deviations = "No peer tool has this check; cfn-lint does not evaluate conditions inside `Resource`.",
        CountLabel = "policy with a Resource that can be empty",
        Noun = "policies",
    };

    public override RuleDescriptor Descriptor => Info;

    /// <summary>The keys of a statement that name its resources.</summary>
    private static readonly string[] ResourceKeys = ["Resource", "NotResource"];

    public override Verdict Evaluate(ResourceContext context)
    {
        var found = false;
        return FirstEmpty(context.Properties, ref found, 0)
            ?? (found ? Verdict.Pass("every statement names at least one resource") : Verdict.NotApplicable("no policy statements"));
    }

    /// <summary>
    /// The failure of the first statement, in the order they are written, whose Resource (or NotResource) is written but
    /// empty; null when there is none. Statements are mappings with an Effect and an Action, wherever they sit (inline
    /// policies, documents, SAM Policies); <paramref name="found"/> says whether there was any. Judged as they are found,
    /// with no list of them: the rule is asked of every function, role and policy.
    /// </summary>
    private static Verdict? FirstEmpty(Value? value, ref bool found, int depth)
    {
        if (depth > 32)
        {
            return null;
        }

        switch (value)
        {
            case MapValue map when map["Effect"] is not null && (map["Action"] is not null || map["NotAction"] is not null):
                found = true;
                return Empty(map);
            case MapValue map:
                foreach (var entry in map.Entries)
                {
                    if (FirstEmpty(entry.Value, ref found, depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            case ListValue list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (FirstEmpty(list.Items[i], ref found, depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The failure of a statement whose Resource or NotResource is written but evaluates to nothing, or null.</summary>
    private static Verdict? Empty(MapValue statement)
    {
        if (statement.Origin is not MappingNode written)
        {
            return null;
        }

        foreach (var key in ResourceKeys)
        {
            if (written.Find(key) is not { } entry)
            {
                continue;
            }

            var value = statement[key];
            if (value is null || value is ListValue { Items.Count: 0 })
            {
                var sid = statement["Sid"] is ScalarValue s ? $" {s.Text}" : "";
                return Verdict.Fail($"the {key} of statement{sid} is an empty list: IAM rejects the policy (MalformedPolicyDocument)", entry.Key);
            }
        }

        return null;
    }
}
