using System.Text.Json;

namespace Ironclad.Core.Reporting;

/// <summary>
/// What the JSON of scan, fix, cost and verify share (docs/json-contract.md): the header every document starts
/// with, and camelCase field names. <see cref="SchemaVersion"/> changes when a field is removed, renamed or
/// changes meaning; adding a field does not change it, so readers ignore fields they do not know.
/// </summary>
public static class JsonContract
{
    public const int SchemaVersion = 1;

    /// <summary>Writes <c>schemaVersion</c>, <c>tool</c>, <c>version</c> and <c>command</c>, in that order.</summary>
    public static void WriteHeader(Utf8JsonWriter json, string command, string toolVersion)
    {
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteString("tool", "ironclad");
        json.WriteString("version", toolVersion);
        json.WriteString("command", command);
    }

    /// <summary>Amounts carry sub-cent precision so that readers can sum lines without drift; only text rounds to cents.</summary>
    public static decimal Amount(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);
}
