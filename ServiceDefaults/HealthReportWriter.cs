using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>/health</c> as JSON that says why: the overall status and each check's status and reason (an exception's
/// message, never its stack), so that "Unhealthy" during an outage names the dependency that is down. The status
/// code stays the health checks' own (200 healthy or degraded, 503 unhealthy), which is what the orchestrator reads.
/// </summary>
internal static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Check(string Name, string Status, string? Reason, double DurationMs);

    public sealed record Report(string Status, IReadOnlyList<Check> Checks);

    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var checks = report.Entries
            .Select(e => new Check(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message,
                Math.Round(e.Value.Duration.TotalMilliseconds, 1)))
            .ToList();
        return JsonSerializer.SerializeAsync(http.Response.Body, new Report(report.Status.ToString(), checks), Json, http.RequestAborted);
    }
}
