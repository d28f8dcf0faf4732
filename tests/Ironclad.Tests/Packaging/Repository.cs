using System.Text.RegularExpressions;

namespace Ironclad.Tests.Packaging;

/// <summary>The checkout the tests run from, and what a shipped <c>ironclad</c> must print for the example.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The guide's audit (README): scanning examples/prechat must end with these count lines.</summary>
    public static readonly (string Id, string Label, string Count)[] AuditLines =
    [
        ("CKV_AWS_115", "Lambda function without a concurrency limit", "38 of 38 functions"),
        ("CKV_AWS_116", "Lambda function without a dead-letter queue", "35 of 38 functions"),
        ("CKV_AWS_117", "Lambda function not configured inside a VPC", "35 of 38 functions"),
        ("CKV_AWS_119", "DynamoDB table without a customer-managed key", "2 of 2 tables"),
        ("CKV_AWS_28", "DynamoDB table without point-in-time recovery", "2 of 2 tables"),
        ("CKV_AWS_18", "S3 bucket without access logging", "1 of 1 buckets"),
        ("CKV_AWS_21", "S3 bucket without versioning", "1 of 1 buckets"),
        ("S3_BUCKET_REPLICATION_ENABLED", "S3 bucket without replication", "1 of 1 buckets"),
    ];

    /// <summary>Runs a shipped <c>ironclad</c> on the example from the repository root and checks exit code and count lines.</summary>
    public static void AssertScansTheExample(string ironclad)
    {
        var (exit, output, error) = ExternalProcess.Run(ironclad, ["scan", "examples/prechat/template.yaml"], Root, timeout: TimeSpan.FromMinutes(2));

        Assert.Equal("", error);
        Assert.Equal(1, exit);
        foreach (var (id, label, count) in AuditLines)
        {
            Assert.Matches(new Regex($@"^{Regex.Escape(id)} +{Regex.Escape(label)} +{Regex.Escape(count)}$", RegexOptions.Multiline), output);
        }

        Assert.Contains("examples/prechat/template.yaml:", output, StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ironclad.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no Ironclad.slnx above " + AppContext.BaseDirectory);
        }

        return root;
    }
}
