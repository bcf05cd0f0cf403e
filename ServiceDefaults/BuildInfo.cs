using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>service_build_info{configuration, optimized} 1</c>: how the running service was built. A Debug build runs
/// unoptimized code several times slower, so a load test reads this to tell whether its figures represent the
/// system or the build. <c>process_start_time_seconds</c> (Unix time, as Prometheus clients name it): when this process
/// started, so that a load test can tell which services two runs shared and which were started anew between them.
/// </summary>
public static class BuildInfo
{
    public const string MeterName = "SuperHeroes.Build";

    // One meter per process: a second meter of the same name would export the series twice.
    private static readonly Meter Meter = new(MeterName);
    private static readonly Lock Gate = new();
    private static ObservableGauge<int>? _gauge;

    public static MeterProviderBuilder AddBuildInfo(this MeterProviderBuilder metrics, string applicationName)
    {
        lock (Gate)
        {
            if (_gauge is null)
            {
                var tags = Describe(Assembly.Load(new AssemblyName(applicationName)));
                _gauge = Meter.CreateObservableGauge("service.build.info", () => new Measurement<int>(1, tags),
                    description: "How the service was built: its build configuration and whether its code is optimized");
                using var process = Process.GetCurrentProcess();
                var started = StartedAt(process).ToUnixTimeMilliseconds() / 1000.0;
                Meter.CreateObservableGauge("process.start_time", () => started, unit: "s",
                    description: "When the service's process started (Unix time)");
            }
        }
        return metrics.AddMeter(MeterName);
    }

    private static DateTimeOffset StartedAt(Process process) => new(process.StartTime.ToUniversalTime());

    public static KeyValuePair<string, object?>[] Describe(Assembly assembly) =>
    [
        new("configuration", assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown"),
        new("optimized", assembly.GetCustomAttribute<DebuggableAttribute>() is { IsJITOptimizerDisabled: true } ? "false" : "true"),
    ];
}
