using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules;

public enum ResultStatus
{
    Pass,
    Fail,
    Unknown,
    Suppressed,
    NotApplicable,
}

/// <summary>A rule's answer for one resource in one scenario; <see cref="At"/> is the node at fault, if any.</summary>
public readonly record struct Verdict(ResultStatus Status, string Message, TemplateNode? At)
{
    public static Verdict Pass(string message) => new(ResultStatus.Pass, message, null);

    public static Verdict Fail(string message, TemplateNode? at = null) => new(ResultStatus.Fail, message, at);

    public static Verdict Unknown(string message, TemplateNode? at = null) => new(ResultStatus.Unknown, message, at);

    public static Verdict NotApplicable(string message) => new(ResultStatus.NotApplicable, message, null);
}

/// <summary>One rule: its metadata and a pure function from an evaluated resource to a verdict.</summary>
public abstract class Rule
{
    /// <summary>In <see cref="RuleDescriptor.ResourceTypes"/>: the rule judges every resource.</summary>
    public const string AnyType = "*";

    public abstract RuleDescriptor Descriptor { get; }

    public bool AppliesTo(string resourceType) => Descriptor.ResourceTypes.Contains(resourceType) || Descriptor.ResourceTypes.Contains(AnyType);

    /// <summary>Never throws for odd input: the engine still catches and reports, but a rule should answer Unknown instead.</summary>
    public abstract Verdict Evaluate(ResourceContext context);
}
