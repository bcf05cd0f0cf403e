using System.Diagnostics;
using System.Globalization;

namespace PerfRunner.Measurement;

/// <summary>
/// The whole machine's CPU over the measured window, from the kernel's own count (<c>/proc/stat</c>): every process
/// and the kernel, not only the services. A defect can cost most of its CPU outside the service it lives in: logging
/// every request to the console made the dashboard and the orchestrator, which read every line, use more CPU than the
/// service that wrote them (docs/verdicts.md), and a service's own CPU barely moved.
/// </summary>
public sealed class MachineCpu
{
    private const string Stat = "/proc/stat";

    private readonly long _busy;
    private readonly long _at = Stopwatch.GetTimestamp();

    private MachineCpu(long busy) => _busy = busy;

    /// <summary>Starts counting; null where the kernel keeps no such count (not Linux).</summary>
    public static MachineCpu? Start() => Busy() is { } busy ? new MachineCpu(busy) : null;

    /// <summary>Cores busy on average since <see cref="Start"/> (1.0 = one core all the time).</summary>
    public double? Cores()
    {
        var seconds = Stopwatch.GetElapsedTime(_at).TotalSeconds;
        return Busy() is { } busy && seconds > 0 ? Math.Round((busy - _busy) / TicksPerSecond / seconds, 3) : null;
    }

    // The kernel counts in USER_HZ ticks, 100 a second on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private static long? Busy()
    {
        try
        {
            return File.Exists(Stat) ? Busy(File.ReadLines(Stat).FirstOrDefault() ?? "") : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Busy ticks of all CPUs in <paramref name="stat"/> (the kernel's text; its first line counts them all): user,
    /// nice, system, irq and softirq. Idle and iowait are not, nor steal: the time the hypervisor gave another tenant
    /// was no work of this machine's. Null when there is no such line.
    /// </summary>
    public static long? Busy(string stat)
    {
        var line = stat.Split('\n', 2)[0];
        if (!line.StartsWith("cpu ", StringComparison.Ordinal))
            return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        if (fields.Length < 8)
            return null;
        // user nice system idle iowait irq softirq steal [guest guest_nice: already in user and nice]
        return fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
    }
}
