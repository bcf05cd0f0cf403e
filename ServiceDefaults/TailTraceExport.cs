using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Hands a trace to the exporter only when it is worth opening: its local root (the span this process began the request
/// with) failed, or was among the slowest <see cref="SlowShare"/> of the last <see cref="Window"/> local roots (a smaller
/// share when that would be more than <see cref="SlowPerSecond"/> a second, and never more than that many a second:
/// a pause makes every request in flight slow at once), or fits within <see cref="SamplesPerSecond"/> others a second
/// (a burst of <see cref="Burst"/>), so a request made by hand is always there. Every span is still recorded
/// (Server-Timing, metrics and listeners see all of them); only the export is chosen, after the request, which a head
/// sampler cannot do: it decides before a request is known to be slow. Under load, exporting every span made the
/// dashboard's ingestion the machine's largest CPU user, and so did a slowest share without a ceiling at thousands of
/// requests a second (docs/performance.md).
/// Each process decides for its own part of a trace: a slow fight is exported by the fights service with its calls to
/// the catalogs as client spans; a catalog's own spans of that fight come too when they were slow or sampled there.
/// </summary>
/// <remarks>
/// A composite of the one exporting processor, so that the provider reaches it (the exporter reads the service's
/// resource from there) while only the spans decided on are passed to it. Spans that end before their local root are
/// held on the root (a custom property), so they are freed with it whatever happens to it.
/// </remarks>
public sealed class TailTraceExport : CompositeProcessor<Activity>
{
    public const int Window = 1000;
    public const double SlowShare = 0.02;
    public const double SlowPerSecond = 10;
    public const double SamplesPerSecond = 2;
    public const double Burst = 10;

    /// <summary>
    /// The meter of <c>trace.roots</c>: every local root, by what became of its trace (<c>export</c> = <c>warmup</c>,
    /// <c>failed</c>, <c>slow</c>, <c>sampled</c>, <c>none</c>, or <c>slow_over_budget</c> for a slow one beyond
    /// <see cref="SlowPerSecond"/>), so the share a run exported can be read from /metrics.
    /// </summary>
    public const string MeterName = "SuperHeroes.TraceExport";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Roots = Meter.CreateCounter<long>("trace.roots", description: "Local root spans ended, by whether and why their trace was exported");

    /// <summary>Local roots seen before the slowest share means anything; until then every trace is exported.</summary>
    private const int Warmup = 100;
    private const int RecomputeEvery = 50;

    private readonly BaseProcessor<Activity> _export;
    private readonly TimeProvider _time;
    private const string LocalTraceProperty = "superheroes.tail-trace-export";
    private readonly Lock _attach = new();
    private readonly Lock _gate = new();
    private readonly double[] _durations = new double[Window];
    private readonly double[] _sorted = new double[Window];
    private long _roots;
    private double _threshold;
    private long _recomputedAt;
    private long _rootsAtRecompute;
    private readonly TokenBucket _sampleBudget;
    private readonly TokenBucket _slowBudget;

    public TailTraceExport(BaseProcessor<Activity> export, TimeProvider? time = null) : base([export])
    {
        _export = export;
        _time = time ?? TimeProvider.System;
        _sampleBudget = new TokenBucket(_time, SamplesPerSecond, Burst);
        _slowBudget = new TokenBucket(_time, SlowPerSecond, SlowPerSecond);
        _recomputedAt = _time.GetTimestamp();
    }

    public override void OnEnd(Activity activity)
    {
        if (!activity.Recorded)
            return;
        var root = activity;
        while (root.Parent is { } parent)
            root = parent;
        var trace = LocalTraceOf(root);
        if (!ReferenceEquals(root, activity))
        {
            lock (trace)
            {
                // A span that ends after its root follows the root's decision.
                if (trace.Keep is null)
                    trace.Spans.Add(activity);
                else if (trace.Keep.Value)
                    _export.OnEnd(activity);
            }
            return;
        }
        var keep = Decide(activity);
        lock (trace)
        {
            trace.Keep = keep;
            if (keep)
            {
                foreach (var span in trace.Spans)
                    _export.OnEnd(span);
                _export.OnEnd(activity);
            }
            trace.Spans.Clear();
        }
    }

    private LocalTrace LocalTraceOf(Activity root)
    {
        if (root.GetCustomProperty(LocalTraceProperty) is LocalTrace trace)
            return trace;
        lock (_attach)
        {
            if (root.GetCustomProperty(LocalTraceProperty) is LocalTrace attached)
                return attached;
            trace = new LocalTrace();
            root.SetCustomProperty(LocalTraceProperty, trace);
            return trace;
        }
    }

    private bool Decide(Activity root)
    {
        var export = Choose(root);
        Roots.Add(1, new KeyValuePair<string, object?>("export", export));
        return export is not ("none" or "slow_over_budget");
    }

    private string Choose(Activity root)
    {
        var ms = root.Duration.TotalMilliseconds;
        lock (_gate)
        {
            var seen = _roots++;
            _durations[seen % Window] = ms;
            if (seen < Warmup)
                return "warmup";
            if (seen % RecomputeEvery == 0)
            {
                var n = (int)Math.Min(seen, Window);
                Array.Copy(_durations, _sorted, n);
                Array.Sort(_sorted, 0, n);
                _threshold = _sorted[(int)((n - 1) * (1 - CurrentSlowShare(seen)))];
            }
            if (root.Status == ActivityStatusCode.Error)
                return "failed";
            if (ms > _threshold)
                return _slowBudget.Take() ? "slow" : "slow_over_budget";
            return _sampleBudget.Take() ? "sampled" : "none";
        }
    }

    /// <summary>
    /// <see cref="SlowShare"/>, or less at a rate where it would be more than <see cref="SlowPerSecond"/> traces a
    /// second, from the local roots since the last recompute; a clock that did not move gives no rate to go by.
    /// </summary>
    private double CurrentSlowShare(long seen)
    {
        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_recomputedAt, now).TotalSeconds;
        var roots = seen - _rootsAtRecompute;
        _recomputedAt = now;
        _rootsAtRecompute = seen;
        return seconds > 0 && roots > 0 ? Math.Min(SlowShare, SlowPerSecond * seconds / roots) : SlowShare;
    }

    /// <summary>Up to <c>perSecond</c> a second, <c>burst</c> at once; used under the gate's lock.</summary>
    private sealed class TokenBucket(TimeProvider time, double perSecond, double burst)
    {
        private double _tokens = burst;
        private long _refilled = time.GetTimestamp();
        private readonly double _burst = burst;

        public bool Take()
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + time.GetElapsedTime(_refilled, now).TotalSeconds * perSecond);
            _refilled = now;
            if (_tokens < 1)
                return false;
            _tokens--;
            return true;
        }
    }

    public override void OnStart(Activity data)
    {
    }

    /// <summary>The spans of one local root that ended before it, and what was decided once it ended.</summary>
    private sealed class LocalTrace
    {
        public readonly List<Activity> Spans = [];
        public bool? Keep;
    }
}
