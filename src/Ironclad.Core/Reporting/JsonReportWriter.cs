using System.Text.Json;
using Ironclad.Core.Scanning;

namespace Ironclad.Core.Reporting;

/// <summary>
/// The JSON of scan and verify (docs/json-contract.md): every evaluated (rule, resource) pair under <c>results</c>,
/// per-rule counts under <c>summary</c>, unreadable templates and rules that threw under <c>errors</c>.
/// </summary>
public static class JsonReportWriter
{
    public static void Write(ScanReport report, TextWriter output, ReportContext context)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            JsonContract.WriteHeader(json, report.Subject == "stack" ? "verify" : "scan", context.ToolVersion);
            json.WriteStartArray("results");
            foreach (var r in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("rule", r.Rule.Id);
                json.WriteStartArray("aliases");
                foreach (var alias in r.Rule.Aliases)
                {
                    json.WriteStringValue(alias);
                }

                json.WriteEndArray();
                json.WriteString("title", r.Rule.Title);
                json.WriteString("severity", r.Rule.Severity.ToString().ToLowerInvariant());
                json.WriteString("status", ReportWriters.StatusName(r.Status));
                json.WriteString("resource", r.Resource);
                json.WriteString("resourceType", r.ResourceType);
                json.WriteString("file", r.File);
                json.WriteNumber("line", r.Line);
                json.WriteNumber("column", r.Column);
                json.WriteString("message", r.Message);
                if (r.Reason is not null)
                {
                    json.WriteString("reason", r.Reason);
                }

                if (r.Baselined)
                {
                    json.WriteBoolean("baselined", true);
                }

                if (r.Live is { } live)
                {
                    json.WriteString("account", live.Account);
                    json.WriteString("region", live.Region);
                    json.WriteString("stack", live.Stack);
                    if (live.PhysicalId is null)
                    {
                        json.WriteNull("physicalId");
                    }
                    else
                    {
                        json.WriteString("physicalId", live.PhysicalId);
                    }

                    json.WriteBoolean("drift", live.Drift);
                    json.WriteString("fix", r.Rule.Remediation);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber(report.Subject + "s", report.Templates);
            json.WriteNumber("passed", report.Results.Count(r => r.Status == Rules.ResultStatus.Pass));
            json.WriteNumber("failed", report.Results.Count(r => r.Status == Rules.ResultStatus.Fail));
            json.WriteNumber("unknown", report.Results.Count(r => r.Status == Rules.ResultStatus.Unknown));
            json.WriteNumber("suppressed", report.Results.Count(r => r.Status == Rules.ResultStatus.Suppressed));
            json.WriteNumber("baselined", report.Results.Count(r => r.Baselined));
            json.WriteNumber("errors", report.Errors.Count);
            json.WriteStartArray("rules");
            foreach (var s in report.Summary)
            {
                json.WriteStartObject();
                json.WriteString("rule", s.Rule.Id);
                json.WriteString("displayId", s.Rule.DisplayId);
                json.WriteString("label", s.Rule.CountLabel);
                json.WriteString("noun", s.Rule.Noun);
                json.WriteNumber("evaluated", s.Evaluated);
                json.WriteNumber("passed", s.Passed);
                json.WriteNumber("failed", s.Failed);
                json.WriteNumber("unknown", s.Unknown);
                json.WriteNumber("suppressed", s.Suppressed);
                json.WriteString("line", ReportWriters.CountLine(s).TrimEnd());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("errors");
            foreach (var e in report.Errors)
            {
                json.WriteStartObject();
                json.WriteString("file", e.File);
                json.WriteNumber("line", e.Line);
                json.WriteNumber("column", e.Column);
                json.WriteString("message", e.Message);
                if (e.IsInternal)
                {
                    // A rule that threw: which one, on which resource.
                    json.WriteString("rule", e.Rule);
                    json.WriteString("resource", e.Resource);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
