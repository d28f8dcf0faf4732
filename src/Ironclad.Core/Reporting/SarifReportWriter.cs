using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning accepts it: repository-relative URIs under <c>%SRCROOT%</c>,
/// rule metadata with help text, suppressed results carried as <c>suppressions</c>, unreadable
/// templates as tool execution notifications.
/// </summary>
public static class SarifReportWriter
{
    public static void Write(ScanReport report, TextWriter output, ReportContext context)
    {
        var rules = report.Summary.Select(s => s.Rule)
            .Concat(report.Results.Select(r => r.Rule))
            .DistinctBy(r => r.Id)
            .ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, rules, context);
            WriteInvocation(json, report);
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject("%SRCROOT%");
            json.WriteString("uri", "file:///");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var result in report.Results.Where(r => r.Status is ResultStatus.Fail or ResultStatus.Unknown or ResultStatus.Suppressed))
            {
                WriteResult(json, result, index[result.Rule.Id]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Stable across edits that move lines: rule, file and resource, as the baseline matches findings.</summary>
    public static string Fingerprint(ScanResult result) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{result.Rule.Id}|{result.File}|{result.Resource}")))[..32];

    private static void WriteTool(Utf8JsonWriter json, List<RuleDescriptor> rules, ReportContext context)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Ironclad");
        json.WriteString("semanticVersion", context.ToolVersion);
        json.WriteString("informationUri", "https://github.com/ironclad-iac/ironclad");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.Name);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Rationale);
            json.WriteEndObject();
            json.WriteStartObject("help");
            json.WriteString("text", $"{rule.Rationale} Fix: {rule.Remediation}");
            json.WriteString("markdown", $"**{rule.Title}**\n\n{rule.Rationale}\n\n**Fix:** {rule.Remediation}\n\nAlso known as: {string.Join(", ", rule.Aliases.Select(a => $"`{a}`"))}");
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.Severity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue("security");
            foreach (var alias in rule.Aliases)
            {
                json.WriteStringValue(alias);
            }

            json.WriteEndArray();
            json.WriteString("security-severity", SecuritySeverity(rule.Severity));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, ScanReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", report.Errors.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var error in report.Errors)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", error.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            WriteLocation(json, error.File, error.Line, error.Column);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, ScanResult result, int ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", result.Rule.Id);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", result.Status == ResultStatus.Unknown ? "note" : Level(result.Rule.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", $"{result.Resource}: {result.Message}");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        WriteLocation(json, result.File, result.Line, result.Column);
        json.WriteEndArray();
        if (result.Baselined)
        {
            json.WriteString("baselineState", "unchanged");
        }

        json.WriteStartObject("partialFingerprints");
        json.WriteString("ironclad/v1", Fingerprint(result));
        json.WriteEndObject();
        if (result.Status == ResultStatus.Suppressed)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "inSource");
            json.WriteString("justification", result.Reason ?? "");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("status", ReportWriters.StatusName(result.Status));
        json.WriteString("resourceType", result.ResourceType);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, string file, int line, int column)
    {
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        // An absolute URI (verify's cloudformation://ACCOUNT/REGION/STACK/template) is an artifact of its own, not a path under the source root.
        var absolute = file.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(file, UriKind.Absolute, out _);
        json.WriteString("uri", absolute ? file : Uri.EscapeDataString(file.Replace('\\', '/')).Replace("%2F", "/", StringComparison.Ordinal));
        if (!absolute && !Path.IsPathRooted(file))
        {
            json.WriteString("uriBaseId", "%SRCROOT%");
        }

        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, line));
        json.WriteNumber("startColumn", Math.Max(1, column));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub ranks alerts by this CVSS-like number.</summary>
    private static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "1.0",
    };
}
