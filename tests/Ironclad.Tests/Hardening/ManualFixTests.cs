using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>Findings that no fix handles are listed with the change a person must make, never dropped.</summary>
public class ManualFixTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Old:
            Type: AWS::Serverless::Function
            Properties: {Runtime: python3.8, Handler: a.h, CodeUri: src/}
          Open:
            Type: AWS::Lambda::Url
            Properties:
              AuthType: NONE
              TargetFunctionArn: !GetAtt Old.Arn
        """;

    private static HardeningPlan Plan(params string[] only) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", Template)), new HardeningOptions { Only = only });

    [Fact]
    public void Should_Name_The_Successor_Runtime_Of_A_Deprecated_One()
    {
        var plan = Plan("Lambda.2");

        var left = Assert.Single(plan.Unfixed);
        Assert.Equal(("IC1006", "Old"), (left.Finding.RuleId, left.Finding.Resource));
        Assert.Equal(
            "no automatic fix: change Runtime to the successor runtime named in the finding, then test the function on it (Runtime python3.8 is deprecated since 2024-10-14 (creating functions blocked from 2026-06-01, updating blocked from 2026-07-01): move to python3.14)",
            left.Reason);
        Assert.Empty(plan.Edits);
    }

    [Fact]
    public void Should_Ask_Whether_An_Open_Url_Is_Public_By_Design()
    {
        var plan = Plan("CKV_AWS_258");

        var left = Assert.Single(plan.Unfixed);
        Assert.Equal(("IC1008", "Open"), (left.Finding.RuleId, left.Finding.Resource));
        Assert.StartsWith("no automatic fix: set AuthType to AWS_IAM, or suppress the finding with the reason if the URL is public by design", left.Reason, StringComparison.Ordinal);
        Assert.Contains("Left for you\n  Open CKV_AWS_258 (IC1008): no automatic fix: set AuthType to AWS_IAM", HardeningReport.Text(plan), StringComparison.Ordinal);
    }
}
