using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Baselines;

/// <summary>
/// The findings a project has accepted for now, so that a scan fails only on new ones (docs/baseline.md).
/// Findings are matched by rule, file and resource, never by line: an edit elsewhere in a template moves
/// lines but does not make an accepted finding new.
/// </summary>
public sealed class Baseline
{
    /// <summary>The file format's version, written as <c>format</c>; a reader refuses a newer one.</summary>
    public const int FormatVersion = 1;

    public const string DefaultNote =
        "Findings accepted when this baseline was created. 'ironclad scan --baseline FILE' fails only on findings not listed here; " +
        "they are matched by rule, file (relative to this file) and resource, not by line. " +
        "Fix a finding and it is reported as resolved; 'ironclad scan --create-baseline FILE' rewrites this file.";

    public Baseline(IEnumerable<BaselineEntry> findings, string toolVersion, string note = DefaultNote)
    {
        Findings = findings
            .GroupBy(f => (f.Rule, f.File, f.Resource))
            .Select(g => new BaselineEntry(g.Key.Rule, g.Key.File, g.Key.Resource, g.Sum(f => f.Count)))
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Resource, StringComparer.Ordinal)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ToList();
        ToolVersion = toolVersion;
        Note = note;
    }

    /// <summary>Sorted by file, resource and rule, with repeated entries merged into one with their counts added.</summary>
    public IReadOnlyList<BaselineEntry> Findings { get; }

    public string ToolVersion { get; }

    public string Note { get; }

    /// <summary>What a baseline accepts: failures, and with <c>--strict</c> unknown results too, since those then fail the run.</summary>
    public static bool IsFinding(ScanResult result, bool strict) =>
        result.Status == ResultStatus.Fail || (strict && result.Status == ResultStatus.Unknown);

    public static Baseline Create(ScanReport report, BaselinePaths paths, bool strict, string toolVersion) =>
        new(report.Results.Where(r => IsFinding(r, strict)).Select(r => new BaselineEntry(r.Rule.Id, paths.Key(r.File), r.Resource)), toolVersion);

    public static Baseline Load(string path)
    {
        string text;
        try
        {
            text = Inputs.BoundedFile.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Templates.TemplateLoadException)
        {
            throw new BaselineFormatException($"cannot read the baseline: {ex.Message}");
        }

        return Parse(text);
    }

    /// <summary>Reads a baseline; anything but the documented shape is a <see cref="BaselineFormatException"/> naming where.</summary>
    public static Baseline Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            // The reader's message ends with its own position suffix; ours leads with file:line:column instead.
            var reason = ex.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new BaselineFormatException($"not valid JSON: {reason}", new SourcePosition((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, 0));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the top level must be an object with a 'findings' array");
            }

            if (root.TryGetProperty("format", out var format) && (!format.TryGetInt32(out var version) || version > FormatVersion || version < 1))
            {
                throw Invalid($"'format' {format.GetRawText()} is not one this version of ironclad reads (it reads format {FormatVersion})");
            }

            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("'findings' must be an array");
            }

            var entries = findings.EnumerateArray().Select((f, i) => Entry(f, $"findings[{i}]")).ToList();
            return new Baseline(entries, OptionalString(root, "version") ?? "", OptionalString(root, "note") ?? DefaultNote);
        }
    }

    /// <summary>Writes the baseline: indented, sorted, no timestamps, so that the same findings give the same bytes.</summary>
    public void Write(TextWriter output)
    {
        using var stream = new MemoryStream();
        // The relaxed encoder leaves quotes and non-ASCII file names readable; the file is data, never embedded in HTML.
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("tool", "ironclad");
            json.WriteString("version", ToolVersion);
            json.WriteNumber("format", FormatVersion);
            json.WriteString("note", Note);
            json.WriteStartArray("findings");
            foreach (var finding in Findings)
            {
                json.WriteStartObject();
                json.WriteString("file", finding.File);
                json.WriteString("resource", finding.Resource);
                json.WriteString("rule", finding.Rule);
                if (finding.Count != 1)
                {
                    json.WriteNumber("count", finding.Count);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n"));
        output.Write('\n');
    }

    /// <summary>
    /// Marks the report's findings that the baseline accepts (<see cref="ScanResult.Baselined"/>), as many
    /// per rule, file and resource as the baseline counts; lists accepted findings that no longer occur.
    /// An entry for a file that was not scanned, or a rule that did not run, is neither matched nor resolved.
    /// </summary>
    public BaselineComparison Compare(ScanReport report, BaselinePaths paths, BaselineScope scope)
    {
        var remaining = new Dictionary<(string Rule, string File, string Resource), int>();
        foreach (var entry in Findings)
        {
            // A hand-written baseline may name a rule by an alias (CKV_AWS_115); the results carry own IDs.
            var key = (RuleCatalog.Find(entry.Rule)?.Descriptor.Id ?? entry.Rule, entry.File, entry.Resource);
            remaining[key] = remaining.GetValueOrDefault(key) + entry.Count;
        }

        var results = new List<ScanResult>(report.Results.Count);
        var baselined = 0;
        var fresh = 0;
        foreach (var result in report.Results)
        {
            if (!IsFinding(result, scope.Strict))
            {
                results.Add(result);
                continue;
            }

            var key = (result.Rule.Id, paths.Key(result.File), result.Resource);
            if (remaining.GetValueOrDefault(key) > 0)
            {
                remaining[key]--;
                baselined++;
                results.Add(result with { Baselined = true });
            }
            else
            {
                fresh++;
                results.Add(result);
            }
        }

        var resolved = remaining
            .Where(e => e.Value > 0 && scope.Rules.Contains(e.Key.Rule) && scope.Files.Contains(e.Key.File))
            .Select(e => new BaselineEntry(e.Key.Rule, e.Key.File, e.Key.Resource, e.Value))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Resource, StringComparer.Ordinal)
            .ThenBy(e => e.Rule, StringComparer.Ordinal)
            .ToList();
        var marked = new ScanReport(results, report.Errors, report.Summary.Select(s => s.Rule).ToList(), report.Templates);
        return new BaselineComparison(marked, baselined, fresh, resolved);
    }

    private static BaselineEntry Entry(JsonElement finding, string where)
    {
        if (finding.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{where} must be an object with 'rule', 'file' and 'resource'");
        }

        var count = 1;
        if (finding.TryGetProperty("count", out var countElement) && (!countElement.TryGetInt32(out count) || count < 1))
        {
            throw Invalid($"{where}.count must be a whole number of at least 1");
        }

        return new BaselineEntry(Required(finding, "rule", where), Required(finding, "file", where), Required(finding, "resource", where), count);
    }

    private static string Required(JsonElement finding, string name, string where) =>
        finding.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Invalid($"{where}.{name} must be a non-empty string");

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static BaselineFormatException Invalid(string message) => new($"not a baseline: {message}");
}
