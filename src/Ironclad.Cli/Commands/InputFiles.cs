using Ironclad.Core.Baselines;
using Ironclad.Core.Costing;
using Ironclad.Core.Inputs;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Cli.Commands;

/// <summary>
/// Every file a command reads, loaded the same way: a failure of any kind becomes one
/// <see cref="InputException"/> naming the file and what kind of file it is, for App's one handler.
/// </summary>
public static class InputFiles
{
    public static CfnTemplate Template(string path) => Load(InputKind.Template, path, () => CfnTemplate.From(TemplateDocument.Load(path)));

    public static Dictionary<string, string> Parameters(string path, string configEnv) =>
        Load(InputKind.ParametersFile, path, () => ParameterFiles.Load(path, configEnv));

    public static UsageAssumptions Usage(UsageAssumptions usage, string path) =>
        Load(InputKind.UsageFile, path, () => usage.WithFile(path, BoundedFile.ReadAllText(path)));

    public static PriceTable Prices(string path) => Load(InputKind.PriceFile, path, () => PriceTable.Load(path));

    public static Baseline Baseline(string path) => Load(InputKind.Baseline, path, () => Core.Baselines.Baseline.Load(path));

    /// <summary>The samconfig.toml beside the template (null if none), read once for the region and the deploy command's parameters.</summary>
    public static SamConfig? SamConfigBeside(string templatePath) =>
        Load(InputKind.ParametersFile, SamConfig.PathBeside(templatePath), () => SamConfig.Beside(templatePath));

    private static T Load<T>(InputKind kind, string path, Func<T> load)
    {
        if (Directory.Exists(path))
        {
            throw new InputException(kind, path, null, "is a directory, not a file");
        }

        try
        {
            return load();
        }
        catch (TemplateLoadException ex)
        {
            throw new InputException(kind, path, ex.Position, ex.Message, ex);
        }
        catch (BaselineFormatException ex)
        {
            throw new InputException(kind, path, ex.Position, ex.Message, ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new InputException(kind, path, null, "no such file", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new InputException(kind, path, null, "no such file", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or ArgumentException)
        {
            throw new InputException(kind, path, null, ex.Message, ex);
        }
    }
}
