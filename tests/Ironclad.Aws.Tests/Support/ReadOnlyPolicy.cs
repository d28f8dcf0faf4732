using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ironclad.Aws.Tests.Support;

/// <summary>
/// The least-privilege policy documented in docs/verify-organization.md, and the IAM action of each
/// request the recording stub saw, so that tests can hold the one against the other.
/// </summary>
public static partial class ReadOnlyPolicy
{
    // S3 and Lambda are REST: their IAM action follows from the sub-resource or the path.
    private static readonly (string Marker, string Action)[] S3SubResources =
    [
        ("?encryption", "s3:GetEncryptionConfiguration"), ("?versioning", "s3:GetBucketVersioning"), ("?logging", "s3:GetBucketLogging"),
        ("?replication", "s3:GetReplicationConfiguration"), ("?publicAccessBlock", "s3:GetBucketPublicAccessBlock"), ("?policy", "s3:GetBucketPolicy"),
        ("?lifecycle", "s3:GetLifecycleConfiguration"), ("?acl", "s3:GetBucketAcl"),
    ];

    private static readonly (string Marker, string Action)[] LambdaPaths =
    [
        ("/configuration", "lambda:GetFunctionConfiguration"), ("/concurrency", "lambda:GetFunctionConcurrency"),
        ("/event-invoke-config", "lambda:GetFunctionEventInvokeConfig"), ("/account-settings", "lambda:GetAccountSettings"),
        ("/policy", "lambda:GetPolicy"), ("/url", "lambda:GetFunctionUrlConfig"),
    ];

    /// <summary>The IAM action a request needs.</summary>
    public static string Action(StubRequest request)
    {
        var prefix = request.Service == "monitoring" ? "cloudwatch" : request.Service;
        if (request.Operation is { } operation)
        {
            return prefix + ":" + operation;
        }

        // API Gateway's IAM actions are its HTTP methods.
        if (request.Service == "apigateway")
        {
            return "apigateway:" + request.Method;
        }

        var table = request.Service == "s3" ? S3SubResources : request.Service == "lambda" ? LambdaPaths : [];
        return table.Where(t => request.PathAndQuery.Contains(t.Marker, StringComparison.Ordinal)).Select(t => t.Action).FirstOrDefault()
            ?? $"{prefix}:UNKNOWN {request.Method} {request.PathAndQuery}";
    }

    /// <summary>A read: Describe*, Get*, List*, or assuming the audit role (which changes nothing in any account).</summary>
    public static bool IsRead(StubRequest request)
    {
        static bool ReadName(string operation) =>
            operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal) || operation == "AssumeRole";

        return request.Operation is { } operation
            ? ReadName(operation)
            : request.Method is "GET" or "HEAD";
    }

    /// <summary>Every action of the policy in docs/verify-organization.md (the first JSON block).</summary>
    public static IReadOnlyList<string> FromDocs()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "verify-organization.md"));
        var block = JsonBlock().Match(text);
        using var policy = JsonDocument.Parse(block.Success ? block.Groups[1].Value : throw new InvalidOperationException("no ```json block in docs/verify-organization.md"));
        return policy.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").ValueKind == JsonValueKind.Array ? s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!) : [s.GetProperty("Action").GetString()!])
            .ToList();
    }

    private static string RepositoryRoot()
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

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
