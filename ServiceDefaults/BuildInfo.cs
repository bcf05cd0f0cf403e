using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>service_build_info{configuration, optimized} 1</c>: how the running service was built. A Debug build runs
/// unoptimized code several times slower, so a load test reads this to tell whether its figures represent the
/// system or the build.
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
            }
        }
        return metrics.AddMeter(MeterName);
    }

    public static KeyValuePair<string, object?>[] Describe(Assembly assembly) =>
    [
        new("configuration", assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown"),
        new("optimized", assembly.GetCustomAttribute<DebuggableAttribute>() is { IsJITOptimizerDisabled: true } ? "false" : "true"),
    ];
}
