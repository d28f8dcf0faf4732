using System.Text.RegularExpressions;
using Ironclad.Core.Rules;

namespace Ironclad.Tests.Rules;

/// <summary>Meta-tests over the whole catalogue: identity, metadata, tests and documentation of every rule.</summary>
public partial class RuleCatalogTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RuleCatalog.All)
        {
            data.Add(rule.Descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Should_Have_Unique_Well_Formed_Ids_In_Table_Order()
    {
        var ids = RuleCatalog.All.Select(r => r.Descriptor.Id).ToList();

        Assert.All(ids, id => Assert.Matches(OwnId(), id));
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public void Should_Not_Share_Any_Id_Or_Alias_Between_Rules()
    {
        var owners = RuleCatalog.All
            .SelectMany(r => new[] { r.Descriptor.Id, r.Descriptor.Name }.Concat(r.Descriptor.Aliases).Select(id => (Id: id.ToUpperInvariant(), r.Descriptor.Id)))
            .GroupBy(x => x.Id)
            .Where(g => g.Select(x => x.Item2).Distinct().Count() > 1)
            .Select(g => g.Key);

        Assert.Empty(owners);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Should_Describe_The_Rule_Completely(string id)
    {
        var rule = RuleCatalog.All.Single(r => r.Descriptor.Id == id);
        var d = rule.Descriptor;

        Assert.Equal(rule.GetType().Name, d.Name);
        Assert.All(
            new[] { d.Title, d.Rationale, d.Remediation, d.PassCondition, d.Deviations, d.CountLabel, d.Noun },
            field => Assert.False(string.IsNullOrWhiteSpace(field)));
        Assert.NotEmpty(d.ResourceTypes);
        Assert.All(d.ResourceTypes, t => Assert.True(t == Rule.AnyType || ResourceType().IsMatch(t), t));
        if (d.Family == RuleFamily.Security)
        {
            // A check no peer has for CloudFormation (IC6302: Checkov's is for Terraform only) carries no alias, and says so.
            Assert.True(
                d.CheckovIds.Count > 0 || d.ConfigIdentifier is not null || d.SecurityHubIds.Count > 0 || d.Deviations.Contains("no alias", StringComparison.Ordinal),
                "a security rule needs a Checkov ID, an AWS Config rule or a Security Hub control to be known by, or Deviations that say why it carries no alias");
        }
        else
        {
            Assert.Empty(d.Aliases);
            Assert.StartsWith("IC8", d.Id, StringComparison.Ordinal);
        }

        Assert.Equal(d.ConfigIdentifier is null, d.ConfigRuleName is null);
        Assert.All(d.CheckovIds, c => Assert.Matches(CheckovId(), c));
        Assert.All(d.CfnNagIds, c => Assert.Matches(CfnNagId(), c));
        Assert.All(d.SecurityHubIds, c => Assert.Matches(SecurityHubId(), c));
        if (d.ConfigIdentifier is not null)
        {
            Assert.Equal(d.ConfigIdentifier.Replace('_', '-').ToLowerInvariant(), d.ConfigRuleName);
        }

        Assert.All(new[] { d.Id, d.Name }.Concat(d.Aliases), alias => Assert.Same(rule, RuleCatalog.Find(alias)));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Should_Live_In_Its_Own_File_And_Have_A_Test_Class(string id)
    {
        var rule = RuleCatalog.All.Single(r => r.Descriptor.Id == id);
        var service = rule.GetType().Namespace!.Split('.')[^1];

        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "src", "Ironclad.Core", "Rules", service, rule.Descriptor.Name + ".cs")));
        Assert.NotNull(typeof(RuleCatalogTests).Assembly.GetType($"Ironclad.Tests.Rules.{rule.Descriptor.Name}Tests"));
    }

    [Fact]
    public void Should_Have_Current_Docs_For_Every_Rule()
    {
        var directory = Path.Combine(RepositoryRoot(), "docs", "rules");
        var pages = RuleCatalog.All.ToDictionary(r => r.Descriptor.Id + ".md", r => RuleDocs.Render(r.Descriptor), StringComparer.Ordinal);
        pages["README.md"] = RuleDocs.RenderIndex(RuleCatalog.All.Select(r => r.Descriptor));
        if (Environment.GetEnvironmentVariable("IRONCLAD_UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory, "*.md").Where(f => !pages.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in pages)
            {
                File.WriteAllText(Path.Combine(directory, name), text);
            }
        }

        var stalePages = pages
            .Where(p => !File.Exists(Path.Combine(directory, p.Key)) || File.ReadAllText(Path.Combine(directory, p.Key)) != p.Value)
            .Select(p => p.Key)
            .Concat(Directory.Exists(directory) ? Directory.GetFiles(directory, "*.md").Select(Path.GetFileName).Where(f => !pages.ContainsKey(f!)).Select(f => f!) : [])
            .ToList();
        Assert.True(stalePages.Count == 0, $"docs/rules is stale ({string.Join(", ", stalePages)}): run IRONCLAD_UPDATE_DOCS=1 dotnet test --filter RuleCatalogTests");
    }

    [Fact]
    public void Should_Render_Every_Id_And_Field_In_A_Rule_Page()
    {
        var d = Core.Rules.Lambda.LambdaDeadLetterQueue.Info;

        var page = RuleDocs.Render(d);

        Assert.StartsWith("# IC1002: Lambda functions send failed asynchronous events to a dead-letter queue\n", page, StringComparison.Ordinal);
        Assert.All(
            new[] { "`CKV_AWS_116`", "`LAMBDA_DLQ_CHECK` (`lambda-dlq-check`)", "| cfn-nag | — |", "| Severity | medium |", d.Rationale, d.PassCondition, d.Deviations, d.Remediation, d.CountLabel },
            part => Assert.Contains(part, page, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Lambda.2", "IC1006")]
    [InlineData("lambda.3", "IC1003")]
    [InlineData("S3.9", "IC3001")]
    [InlineData("APIGateway.8", "IC6005")]
    [InlineData("IAM.1", "IC7001")]
    public void Should_Select_A_Rule_By_Its_Security_Hub_Control(string control, string id)
    {
        var scanner = new Core.Scanning.Scanner(RuleCatalog.All, new Core.Scanning.ScanOptions { Only = [control] });

        Assert.Equal(id, Assert.Single(scanner.Rules).Descriptor.Id);
    }

    [Fact]
    public void Should_Render_The_Security_Hub_Control_In_A_Rule_Page()
    {
        var page = RuleDocs.Render(Core.Rules.Lambda.LambdaRuntimeSupported.Info);

        Assert.Contains("| Security Hub | `Lambda.2` |", page, StringComparison.Ordinal);
        Assert.Contains("`IC1006`, `CKV_AWS_363`, `Lambda.2`", page, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ironclad.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Ironclad.slnx) is not above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^IC\d{4}$")]
    private static partial Regex OwnId();

    [GeneratedRegex(@"^CKV_AWS_\d+$")]
    private static partial Regex CheckovId();

    [GeneratedRegex(@"^[A-Za-z0-9]+\.\d+$")]
    private static partial Regex SecurityHubId();

    [GeneratedRegex(@"^[WF]\d+$")]
    private static partial Regex CfnNagId();

    [GeneratedRegex(@"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")]
    private static partial Regex ResourceType();
}
