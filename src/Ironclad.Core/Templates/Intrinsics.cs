namespace Ironclad.Core.Templates;

/// <summary>The CloudFormation intrinsic functions and their YAML short forms.</summary>
public static class Intrinsics
{
    private static readonly Dictionary<string, string> ShortTags = new(StringComparer.Ordinal)
    {
        ["!Ref"] = "Ref",
        ["!Condition"] = "Condition",
        ["!GetAtt"] = "Fn::GetAtt",
        ["!Sub"] = "Fn::Sub",
        ["!If"] = "Fn::If",
        ["!Join"] = "Fn::Join",
        ["!Select"] = "Fn::Select",
        ["!Split"] = "Fn::Split",
        ["!FindInMap"] = "Fn::FindInMap",
        ["!ImportValue"] = "Fn::ImportValue",
        ["!Equals"] = "Fn::Equals",
        ["!Not"] = "Fn::Not",
        ["!And"] = "Fn::And",
        ["!Or"] = "Fn::Or",
        ["!Base64"] = "Fn::Base64",
        ["!Cidr"] = "Fn::Cidr",
        ["!GetAZs"] = "Fn::GetAZs",
        ["!Transform"] = "Fn::Transform",
        ["!Length"] = "Fn::Length",
        ["!ToJsonString"] = "Fn::ToJsonString",

        // The functions of a template's Rules section (parameter assertions).
        ["!Contains"] = "Fn::Contains",
        ["!EachMemberEquals"] = "Fn::EachMemberEquals",
        ["!EachMemberIn"] = "Fn::EachMemberIn",
        ["!RefAll"] = "Fn::RefAll",
        ["!ValueOf"] = "Fn::ValueOf",
        ["!ValueOfAll"] = "Fn::ValueOfAll",
    };

    /// <summary>The long-form function name for a short-form tag, or null when the tag is not an intrinsic.</summary>
    public static string? FunctionForTag(string tag) => ShortTags.GetValueOrDefault(tag);

    /// <summary>
    /// A node is an intrinsic call when it is a one-key mapping whose key is <c>Ref</c>, <c>Condition</c>
    /// or <c>Fn::*</c>. <c>Condition</c> only counts inside condition expressions, so callers say whether it may.
    /// </summary>
    public static bool TryGetCall(TemplateNode? node, out string function, out TemplateNode argument, bool allowCondition = false)
    {
        if (node is MappingNode { Entries.Count: 1 } map)
        {
            var key = map.Entries[0].Key.Value;
            if (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal) || (allowCondition && key == "Condition"))
            {
                function = key;
                argument = map.Entries[0].Value;
                return true;
            }
        }

        function = "";
        argument = null!;
        return false;
    }
}
