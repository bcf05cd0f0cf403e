using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// Adds common Aspire services: service discovery, resilience, health checks, and OpenTelemetry.
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string MetricsEndpointPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.EndStartFailuresWithTheirMessage();
        builder.ReadSettingsBesideTheApp();
        builder.WatchTelemetryProblems();
        builder.ConfigureOpenTelemetry();
        builder.AddLogRecordCounter();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(builder.Environment.ApplicationName, TailTraceExport.MeterName, TelemetryProblems.MeterName)
                    .AddLatencyBuckets()
                    .AddBuildInfo(builder.Environment.ApplicationName)
                    // No cached scrapes (the exporter's default keeps one for 300 ms): a load runner's scrape at the
                    // window's edge must be the counters at that moment, not a copy from up to 300 ms earlier.
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName)
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                        // Probes and scrapes would otherwise drown the real requests in the trace view.
                        aspNetCore.Filter = context =>
                            !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                            && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                            && !context.Request.Path.StartsWithSegments(MetricsEndpointPath))
                    .AddHttpClientInstrumentation();
            });

        builder.AddOpenTelemetryExporters();

        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        if (!useOtlpExporter)
        {
            return builder;
        }
        var otel = builder.Services.AddOpenTelemetry();
        if (TraceExportMode(builder.Configuration) == AllTraces)
        {
            otel.UseOtlpExporter();
            return builder;
        }
        otel.WithLogging(logging => logging.AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddOtlpExporter())
            .WithTracing(tracing => tracing.AddProcessor(_ =>
            {
                // Both option types read the OTEL_EXPORTER_OTLP_* and OTEL_BSP_* variables the AppHost sets.
                var batch = new BatchExportActivityProcessorOptions();
                return new TailTraceExport(new BatchActivityExportProcessor(new OtlpTraceExporter(new OtlpExporterOptions()),
                    batch.MaxQueueSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds, batch.MaxExportBatchSize));
            }));

        return builder;
    }

    private const string TailTraces = "Tail";
    private const string AllTraces = "All";

    /// <summary>
    /// <c>Telemetry:TraceExport</c>: <c>Tail</c> (the default) exports the traces <see cref="TailTraceExport"/> chooses,
    /// <c>All</c> every recorded one.
    /// </summary>
    private static string TraceExportMode(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration["Telemetry:TraceExport"] switch
        {
            null or "" => TailTraces,
            var mode when mode.Equals(TailTraces, StringComparison.OrdinalIgnoreCase) => TailTraces,
            var mode when mode.Equals(AllTraces, StringComparison.OrdinalIgnoreCase) => AllTraces,
            var mode => throw new ServiceStartException($"Telemetry:TraceExport is '{mode}'; give {TailTraces} or {AllTraces}."),
        };

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            // Add a default liveness check to ensure app is responsive
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // The template maps these in Development only. This system is a local performance lab whose load runner
        // and orchestrator probe them in every environment; /health says which dependency is down and why.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live")
        });

        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);

        return app;
    }
}
