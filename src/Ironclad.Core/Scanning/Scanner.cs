using Ironclad.Core.Evaluation;
using Ironclad.Core.Rules;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Scanning;

public sealed record ScanOptions
{
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Rule patterns to run (any ID or alias, wildcards); empty means all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>
    /// The base for the file paths written in reports (repository-relative paths in SARIF): the command line passes
    /// its working directory. Without one, reports name files by their full path; the library never reads the
    /// process's working directory itself.
    /// </summary>
    public string? BaseDirectory { get; init; }
}

/// <summary>Runs the rule catalogue over templates.</summary>
public sealed class Scanner
{
    /// <summary>Each undecided condition doubles the work; past this many, further ones are left unknown.</summary>
    private const int MaxScenarioConditions = 4;

    /// <summary>The one scenario of a resource whose properties depend on no undecided condition; never written to.</summary>
    private static readonly Dictionary<string, bool> NoAssumptions = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<Rule> rules;
    private readonly ScanOptions options;

    public Scanner(IReadOnlyList<Rule> catalogue, ScanOptions options)
    {
        this.options = options;
        rules = catalogue
            .Where(r => options.Only.Count == 0 || options.Only.Any(r.Descriptor.Matches))
            .Where(r => !options.Skip.Any(r.Descriptor.Matches))
            .ToList();
    }

    public IReadOnlyList<Rule> Rules => rules;

    /// <summary>Scans files (already discovered); unreadable ones become errors, never exceptions.</summary>
    public ScanReport ScanFiles(IReadOnlyList<TemplateFile> files, IProgress<int>? progress = null)
    {
        var results = new List<ScanResult>?[files.Count];
        var errors = new List<ScanError>[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, i =>
        {
            (results[i], errors[i]) = ScanFile(files[i]);
            progress?.Report(Interlocked.Increment(ref done));
        });
        var scanned = results.Count(r => r is not null);
        return new ScanReport(
            results.SelectMany(r => r ?? []).ToList(),
            errors.SelectMany(e => e).ToList(),
            rules.Select(r => r.Descriptor).ToList(),
            scanned);
    }

    /// <summary>Results are null for a file found in a folder that turns out not to be a template.</summary>
    public (List<ScanResult>? Results, List<ScanError> Errors) ScanFile(TemplateFile file)
    {
        var path = file.Path;
        var display = DisplayPath(path);
        try
        {
            var document = TemplateDocument.Load(path);
            if (!file.Explicit && !CfnTemplate.LooksLikeTemplate(document))
            {
                return (null, []);
            }

            var (found, problems) = Scan(CfnTemplate.From(document), display);
            return (found, problems);
        }
        catch (TemplateLoadException ex)
        {
            // A broken file found in a folder is reported only when it looks like it was meant to be a template.
            if (!file.Explicit && !MentionsResources(path))
            {
                return (null, []);
            }

            return ([], [new ScanError(display, ex.Position.Line, ex.Position.Column, ex.Message)]);
        }
        catch (IOException ex)
        {
            return ([], [new ScanError(display, 1, 1, "cannot read file: " + ex.Message)]);
        }
        catch (UnauthorizedAccessException ex)
        {
            return ([], [new ScanError(display, 1, 1, "cannot read file: " + ex.Message)]);
        }
    }

    public (List<ScanResult> Results, List<ScanError> Errors) Scan(CfnTemplate template, string displayPath) =>
        Scan(template, displayPath, new TemplateFacts(template, new Evaluator(template, options.Parameters)));

    /// <summary>
    /// Scans with facts the caller keeps, so that the properties evaluated here are not evaluated again after the scan
    /// (the planner reads them). The facts must be of <paramref name="template"/>, evaluated with this scan's parameters.
    /// </summary>
    public (List<ScanResult> Results, List<ScanError> Errors) Scan(CfnTemplate template, string displayPath, TemplateFacts facts)
    {
        var results = new List<ScanResult>();
        var errors = template.Problems
            .Select(p => new ScanError(displayPath, p.Position.Line, p.Position.Column, p.Message))
            .ToList();
        var evaluator = facts.Evaluator;

        // Per template, not per resource: which rules judge a type, and whether any line can hold a skip comment.
        var rulesByType = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        var mayHaveSkipComments = Suppressions.MayHaveSkipComments(template.Document);
        foreach (var resource in template.Resources)
        {
            if (!rulesByType.TryGetValue(resource.Type, out var applicable))
            {
                applicable = rules.Where(r => r.AppliesTo(resource.Type)).ToList();
                rulesByType[resource.Type] = applicable;
            }

            if (applicable.Count == 0)
            {
                continue;
            }

            if (resource.Condition is { } condition && evaluator.Condition(condition) == false)
            {
                continue;
            }

            var suppressions = Suppressions.For(template.Document, resource, mayHaveSkipComments);
            var effective = facts.EffectivePropertiesOf(resource);
            var undecided = evaluator.UndecidedConditions(effective);

            // Without assumptions the properties are the facts' own: evaluated once, for the rules and the facts.
            List<(Dictionary<string, bool> Scenario, ResourceContext Context)> contexts = undecided.Count == 0
                ? [(NoAssumptions, new ResourceContext(resource, facts.PropertiesOf(resource.LogicalId), evaluator, facts))]
                : ScenarioContexts(resource, effective, undecided, facts);
            foreach (var rule in applicable)
            {
                var (result, error) = Evaluate(rule, resource, contexts, suppressions, displayPath);
                if (result is not null)
                {
                    results.Add(result);
                }

                if (error is not null)
                {
                    errors.Add(error);
                }
            }
        }

        return (results, errors);
    }

    /// <summary>The resource evaluated once per combination of the undecided conditions its properties depend on.</summary>
    private static List<(Dictionary<string, bool> Scenario, ResourceContext Context)> ScenarioContexts(
        ResourceDefinition resource,
        MappingNode? effective,
        IReadOnlyList<string> undecided,
        TemplateFacts facts) =>
        Scenarios(undecided)

            // A scenario in which the resource's own condition is false describes a stack without it: nothing to judge.
            .Where(s => resource.Condition is not { } own || facts.Evaluator.WithAssumptions(s).Condition(own) != false)
            .Select(s =>
            {
                var e = facts.Evaluator.WithAssumptions(s);
                return (Scenario: s, Context: new ResourceContext(resource, e.Evaluate(effective) as MapValue, e, facts));
            })
            .ToList();

    /// <summary>A rule's verdict on a resource, or, when the rule throws, the error that fails the run.</summary>
    private static (ScanResult? Result, ScanError? Error) Evaluate(
        Rule rule,
        ResourceDefinition resource,
        List<(Dictionary<string, bool> Scenario, ResourceContext Context)> contexts,
        IReadOnlyList<Suppression> suppressions,
        string file)
    {
        var key = resource.Key.Span.Start;
        if (Suppressions.Find(suppressions, rule.Descriptor) is { } suppression)
        {
            var reason = suppression.Reason ?? "no reason given";
            var note = suppression.Reason is null
                ? $"suppressed by {suppression.Source} without a reason"
                : $"suppressed by {suppression.Source}";
            return (new ScanResult(rule.Descriptor, ResultStatus.Suppressed, file, resource.LogicalId, resource.Type, key.Line, key.Column, note, reason), null);
        }

        Verdict? worst = null;
        Dictionary<string, bool>? worstScenario = null;
        foreach (var (scenario, context) in contexts)
        {
            Verdict verdict;
            try
            {
                verdict = rule.Evaluate(context);
            }
#pragma warning disable CA1031 // One rule's bug must not abort the scan of every other rule and template.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Never "unknown": that would pass the run, and a crash would read as a verdict.
                return (null, new ScanError(
                    file,
                    key.Line,
                    key.Column,
                    $"internal error in rule {rule.Descriptor.Id} on {resource.LogicalId}: {ex.GetType().Name}: {ex.Message}",
                    rule.Descriptor.Id,
                    resource.LogicalId));
            }

            if (worst is null || Rank(verdict.Status) > Rank(worst.Value.Status))
            {
                worst = verdict;
                worstScenario = scenario;
            }
        }

        if (worst is not { } final || final.Status == ResultStatus.NotApplicable)
        {
            return (null, null);
        }

        var message = final.Message;
        if (final.Status != ResultStatus.Pass && worstScenario is { Count: > 0 })
        {
            message += " (when " + string.Join(" and ", worstScenario.Select(c => $"{c.Key} is {(c.Value ? "true" : "false")}")) + ")";
        }

        var at = final.At?.Span.Start ?? key;
        return (new ScanResult(rule.Descriptor, final.Status, file, resource.LogicalId, resource.Type, at.Line, at.Column, message), null);
    }

    private static int Rank(ResultStatus status) => status switch
    {
        ResultStatus.Fail => 3,
        ResultStatus.Unknown => 2,
        ResultStatus.Pass => 1,
        _ => 0,
    };

    private static List<Dictionary<string, bool>> Scenarios(IReadOnlyList<string> conditions)
    {
        var used = conditions.Take(MaxScenarioConditions).ToList();
        var scenarios = new List<Dictionary<string, bool>>();
        for (var mask = 0; mask < 1 << used.Count; mask++)
        {
            scenarios.Add(used.Select((c, i) => (c, (mask & (1 << i)) != 0)).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal));
        }

        return scenarios;
    }

    private static bool MentionsResources(string path)
    {
        string text;
        try
        {
            text = Inputs.BoundedFile.ReadAllText(path);
        }
        catch (TemplateLoadException)
        {
            // Too large to be anything but a mistake worth reporting.
            return true;
        }

        return text.Contains("Resources:", StringComparison.Ordinal) || text.Contains("\"Resources\"", StringComparison.Ordinal);
    }

    private string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (options.BaseDirectory is not { } baseDir)
        {
            return full.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(baseDir, full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }
}
