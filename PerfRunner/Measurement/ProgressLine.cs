using System.Diagnostics;
using System.Globalization;
using PerfRunner.Load;

namespace PerfRunner.Measurement;

/// <summary>
/// Live figures while a run goes: one rewritten line on a terminal (4 Hz), a plain line every 5 s when output is
/// redirected (CI, the Aspire dashboard's console log). Reads counters only; never renders from request callbacks.
/// </summary>
public static class ProgressLine
{
    public static async Task RunAsync(RunRecorder recorder, LoadProfile options, int run, bool interactive, TextWriter log, CancellationToken ct)
    {
        var period = interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        var total = (options.Warmup + options.Duration).TotalSeconds;
        var clock = Stopwatch.StartNew();
        long lastSent = 0;
        var lastAt = TimeSpan.Zero;
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var sent = Interlocked.Read(ref recorder.LiveSent);
                var now = clock.Elapsed;
                var rate = (sent - lastSent) / Math.Max((now - lastAt).TotalSeconds, 1e-3);
                (lastSent, lastAt) = (sent, now);
                var phase = Stopwatch.GetTimestamp() < recorder.MeasureStart ? "warm-up" : "measuring";
                var window = recorder.LastWindow(Stopwatch.GetTimestamp());
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"run {run} [{Math.Min(now.TotalSeconds, total),5:0.0}/{total:0}s] {phase,-9} rate {rate,8:0.0}/s  sent {sent}  " +
                    $"errors {Interlocked.Read(ref recorder.LiveFailed)}  dropped {Interlocked.Read(ref recorder.LiveDropped)}  " +
                    $"p99(last s) {(window is { } w ? w.P99Ms.ToString("0.##", CultureInfo.InvariantCulture) : "-")} ms");
                if (interactive)
                {
                    await log.WriteAsync("\r" + line.PadRight(120));
                }
                else
                {
                    await log.WriteLineAsync(line);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        if (interactive)
        {
            await log.WriteLineAsync();
        }
    }
}
