using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SuperHeroes.Tests.Characters;

public abstract partial class CharacterApiTests<TProgram>
{
    [Fact]
    public async Task MetricsExposeDatabaseQueryDurationsByQueryType()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            await client.GetAsync(Path + "/random");
        await client.GetAsync(Path + "/1");

        var metrics = await client.GetStringAsync("/metrics");

        // Random rows are drawn in batches: three answers cost one query here.
        Assert.Matches("""db_query_duration_seconds_count\{[^}]*query_type="get_random"[^}]*\} 1""", metrics);
        Assert.Matches("""db_query_duration_seconds_count\{[^}]*query_type="get_by_id"[^}]*\} 1""", metrics);
        // Sub-millisecond buckets: the default 5 ms first bucket would hide every change a performance run looks for.
        Assert.Contains("""le="0.0005"}""", metrics);
    }

    [Fact]
    public async Task MetricsExposeRequestDurationsAndRuntimeMetrics()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await client.GetAsync(Path + "/random");

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Matches($$"""http_server_request_duration_seconds_count\{[^}]*http_route="{{Path}}/random"[^}]*\} 1""", metrics);
        Assert.Contains("dotnet_gc_collections_total", metrics);
        Assert.Contains("db_client_operation_duration_seconds", metrics);
    }

    [Fact]
    public async Task MetricsSayHowTheServiceWasBuilt()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        // The service is built in the configuration this test was built in.
        var configuration = typeof(TProgram).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var optimized = configuration == "Debug" ? "false" : "true";

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Matches($$"""service_build_info\{[^}]*configuration="{{configuration}}",optimized="{{optimized}}"\} 1""", metrics);
    }

    [Fact]
    public async Task MetricsSayWhenTheServicesProcessStarted()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        // The factory runs the service in this process.
        using var process = Process.GetCurrentProcess();
        var expected = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

        var metrics = await client.GetStringAsync("/metrics");

        var value = Regex.Match(metrics, @"^process_start_time_seconds(\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        Assert.True(value.Success, "no process_start_time_seconds in /metrics");
        Assert.Equal(expected, double.Parse(value.Groups[2].Value, CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public async Task AnApiReferencePageServesTheOpenApiDocumentFromTheServiceItself()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/scalar/v1");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page);
        // Its scripts come from the service, not from a CDN this machine may not reach.
        var scripts = System.Text.RegularExpressions.Regex.Matches(page, """<script[^>]*src="([^"]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/scalar/v1"), script))).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheApi()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { Path, Path + "/random", Path + "/{id}", Path + "/hello" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        Assert.True(paths.GetProperty(Path + "/{id}").TryGetProperty("patch", out _));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthEndpointsAnswerHealthy(string path)
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // /alive is the bare liveness answer; /health names its checks (the database's among them).
        var body = await response.Content.ReadAsStringAsync();
        if (path == "/alive")
            Assert.Equal("Healthy", body);
        else
            Assert.Matches("""^\{"status":"Healthy","checks":\[.*"name":"PostgreSql","status":"Healthy".*\]\}$""", body);
    }
}
