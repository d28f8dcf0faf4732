using Ironclad.Core.Scanning;
using Tomlyn;
using Tomlyn.Model;

namespace Ironclad.Core.Costing;

/// <summary>The region a template is deployed to, as its <c>samconfig.toml</c> says, for pricing without <c>--region</c>.</summary>
public static class DeployRegion
{
    /// <summary>The <c>region</c> of the deploy (or global) parameters of <paramref name="configEnv"/> in the samconfig.toml beside the template; null if none.</summary>
    public static string? FromSamConfig(string templatePath, string configEnv = "default")
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(templatePath)) ?? ".", "samconfig.toml");
        if (!File.Exists(path))
        {
            return null;
        }

        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize(Inputs.BoundedFile.ReadAllText(path), SamConfigContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException)
        {
            return null;
        }

        if (!model.TryGetValue(configEnv, out var env) || env is not TomlTable envTable)
        {
            return null;
        }

        foreach (var command in new[] { "deploy", "global" })
        {
            if (envTable.TryGetValue(command, out var c) && c is TomlTable commandTable
                && commandTable.TryGetValue("parameters", out var p) && p is TomlTable parameters
                && parameters.TryGetValue("region", out var region) && region is string { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }
}
