using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Makes the OpenTelemetry SDK's and exporters' own warnings and errors visible: a batch the OTLP exporter gave up on,
/// a full export queue, an instrument callback that threw. The SDK reports them only on its EventSources, which nothing
/// reads by default, so spans could go missing from the dashboard without a word. Each kind of problem is written once
/// to standard error (the dashboard's console log of the service) and every one is counted in <c>telemetry.problems</c>,
/// by source and event, on /metrics.
/// </summary>
public static class TelemetryProblems
{
    public const string MeterName = "SuperHeroes.Telemetry";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Problems = Meter.CreateCounter<long>("telemetry.problems",
        description: "Warnings and errors the OpenTelemetry SDK and its exporters reported about themselves (lost or unexported telemetry among them)");

    private static readonly ConcurrentDictionary<string, bool> Reported = new();
    private static Listener? listener;

    /// <summary>Starts the process's one listener (a test process builds many services; one listener serves them all).</summary>
    public static TBuilder WatchTelemetryProblems<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (Volatile.Read(ref listener) is null)
        {
            var created = new Listener();
            if (Interlocked.CompareExchange(ref listener, created, null) is not null)
                created.Dispose();
        }
        return builder;
    }

    private static void Record(string source, string name, string message)
    {
        Problems.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("event", name));
        if (Reported.TryAdd($"{source}/{name}", true))
        {
            // Straight to standard error: a log record would go through the telemetry pipeline that is failing. The
            // first line only: an exception's text in the payload goes on with its stack.
            var firstLine = message.Split('\n', 2)[0].TrimEnd();
            Console.Error.WriteLine($"telemetry problem: {source} {name}: {firstLine} (each further one is counted in telemetry_problems_total)");
        }
    }

    private sealed class Listener : EventListener
    {
        // The SDK warns of every instrument of a meter the provider does not read (the runtime's own private meters among
        // them) at every start: by design here, so neither a problem nor worth a count.
        private const string IgnoredInstrument = "MetricInstrumentIgnored";

        // Called from the base constructor too, before this class's fields exist: it reads no instance state.
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name.StartsWith("OpenTelemetry-", StringComparison.Ordinal))
                EnableEvents(eventSource, EventLevel.Warning);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.Level is > EventLevel.Warning or EventLevel.LogAlways || e.EventName is IgnoredInstrument)
                return;
            var message = e.Message is { } format && e.Payload is { } payload
                ? SafeFormat(format, payload)
                : string.Join(", ", e.Payload ?? []);
            Record(e.EventSource.Name, e.EventName ?? e.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), message);
        }

        private static string SafeFormat(string format, IReadOnlyCollection<object?> payload)
        {
            try
            {
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, [.. payload]);
            }
            catch (FormatException)
            {
                return format + " " + string.Join(", ", payload);
            }
        }
    }
}
