using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests;

/// <summary>Helpers to scan inline template text in tests.</summary>
internal static class TestTemplates
{
    public static CfnTemplate Parse(string yaml, string path = "template.yaml") =>
        CfnTemplate.From(TemplateDocument.Parse(path, yaml));

    public static List<ScanResult> Scan(string yaml, IReadOnlyDictionary<string, string>? parameters = null, string? only = null)
    {
        var options = new ScanOptions
        {
            Parameters = parameters ?? new Dictionary<string, string>(),
            Only = only is null ? [] : [only],
        };
        var (results, errors) = new Scanner(RuleCatalog.All, options).Scan(Parse(yaml), "template.yaml");
        Assert.Empty(errors);
        return results;
    }

    /// <summary>The single result of one rule for one resource.</summary>
    public static ScanResult Single(List<ScanResult> results, string ruleId, string resource) =>
        Assert.Single(results, r => r.Rule.Matches(ruleId) && r.Resource == resource);
}
