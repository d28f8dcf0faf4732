using Ironclad.Core.Data;
using Ironclad.Core.Evaluation;

namespace Ironclad.Core.Rules.Lambda;

// CKV_AWS_363, Security Hub Lambda.2. Pass: the runtime is in the dated table and not deprecated today. Fail: it is
// deprecated (the message names the block dates and the successor). Unknown: a runtime the table does not know, or one
// known only at deployment. Not applicable: container images, which carry their own runtime.
public sealed class LambdaRuntimeSupported : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC1006",
        Name = nameof(LambdaRuntimeSupported),
        Title = "Lambda functions use a runtime that AWS still supports",
        Severity = Severity.Medium,
        ResourceTypes = LambdaTypes.All,
        CheckovIds = ["CKV_AWS_363"],
        SecurityHubIds = ["Lambda.2"],
        Rationale = "A deprecated runtime gets no more security patches; AWS then blocks creating and later updating functions that use it, so the next deploy of an unrelated change fails.",
        Remediation = "Move the function to the successor runtime named in the finding (for SAM, in Globals.Function.Runtime), test it, and deploy before the update-block date.",
        ManualFix = "change Runtime to the successor runtime named in the finding, then test the function on it",
        PassCondition = $"`Runtime` (after SAM Globals) is in Ironclad's table of AWS's runtime deprecation dates (as of {LambdaRuntimes.AsOf}) and its deprecation date is after today. Functions packaged as container images (`PackageType: Image`, or SAM `ImageUri` without `Runtime`) are not applicable. A runtime missing from the table is unknown, not passed.",
        Deviations = "Judged against AWS's dated schedule on the day of the scan, not a fixed list: runtimes deprecated since Checkov's list was written (for example `python3.9`, `nodejs18.x`) fail, and a runtime not in the table is unknown instead of passing.",
        CountLabel = "Lambda function on a deprecated runtime",
        Noun = "functions",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var runtime = context.Get("Runtime");
        if (context.Get("PackageType") is ScalarValue { Text: "Image" } || (runtime is null && ValuePath.IsSet(context.Get("ImageUri"))))
        {
            return Verdict.NotApplicable("a container image carries its own runtime");
        }

        switch (runtime)
        {
            case null:
                return Verdict.Unknown("Runtime is not set");
            case UnknownValue:
                return Verdict.Unknown($"Runtime is {ValueChecks.Describe(runtime)}", runtime.Origin);
            case not ScalarValue { IsEmpty: false }:
                return Verdict.Unknown($"Runtime is {ValueChecks.Describe(runtime)}", runtime.Origin);
        }

        var name = ((ScalarValue)runtime).Text;
        if (LambdaRuntimes.Find(name) is not { } known)
        {
            return Verdict.Unknown($"Runtime {name} is not in Ironclad's runtime table (as of {LambdaRuntimes.AsOf})", runtime.Origin);
        }

        if (!known.IsDeprecatedOn(DateOnly.FromDateTime(DateTime.UtcNow)))
        {
            return Verdict.Pass(known.Deprecated is null ? $"Runtime {name} is supported" : $"Runtime {name} is supported until {known.Deprecated}");
        }

        var blocks = new[] { (Date: known.CreateBlocked, What: "creating functions blocked from"), (Date: known.UpdateBlocked, What: "updating blocked from") }
            .Where(b => b.Date is not null)
            .Select(b => $"{b.What} {b.Date}")
            .ToList();
        var detail = blocks.Count == 0 ? "" : $" ({string.Join(", ", blocks)})";
        var successor = known.Successor is null ? "" : $": move to {known.Successor}";
        return Verdict.Fail($"Runtime {name} is deprecated since {known.Deprecated}{detail}{successor}", runtime.Origin);
    }
}
