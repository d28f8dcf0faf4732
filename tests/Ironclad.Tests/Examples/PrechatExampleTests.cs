using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Tests.Examples;

/// <summary>Scanning the embedded example reproduces the guide's audit.</summary>
public class PrechatExampleTests
{
    public static string ExamplePath
    {
        get
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Ironclad.slnx")))
            {
                root = Path.GetDirectoryName(root)!;
            }

            return Path.Combine(root, "examples", "prechat", "template.yaml");
        }
    }

    [Theory]
    [InlineData("CKV_AWS_115", 38, 38)]
    [InlineData("CKV_AWS_116", 35, 38)]
    [InlineData("CKV_AWS_117", 35, 38)]
    [InlineData("CKV_AWS_173", 38, 38)]
    [InlineData("CKV_AWS_119", 2, 2)]
    [InlineData("CKV_AWS_28", 2, 2)]
    [InlineData("CKV_AWS_18", 1, 1)]
    [InlineData("CKV_AWS_21", 1, 1)]
    [InlineData("S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", 1, 1)]
    [InlineData("S3_BUCKET_REPLICATION_ENABLED", 1, 1)]
    public void Scan_Reproduces_The_Guide_Audit(string rule, int failed, int evaluated)
    {
        var (results, errors) = new Scanner(RuleCatalog.All, new ScanOptions()).ScanFile(new TemplateFile(ExamplePath, Explicit: true));

        Assert.Empty(errors);
        var mine = results!.Where(r => r.Rule.Matches(rule)).ToList();
        Assert.Equal(evaluated, mine.Count);
        Assert.Equal(failed, mine.Count(r => r.Status == ResultStatus.Fail));
    }

    [Fact]
    public void The_Three_Functions_With_A_Queue_And_A_Vpc_Pass_Those_Rules()
    {
        var (results, _) = new Scanner(RuleCatalog.All, new ScanOptions { Only = ["CKV_AWS_116", "CKV_AWS_117"] })
            .ScanFile(new TemplateFile(ExamplePath, Explicit: true));

        var passing = results!.Where(r => r.Status == ResultStatus.Pass).Select(r => r.Resource).Distinct().Order();
        Assert.Equal(["CrmSyncFunction", "ExportTranscriptFunction", "WebhookForwarderFunction"], passing);
    }
}
