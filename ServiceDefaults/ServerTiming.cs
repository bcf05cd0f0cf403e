using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The W3C <c>Server-Timing</c> response header: what the service spent on one request, by phase. <c>app</c> is the
/// whole time from the first middleware to the response's start, <c>gc</c> the GC pauses of the process within it,
/// and the service adds its own phases (a downstream call, a commit) with <see cref="Record"/>. A load generator
/// that reads it can tell, for its slowest requests, whether the time went inside the handler, into a phase of it,
/// or outside it (connection, queueing, thread-pool wake-ups): metrics give the distribution of each phase, this
/// gives the phases of one request.
/// </summary>
public sealed class ServerTiming
{
    private static readonly AsyncLocal<ServerTiming?> CurrentTiming = new();
    private readonly Lock _gate = new();
    private readonly List<(string Name, double Ms)> _phases = [];

    /// <summary>Adds a phase to the current request's header; nothing outside a request.</summary>
    public static void Record(string name, TimeSpan elapsed)
    {
        if (CurrentTiming.Value is { } timing)
        {
            lock (timing._gate)
                timing._phases.Add((name, elapsed.TotalMilliseconds));
        }
    }

    internal static void Use(WebApplication app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        var pausedBefore = GC.GetTotalPauseDuration();
        var timing = new ServerTiming();
        CurrentTiming.Value = timing;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.Append(ServerTimingHeader.Name, timing.Header(Stopwatch.GetElapsedTime(started), GC.GetTotalPauseDuration() - pausedBefore));
            return Task.CompletedTask;
        });
        await next(context);
    });

    private string Header(TimeSpan app, TimeSpan gcPauses)
    {
        lock (_gate)
            return ServerTimingHeader.Format([(ServerTimingHeader.App, app.TotalMilliseconds), (ServerTimingHeader.Gc, gcPauses.TotalMilliseconds), .. _phases]);
    }
}
