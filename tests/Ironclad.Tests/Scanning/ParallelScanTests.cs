using Ironclad.Benchmarks;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Scanning;

/// <summary>
/// One template's resources judged on several threads give the report of the scan on one: the same results and errors,
/// field for field, in the same order; and a large template really is split.
/// </summary>
public class ParallelScanTests
{
    /// <summary>Never split.</summary>
    private static readonly ScanOptions Sequential = new() { ParallelFrom = int.MaxValue };

    /// <summary>Split from two resources on, into more ranges than this machine may have cores.</summary>
    private static readonly ScanOptions Forced = new() { ParallelFrom = 2, Workers = 4 };

    [Fact]
    public void Every_Fixture_Template_Scans_The_Same_Split_As_On_One_Thread()
    {
        var scanned = 0;
        foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Load(path) is not { } template)
            {
                continue;
            }

            var (expected, expectedErrors, _) = new Scanner(RuleCatalog.All, Sequential).ScanInRanges(template, path, Facts(template));
            var (results, errors, ranges) = new Scanner(RuleCatalog.All, Forced).ScanInRanges(template, path, Facts(template));

            Assert.Equal(expected, results);
            Assert.Equal(expectedErrors, errors);
            Assert.True(template.Resources.Count < 2 || ranges > 1, $"{path}: {template.Resources.Count} resources scanned in one range");
            scanned++;
        }

        // The corpus, the public corpus, the fix inputs and expectations and the conformance cases: not a handful.
        Assert.True(scanned > 300, $"only {scanned} fixture templates scanned");
    }

    [Fact]
    public void The_Generated_5000_Resource_Template_And_Its_Fixed_Output_Are_Split_And_Scan_The_Same()
    {
        var input = CfnTemplate.From(TemplateDocument.Parse("large-5000.yaml", TemplateGenerator.Large(5000)));
        var output = CfnTemplate.From(TemplateDocument.Parse("large-fixed.yaml", Hardener.Plan(input, new HardeningOptions()).Apply()));

        // The default threshold, on two workers whatever this machine has: what fix meets on the two-core machine it is measured on.
        var byDefault = new ScanOptions { Workers = 2 };
        foreach (var template in new[] { input, output })
        {
            var (expected, expectedErrors, _) = new Scanner(RuleCatalog.All, Sequential).ScanInRanges(template, "t.yaml", Facts(template));
            var (results, errors, ranges) = new Scanner(RuleCatalog.All, byDefault).ScanInRanges(template, "t.yaml", Facts(template));

            Assert.True(ranges > 1, $"{template.Document.Path}: {template.Resources.Count} resources scanned in one range");
            Assert.Equal(expected.Count, results.Count);
            Assert.Equal(expected, results);
            Assert.Equal(expectedErrors, errors);
        }

        Assert.True(output.Resources.Count > 7000, $"the fixed output has {output.Resources.Count} resources");
    }

    [Fact]
    public void The_Facts_After_A_Split_Scan_Hold_Every_Resource_The_Planner_Reads_As_After_One_Thread()
    {
        var template = CfnTemplate.From(TemplateDocument.Parse("large-5000.yaml", TemplateGenerator.Large(500)));
        var (sequential, split) = (Facts(template), Facts(template));
        new Scanner(RuleCatalog.All, Sequential).Scan(template, "t.yaml", sequential);
        new Scanner(RuleCatalog.All, Forced).Scan(template, "t.yaml", split);

        foreach (var resource in template.Resources)
        {
            // The effective properties are the facts' own nodes, and their evaluation points into those nodes.
            var effective = split.EffectivePropertiesOf(resource);
            Assert.Same(effective, split.EffectivePropertiesOf(resource));
            Assert.Same(split.PropertiesOf(resource.LogicalId), split.PropertiesOf(resource.LogicalId));
            Assert.Same(effective, split.PropertiesOf(resource.LogicalId)?.Origin);
            Assert.Equal(Keys(sequential.PropertiesOf(resource.LogicalId)), Keys(split.PropertiesOf(resource.LogicalId)));
        }
    }

    [Fact]
    public void An_Exception_Outside_Any_Rule_Escapes_A_Split_Scan_As_On_One_Thread_The_First_In_Resource_Order()
    {
        var template = TestTemplates.Parse(Buckets(40));
        var rule = new DescriptorLostAfter("Bucket05", "Bucket30");

        var sequential = Assert.Throws<InvalidOperationException>(() => new Scanner([rule], Sequential).Scan(template, "t.yaml"));
        var split = Assert.Throws<InvalidOperationException>(() => new Scanner([rule], Forced).Scan(template, "t.yaml"));

        Assert.Equal("descriptor lost after Bucket05", sequential.Message);
        Assert.Equal(sequential.Message, split.Message);
    }

    internal static string Buckets(int count) =>
        "Resources:\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"  Bucket{i:D2}:\n    Type: AWS::S3::Bucket\n"));

    private static TemplateFacts Facts(CfnTemplate template) => new(template, new Core.Evaluation.Evaluator(template));

    private static List<string> Keys(Core.Evaluation.MapValue? properties) => properties?.Keys.ToList() ?? [];

    /// <summary>Fixtures that are templates; the others (price lists, schemas, expected reports) are not scanned.</summary>
    private static CfnTemplate? Load(string path)
    {
        try
        {
            var document = TemplateDocument.Load(path);
            return CfnTemplate.LooksLikeTemplate(document) ? CfnTemplate.From(document) : null;
        }
        catch (TemplateLoadException)
        {
            return null;
        }
    }

    /// <summary>
    /// A rule whose descriptor fails the scanner itself, outside the rule's verdict: when the scanner asks for it to
    /// report the verdict on one of the named resources (the verdict, on the same thread just before, says which).
    /// </summary>
    private sealed class DescriptorLostAfter(params string[] resources) : Rule
    {
        private static readonly RuleDescriptor Lost = new()
        {
            Id = "IC9998",
            Name = "DescriptorLost",
            Title = "A rule whose descriptor fails",
            Severity = Severity.Low,
            ResourceTypes = ["AWS::S3::Bucket"],
            Rationale = "test",
            Remediation = "test",
            CountLabel = "bucket",
            Noun = "buckets",
        };

        [ThreadStatic]
        private static string? judged;

        public override RuleDescriptor Descriptor
        {
            get
            {
                var last = judged;
                judged = null;
                return last is not null && resources.Contains(last) ? throw new InvalidOperationException("descriptor lost after " + last) : Lost;
            }
        }

        public override Verdict Evaluate(ResourceContext context)
        {
            judged = context.LogicalId;
            return Verdict.Pass("judged");
        }
    }
}
