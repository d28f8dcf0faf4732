using System.Collections.Concurrent;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>One template the fix tests run: a golden case, a corpus template, or the example.</summary>
public sealed record FixCase(string Name, string Kind, string InputPath, HardeningOptions Options)
{
    public override string ToString() => Name;
}

/// <summary>What fixing one case produced, and what the checks found.</summary>
internal sealed class FixOutcome(FixCase fixCase)
{
    public FixCase Case { get; } = fixCase;

    public string Input { get; set; } = "";

    public HardeningPlan? Plan { get; set; }

    public string Output { get; set; } = "";

    public Exception? Error { get; set; }

    /// <summary>The self-check fix runs before writing, when it failed.</summary>
    public SelfCheckException? SelfCheck { get; set; }

    public HardeningPlan? Second { get; set; }

    public List<ScanResult> Rescan { get; set; } = [];

    public string InputCopy { get; set; } = "";

    public string OutputCopy { get; set; } = "";

    public bool Changed => Plan is { IsEmpty: false };

    public bool IsSam => FixSuite.IsSam(Input);
}

/// <summary>
/// Fixes every case once and runs the external checks once over all of them: cfn-lint in one
/// process over every input and output, the SAM translator in one Python process over every SAM
/// input and output. Each test then asserts its own part.
/// </summary>
internal sealed class FixSuite
{
    private static readonly Lazy<FixSuite> Shared = new(() => new FixSuite());

    private readonly ConcurrentDictionary<string, FixOutcome> outcomes = new(StringComparer.Ordinal);

    private FixSuite()
    {
        var cases = AllCases().ToList();
        Parallel.ForEach(cases, c => outcomes[c.Name] = Fix(c));
        var folder = Path.Combine(Path.GetTempPath(), "ironclad-fix-" + Environment.ProcessId);
        Directory.CreateDirectory(Path.Combine(folder, "in"));
        Directory.CreateDirectory(Path.Combine(folder, "out"));
        foreach (var outcome in outcomes.Values.Where(o => o.Error is null))
        {
            // An unchanged template is its own output: it is linted once, and the comparison still runs.
            var extension = Path.GetExtension(outcome.Case.InputPath);
            outcome.InputCopy = Path.Combine(folder, "in", outcome.Case.Name.Replace('/', '_') + extension);
            outcome.OutputCopy = outcome.Changed ? Path.Combine(folder, "out", outcome.Case.Name.Replace('/', '_') + extension) : outcome.InputCopy;
            File.WriteAllText(outcome.InputCopy, outcome.Input);
            File.WriteAllText(outcome.OutputCopy, outcome.Output);
        }

        var linted = outcomes.Values.Where(o => o.OutputCopy.Length > 0).ToList();
        try
        {
            Lint = ExternalTools.LintErrors([.. linted.Select(o => o.InputCopy), .. linted.Where(o => o.Changed).Select(o => o.OutputCopy)]);
            var sam = linted.Where(o => o.IsSam).ToList();
            Sam = ExternalTools.SamErrors([.. sam.Select(o => o.InputCopy), .. sam.Where(o => o.Changed).Select(o => o.OutputCopy)]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static FixSuite Instance => Shared.Value;

    /// <summary>The repository, found upwards from the test binaries (source paths are mapped away in CI builds).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The fixtures in the source tree, so that .actual files land beside the cases.</summary>
    public static string FixturesFolder => Path.Combine(RepositoryRoot, "tests", "Ironclad.Tests", "Fixtures");

    /// <summary>cfn-lint errors per copied file; null when cfn-lint is missing.</summary>
    public Dictionary<string, HashSet<string>>? Lint { get; }

    /// <summary>SAM translator errors per copied file; null when the translator is missing.</summary>
    public Dictionary<string, List<string>>? Sam { get; }

    public FixOutcome this[string name] => outcomes[name];

    /// <summary>
    /// The public corpus templates that are invalid upstream (a YAML syntax error, a duplicate key): they are not
    /// fixed but must be refused with one line and exit 2, which <c>FixChecksTests</c> asserts.
    /// </summary>
    public static IReadOnlyList<string> UnreadablePublicTemplates { get; } =
    [
        "sam-init__java17__event-bridge-schema-maven.yaml",
        "sessions-with-aws-sam__appconfig-lambda-extensions__template.yaml",
    ];

    public static IEnumerable<object[]> Names(string? kind = null) => AllCases().Where(c => kind is null || c.Kind == kind).Select(c => new object[] { c.Name });

    /// <summary>The cases whose input uses the SAM transform: the ones the SAM translator judges.</summary>
    public static IEnumerable<object[]> SamNames() => AllCases().Where(c => IsSam(File.ReadAllText(c.InputPath))).Select(c => new object[] { c.Name });

    public static bool IsSam(string text) => text.Contains("AWS::Serverless", StringComparison.Ordinal);

    public static IEnumerable<FixCase> AllCases()
    {
        foreach (var kind in new[] { "Fix", "Corpus", "PublicCorpus" })
        {
            var folder = Path.Combine(FixturesFolder, kind);
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var extension = Path.GetExtension(name);
                if (extension is not (".yaml" or ".json") || name.Contains(".fixed.", StringComparison.Ordinal) || name.Contains(".actual.", StringComparison.Ordinal)
                    || (kind == "PublicCorpus" && UnreadablePublicTemplates.Contains(name)))
                {
                    continue;
                }

                yield return new FixCase($"{kind}/{name}", kind, file, ReadOptions(Path.ChangeExtension(file, ".options")));
            }
        }

        yield return new FixCase("example/prechat", "Example", Path.Combine(RepositoryRoot, "examples", "prechat", "template.yaml"), ExampleOptions);
    }

    /// <summary>The options the committed example was produced with.</summary>
    public static HardeningOptions ExampleOptions { get; } = new() { TemplateFileName = "template.yaml" };

    /// <summary>A case's options: <c>key=value</c> lines beside the input, with the names of the CLI options.</summary>
    private static HardeningOptions ReadOptions(string path)
    {
        var options = new HardeningOptions();
        if (!File.Exists(path))
        {
            return options;
        }

        foreach (var line in File.ReadAllLines(path).Where(l => l.Contains('=', StringComparison.Ordinal)))
        {
            var (key, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)].Trim(), line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim());
            options = key switch
            {
                "vpc" => options with { Network = value == "existing" ? NetworkMode.Existing : NetworkMode.New },
                "single-nat" => options with { SingleNat = value == "true" },
                "endpoints" => value switch
                {
                    "auto" => options with { Endpoints = EndpointMode.Auto },
                    "none" => options with { Endpoints = EndpointMode.None },
                    _ => options with { Endpoints = EndpointMode.List, EndpointServices = value.Split(',') },
                },
                "no-port-80" => options with { AllowPort80 = value != "true" },
                "replication-prefix" => options with { ReplicationPrefix = value },
                "alarms" => options with { Alarms = value == "none" ? AlarmMode.None : value == "per-function" ? AlarmMode.PerFunction : AlarmMode.Region },
                "convert-simple-tables" => options with { ConvertSimpleTables = value == "true" },
                "apigateway-account" => options with { ApiGatewayAccount = value == "none" ? ApiGatewayAccountMode.None : value == "existing" ? ApiGatewayAccountMode.Existing : ApiGatewayAccountMode.Add },
                "prefix" => options with { Prefix = value },
                "only" => options with { Only = value.Split(',') },
                "skip" => options with { Skip = value.Split(',') },
                _ => throw new InvalidDataException($"{path}: unknown option {key}"),
            };
        }

        return options;
    }

    private static FixOutcome Fix(FixCase fixCase)
    {
        var outcome = new FixOutcome(fixCase);
        try
        {
            outcome.Input = File.ReadAllText(fixCase.InputPath);
            var template = CfnTemplate.From(TemplateDocument.Parse(fixCase.InputPath, outcome.Input));
            outcome.Plan = Hardener.Plan(template, fixCase.Options);
            outcome.Output = outcome.Plan.Apply();
            try
            {
                SelfChecks.Verify(template, outcome.Plan, fixCase.Options);
            }
            catch (SelfCheckException ex)
            {
                outcome.SelfCheck = ex;
            }

            var fixedTemplate = CfnTemplate.From(TemplateDocument.Parse(fixCase.InputPath, outcome.Output));
            outcome.Second = Hardener.Plan(fixedTemplate, fixCase.Options);
            outcome.Rescan = new Scanner(RuleCatalog.All, new ScanOptions { Parameters = fixCase.Options.Parameters, Only = fixCase.Options.Only, Skip = fixCase.Options.Skip }).Scan(fixedTemplate, fixCase.InputPath).Results;
        }
#pragma warning disable CA1031 // A crash is an outcome the corpus test reports, with the case that caused it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome.Error = ex;
        }

        return outcome;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ironclad.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Ironclad.slnx) is not above " + AppContext.BaseDirectory);
    }
}
