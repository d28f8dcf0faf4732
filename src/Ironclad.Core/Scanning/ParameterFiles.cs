using System.Text.Json;
using Ironclad.Core.Templates;
using Tomlyn.Model;

namespace Ironclad.Core.Scanning;

/// <summary>
/// Parameter values from the files users already have: CloudFormation's
/// <c>[{"ParameterKey": ..., "ParameterValue": ...}]</c> (as for <c>aws cloudformation create-stack
/// --parameters file://...</c>) or SAM CLI's <c>samconfig.toml</c> <c>parameter_overrides</c>.
/// </summary>
public static class ParameterFiles
{
    public static Dictionary<string, string> Load(string path, string configEnv = "default")
    {
        if (!File.Exists(path))
        {
            throw new TemplateLoadException("no such parameters file", new SourcePosition(1, 1, 0));
        }

        var text = Inputs.BoundedFile.ReadAllText(path);
        return path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase) ? SamConfig.Parse(text).ParameterOverrides(configEnv) : FromCloudFormationJson(text);
    }

    public static Dictionary<string, string> FromCloudFormationJson(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new TemplateLoadException("a parameters file must be a JSON list of {\"ParameterKey\", \"ParameterValue\"}", new SourcePosition(1, 1, 0));
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("ParameterKey", out var key) || key.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("ParameterValue", out var value))
                {
                    throw new TemplateLoadException("each parameter needs ParameterKey and ParameterValue", new SourcePosition(1, 1, 0));
                }

                result[key.GetString()!] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }
        catch (JsonException ex)
        {
            throw new TemplateLoadException("invalid JSON: " + ex.Message.Split(" LineNumber", 2)[0], new SourcePosition((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, 0), ex);
        }
        catch (InvalidOperationException ex)
        {
            // GetString of a lone UTF-16 surrogate escape ("\ud800"): valid JSON syntax, but no text.
            var at = JsonTemplateParser.LoneSurrogateEscape(text);
            throw new TemplateLoadException(
                "invalid JSON: a string holds a lone UTF-16 surrogate escape (such as \\ud800), which is not text",
                new LineIndex(text).At(Math.Max(0, at)),
                ex);
        }

        return result;
    }

    /// <summary>SAM's <c>Key=Value Key2="quoted value"</c> form, as one string or a list of strings.</summary>
    public static IEnumerable<(string Key, string Value)> ParseOverrides(object overrides)
    {
        var items = overrides switch
        {
            string s => SplitShellWords(s),
            TomlArray array => array.OfType<string>().SelectMany(SplitShellWords),
            _ => [],
        };
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                yield return (item[..eq], item[(eq + 1)..]);
            }
        }
    }

    private static List<string> SplitShellWords(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                any = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (any || current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (any || current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
