using Ironclad.Core.Costing;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Costing;

internal static class CostTestData
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Cost", name);

    public static CfnTemplate Load(string name) => CfnTemplate.From(TemplateDocument.Load(Fixture(name)));

    /// <summary>An empty SAM-less template, the "before" of a template that only adds resources.</summary>
    public static CfnTemplate Empty { get; } = TestTemplates.Parse("""
        Resources:
          Placeholder:
            Type: AWS::SNS::Topic
        """);

    public static CostReport Price(string hardenedYaml, string region = "us-east-1", UsageAssumptions? usage = null, CfnTemplate? original = null) =>
        CostEstimator.Estimate(original ?? Empty, TestTemplates.Parse(hardenedYaml), usage ?? UsageAssumptions.Defaults, PriceTable.Embedded(region));

    public static CostItem Item(CostReport report, string name) => Assert.Single(report.Items, i => i.Name == name);
}
