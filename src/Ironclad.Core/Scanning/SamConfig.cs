using Ironclad.Core.Templates;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Ironclad.Core.Scanning;

/// <summary>
/// SAM CLI's <c>samconfig.toml</c>, parsed once, with one error policy for every reader (scan's --parameters, the
/// region cost prices in, the parameters of fix's deploy command): a file that does not parse is an input error,
/// never silently ignored.
/// </summary>
public sealed class SamConfig
{
    public const string FileName = "samconfig.toml";

    private readonly TomlTable model;

    private SamConfig(TomlTable model) => this.model = model;

    /// <summary>Parses the text of a samconfig.toml.</summary>
    /// <exception cref="TemplateLoadException">The text is not TOML.</exception>
    public static SamConfig Parse(string text)
    {
        try
        {
            return new SamConfig(TomlSerializer.Deserialize(text, SamConfigContext.Default.TomlTable) ?? new TomlTable());
        }
        catch (TomlException ex)
        {
            throw new TemplateLoadException("invalid samconfig.toml: " + ex.Message, new SourcePosition(1, 1, 0), ex);
        }
    }

    /// <summary>The path of the samconfig.toml beside a template, where sam deploy looks for it.</summary>
    public static string PathBeside(string templatePath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(templatePath)) ?? ".", FileName);

    /// <summary>The samconfig.toml beside a template; null when there is none.</summary>
    /// <exception cref="TemplateLoadException">It exists and does not parse, or is too large.</exception>
    public static SamConfig? Beside(string templatePath)
    {
        var path = PathBeside(templatePath);
        return File.Exists(path) ? Parse(Inputs.BoundedFile.ReadAllText(path)) : null;
    }

    /// <summary>
    /// The <c>parameter_overrides</c> of <paramref name="configEnv"/>: SAM CLI reads the deploy command's table,
    /// falling back to the global one, so deploy's values win.
    /// </summary>
    public Dictionary<string, string> ParameterOverrides(string configEnv)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameters in Tables(configEnv, "global", "deploy"))
        {
            if (parameters.TryGetValue("parameter_overrides", out var overrides))
            {
                foreach (var (key, value) in ParameterFiles.ParseOverrides(overrides))
                {
                    result[key] = value;
                }
            }
        }

        return result;
    }

    /// <summary>The <c>region</c> of the deploy (else global) parameters of <paramref name="configEnv"/>; null if none.</summary>
    public string? Region(string configEnv) =>
        Tables(configEnv, "deploy", "global")
            .Select(p => p.TryGetValue("region", out var region) && region is string { Length: > 0 } text ? text : null)
            .FirstOrDefault(r => r is not null);

    /// <summary>The <c>parameters</c> tables of <paramref name="configEnv"/>'s commands, in the order given.</summary>
    private IEnumerable<TomlTable> Tables(string configEnv, params string[] commands)
    {
        if (!model.TryGetValue(configEnv, out var env) || env is not TomlTable envTable)
        {
            yield break;
        }

        foreach (var command in commands)
        {
            if (envTable.TryGetValue(command, out var c) && c is TomlTable commandTable
                && commandTable.TryGetValue("parameters", out var p) && p is TomlTable parameters)
            {
                yield return parameters;
            }
        }
    }
}

/// <summary>Source-generated TOML metadata, so that reading samconfig.toml stays trimming- and AOT-safe.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class SamConfigContext : TomlSerializerContext;
