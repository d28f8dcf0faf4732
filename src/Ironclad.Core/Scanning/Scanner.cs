using System.Runtime.ExceptionServices;
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

    /// <summary>
    /// From this many resources, one template's resources are judged on several threads: below it, starting them costs
    /// more than they save. Tests lower it to put small templates through the parallel path.
    /// </summary>
    internal int ParallelFrom { get; init; } = 256;

    /// <summary>At most this many threads judge one template's resources; tests raise it to split on a one-core machine.</summary>
    internal int Workers { get; init; } = Environment.ProcessorCount;
}

/// <summary>Runs the rule catalogue over templates.</summary>
public sealed class Scanner
{
    /// <summary>Each undecided condition doubles the work; past this many, further ones are left unknown.</summary>
    private const int MaxScenarioConditions = 4;

    /// <summary>The one scenario of a resource whose properties depend on no undecided condition; never written to.</summary>
    private static readonly Dictionary<string, bool> NoAssumptions = new(StringComparer.Ordinal);

    /// <summary>Ranges of resources per worker in a parallel scan: enough to even out uneven ranges, few enough to stay cheap.</summary>
    private const int RangesPerWorker = 4;

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
        var (results, errors, _) = ScanInRanges(template, displayPath, facts);
        return (results, errors);
    }

    /// <summary>
    /// The scan, and into how many ranges of resources it was split (1: judged on the calling thread alone), so that a
    /// test can tell that a large template really is judged in parallel.
    /// </summary>
    /// <remarks>
    /// What runs concurrently: <see cref="ScanRange"/> over disjoint, contiguous ranges of the resources. Each range
    /// writes only its own lists; the results and errors are concatenated in range order afterwards, so the report is
    /// the sequential scan's, list for list. What the ranges share is read-only or safe for concurrent use:
    /// <list type="bullet">
    /// <item>the rules by type and the skip-comment test, computed here before the split;</item>
    /// <item>the evaluator, whose every condition is decided here before the split, after which it only reads
    /// (<see cref="Evaluator.DecideAllConditions"/>); a scenario's evaluator is made per resource and stays in one range;</item>
    /// <item>the facts, whose caches publish one value per key to every thread (<see cref="TemplateFacts"/>);</item>
    /// <item>the rules, which hold no mutable state: a rule is a pure function of its context, and what a rule family
    /// indexes per template it builds once through <see cref="TemplateFacts.Derived{T}"/>;</item>
    /// <item>the template, its nodes and the document text, which nothing writes after parsing.</item>
    /// </list>
    /// The ranges go to the shared thread pool (<see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>), so a
    /// large template scanned among others by <see cref="ScanFiles"/> borrows idle pool threads rather than adding threads.
    /// </remarks>
    internal (List<ScanResult> Results, List<ScanError> Errors, int Ranges) ScanInRanges(CfnTemplate template, string displayPath, TemplateFacts facts)
    {
        var errors = template.Problems
            .Select(p => new ScanError(displayPath, p.Position.Line, p.Position.Column, p.Message))
            .ToList();

        // Decided in the order the template writes them, split or not: in a cycle of conditions (which CloudFormation
        // rejects) the values depend on which condition is asked first, and the scan must not depend on the split.
        facts.Evaluator.DecideAllConditions();

        // Per template, not per resource: which rules judge a type, and whether any line can hold a skip comment.
        var resources = template.Resources;
        var rulesByType = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (!rulesByType.ContainsKey(resource.Type))
            {
                rulesByType[resource.Type] = rules.Where(r => r.AppliesTo(resource.Type)).ToList();
            }
        }

        var scan = new TemplateScan(template, displayPath, facts, rulesByType, Suppressions.MayHaveSkipComments(template.Document));
        var workers = Math.Min(options.Workers, resources.Count);
        if (resources.Count < options.ParallelFrom || workers < 2)
        {
            var results = new List<ScanResult>(Judgements(scan, 0, resources.Count));
            ScanRange(scan, 0, resources.Count, results, errors);
            return (results, errors, 1);
        }

        // More ranges than workers, so that a worker that finishes early takes another range instead of waiting on the one
        // that met the template's expensive resources (the first to ask builds a family's index for everyone).
        var ranges = Math.Min(resources.Count, workers * RangesPerWorker);
        var found = new (List<ScanResult> Results, List<ScanError> Errors, ExceptionDispatchInfo? Failure)[ranges];
        Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            var (from, to) = (Bound(i, ranges, resources.Count), Bound(i + 1, ranges, resources.Count));
            var (results, rangeErrors) = (new List<ScanResult>(Judgements(scan, from, to)), new List<ScanError>());
            try
            {
                ScanRange(scan, from, to, results, rangeErrors);
                found[i] = (results, rangeErrors, null);
            }
#pragma warning disable CA1031 // Kept to be rethrown below in resource order, as the sequential scan would throw it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                found[i] = (results, rangeErrors, ExceptionDispatchInfo.Capture(ex));
            }
        });

        var all = new List<ScanResult>(found.Sum(f => f.Results.Count));
        foreach (var (results, rangeErrors, failure) in found)
        {
            // What the scanner itself did not expect (a rule's exception is already an error) escapes as it would have on
            // one thread: the first in resource order, since every range before it finished without one.
            failure?.Throw();
            all.AddRange(results);
            errors.AddRange(rangeErrors);
        }

        return (all, errors, ranges);
    }

    /// <summary>The first resource of range <paramref name="i"/> of <paramref name="ranges"/> (or the end, for i = ranges).</summary>
    private static int Bound(int i, int ranges, int count) => (int)((long)count * i / ranges);

    /// <summary>
    /// How many verdicts the resources from <paramref name="from"/> up to <paramref name="to"/> can get, at most (one per
    /// rule that judges its type): the capacity of the range's results, so that they are not copied as they grow.
    /// </summary>
    private static int Judgements(TemplateScan scan, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            count += scan.RulesByType[scan.Template.Resources[i].Type].Count;
        }

        return count;
    }

    /// <summary>Judges the resources from <paramref name="from"/> up to <paramref name="to"/>, in order, into the lists given.</summary>
    private static void ScanRange(TemplateScan scan, int from, int to, List<ScanResult> results, List<ScanError> errors)
    {
        var (template, displayPath, facts) = (scan.Template, scan.DisplayPath, scan.Facts);
        var evaluator = facts.Evaluator;
        for (var i = from; i < to; i++)
        {
            var resource = template.Resources[i];
            var applicable = scan.RulesByType[resource.Type];
            if (applicable.Count == 0)
            {
                continue;
            }

            if (resource.Condition is { } condition && evaluator.Condition(condition) == false)
            {
                continue;
            }

            var suppressions = Suppressions.For(template.Document, resource, scan.MayHaveSkipComments);
            var effective = facts.EffectivePropertiesOf(resource);
            var undecided = evaluator.UndecidedConditions(effective);

            // Without assumptions the properties are the facts' own: evaluated once, for the rules and the facts.
            (Dictionary<string, bool> Scenario, ResourceContext Context)[] contexts = undecided.Count == 0
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
    }

    /// <summary>The resource evaluated once per combination of the undecided conditions its properties depend on.</summary>
    private static (Dictionary<string, bool> Scenario, ResourceContext Context)[] ScenarioContexts(
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
            .ToArray();

    /// <summary>A rule's verdict on a resource, or, when the rule throws, the error that fails the run.</summary>
    private static (ScanResult? Result, ScanError? Error) Evaluate(
        Rule rule,
        ResourceDefinition resource,
        (Dictionary<string, bool> Scenario, ResourceContext Context)[] contexts,
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

    /// <summary>What every range of one template's scan reads and none writes.</summary>
    private sealed record TemplateScan(
        CfnTemplate Template,
        string DisplayPath,
        TemplateFacts Facts,
        IReadOnlyDictionary<string, List<Rule>> RulesByType,
        bool MayHaveSkipComments);
}
