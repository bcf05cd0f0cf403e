using SuperHeroes.Tests;

namespace Fights.Api.Tests;

/// <summary>
/// Telemetry the service could not export is not lost in silence: the exporter's failure is said once on standard
/// error (the dashboard's console log) and counted on /metrics. The service runs as its built app on a real database,
/// exporting to a port nothing listens on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TelemetryProblemsTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task SpansTheExporterCannotDeliverAreReportedOnStandardErrorAndCountedOnMetrics()
    {
        var port = ServiceProcess.FreePort();
        await using var service = ServiceProcess.Start(new()
        {
            ["ConnectionStrings__fightsdb"] = await postgres.CreateDatabaseAsync(),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["OTEL_SERVICE_NAME"] = "fights",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var timeout = TimeSpan.FromSeconds(60);
        await service.WaitForLineAsync("Application started", timeout);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // A request by hand: a trace the service exports (its first ones always are).
        (await http.GetAsync("/api/fights")).EnsureSuccessStatusCode();

        await service.WaitForLineAsync("telemetry problem: OpenTelemetry-Exporter-OpenTelemetryProtocol", timeout);
        var metrics = await http.GetStringAsync("/metrics");
        var problems = metrics.Split('\n')
            .Where(l => l.StartsWith("telemetry_problems_total{", StringComparison.Ordinal) && l.Contains("source=\"OpenTelemetry-Exporter-OpenTelemetryProtocol\"", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, l => Assert.True(double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 1, l));
        Assert.DoesNotContain("   at ", service.Stderr);
    }
}
