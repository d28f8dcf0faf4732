using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Hardening;

/// <summary>
/// The scan's results, indexed by rule and resource (templates of thousands of resources would make
/// every look-up a scan), and the failures the fixes are to answer, by rule.
/// </summary>
/// <remarks>
/// One per plan, used only by the plan's thread: its tables (the references it hands out included) are not locked. The
/// results it indexes are the finished scan's and are only read.
/// </remarks>
internal sealed class FindingIndex
{
    private readonly Dictionary<(string Rule, string Resource), ScanResult> resultIndex;
    private readonly Dictionary<string, List<ScanResult>> failuresByRule = new(StringComparer.Ordinal);
    private readonly Dictionary<ScanResult, FindingRef> refs = new(ReferenceEqualityComparer.Instance);

    /// <param name="resource">A resource of the input by logical ID.</param>
    public FindingIndex(IReadOnlyList<ScanResult> results, Func<string, ResourceDefinition?> resource)
    {
        Results = results;
        // Sized once: a large template's scan has tens of thousands of results.
        resultIndex = new(results.Count);
        var failures = 0;
        foreach (var result in results)
        {
            resultIndex.TryAdd((result.Rule.Id, result.Resource), result);
            if (result.Status != ResultStatus.Fail)
            {
                continue;
            }

            failures++;
            if (resource(result.Resource)?.Properties is { } written && Intrinsics.TryGetCall(written, out var function, out _))
            {
                // Properties chosen by an intrinsic (a whole-block Fn::If, or AWS::NoValue): an edit inside would
                // apply to one branch only, and a setting SAM Globals add never reaches it.
                Unfixable.Add((result, $"the resource's Properties are written as {function}; write them as a mapping to let the fix edit them"));
            }
            else
            {
                (failuresByRule.TryGetValue(result.Rule.Id, out var list) ? list : failuresByRule[result.Rule.Id] = []).Add(result);
            }
        }

        // The plan asks for the reference of every failure (at the latest to tell the fixed from the unfixed): sized once.
        refs.EnsureCapacity(failures);
    }

    public IReadOnlyList<ScanResult> Results { get; }

    /// <summary>Failures no fix can edit, with the reason, in the order of the results: left unfixed before any fix runs.</summary>
    public List<(ScanResult Finding, string Reason)> Unfixable { get; } = [];

    public static FindingRef Ref(ScanResult result) => new(result.Rule.Id, result.Rule.DisplayId, result.Resource);

    /// <summary>
    /// <see cref="Ref(ScanResult)"/>, one instance per result: the fixes ask for a finding's reference several times (to
    /// run its fix, trace its changes, tell whether it was answered), and equal references that are the same object
    /// compare at once.
    /// </summary>
    public FindingRef RefOf(ScanResult result)
    {
        if (!refs.TryGetValue(result, out var reference))
        {
            refs[result] = reference = Ref(result);
        }

        return reference;
    }

    /// <summary>The failures of a rule that the fixes may edit.</summary>
    public IEnumerable<ScanResult> Failures(string ruleId) => failuresByRule.TryGetValue(ruleId, out var list) ? list : [];

    public ScanResult? Result(string ruleId, string resource) => resultIndex.GetValueOrDefault((ruleId, resource));

    public bool IsFailing(string ruleId, string resource) => Result(ruleId, resource)?.Status == ResultStatus.Fail;
}
