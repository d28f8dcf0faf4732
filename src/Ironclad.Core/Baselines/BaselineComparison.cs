using Ironclad.Core.Scanning;

namespace Ironclad.Core.Baselines;

/// <summary>What a scan covered, so that an accepted finding outside it is not mistaken for a fixed one.</summary>
/// <param name="Rules">Own IDs of the rules that ran.</param>
/// <param name="Files">The scanned files, as the baseline names them (<see cref="BaselinePaths.Key"/>).</param>
/// <param name="Strict">Unknown results count as findings, as <c>--strict</c> makes them fail the run.</param>
public sealed record BaselineScope(IReadOnlySet<string> Rules, IReadOnlySet<string> Files, bool Strict);

/// <summary>
/// A report held against a baseline: <see cref="Report"/> has the accepted findings marked
/// <see cref="ScanResult.Baselined"/>; <see cref="Resolved"/> lists accepted findings that are gone.
/// </summary>
public sealed record BaselineComparison(ScanReport Report, int Baselined, int New, IReadOnlyList<BaselineEntry> Resolved);
