namespace Ironclad.Core.Baselines;

/// <summary>
/// An accepted finding: <see cref="Rule"/> (own ID) failing on <see cref="Resource"/> (logical ID) in
/// <see cref="File"/> (relative to the baseline's folder), <see cref="Count"/> times. Matching counts:
/// each accepted occurrence excuses one finding, never every finding under the same name.
/// </summary>
public sealed record BaselineEntry(string Rule, string File, string Resource, int Count = 1);
