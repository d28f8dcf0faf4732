using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Ironclad.Benchmarks;

/// <summary>
/// Sums the runtime's allocation-tick events (one per ~100 KB allocated, naming the type that crossed the mark) by the
/// phase that was running: an allocation profile by type without an external profiler.
/// </summary>
internal sealed class AllocationListener : EventListener
{
    private const string Runtime = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<(string Phase, string Type), long> sampled = new();

    public string Phase { get; set; } = "";

    public IReadOnlyDictionary<(string Phase, string Type), long> Sampled() => sampled;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == Runtime)
        {
            // Allocation ticks are verbose-level GC events.
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t]?.ToString() ?? "?" : "?";
        var bytes = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        sampled.AddOrUpdate((Phase, type), bytes, (_, sum) => sum + bytes);
    }
}
