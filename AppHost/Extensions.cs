using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SuperHeroes;
using SuperHeroes.Postgres;

namespace Aspire.Hosting;

internal static class Extensions
{
    public static PostgresServer AddPostgresServer(this IDistributedApplicationBuilder builder)
    {
        var server = PostgresServer.Add(builder);
        // Shown once in the console and on every service's environment in the dashboard.
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SuperHeroes.AppHost")
                .LogInformation("PostgreSQL mode: {Mode}: {Description}", server.Mode, server.Description);
            return Task.CompletedTask;
        });
        return server;
    }

    /// <summary>
    /// A service on its fixed launch-profile port, healthy when its /health says so. The service listens on that
    /// port itself: the orchestrator's endpoint proxy would add a hop to every request of a load run (measured in
    /// docs/performance.md). <c>Services:Proxied=true</c> puts the proxy back, to measure it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, PostgresServer postgres)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithPlainHttp()
            .WithEndpoint("http", endpoint => endpoint.IsProxied = builder.Configuration.GetValue("Services:Proxied", false))
            .WithEnvironment("SUPERHEROES_POSTGRES_MODE", postgres.Mode.ToString())
            .WithTraceSettings()
            .WithGen0Budget()
            .WithHttpHealthCheck("/health")
            .WithApiLink()
            .WithBuiltApp()
            .WithPractice()
            .WithSupervision();

    /// <summary>
    /// Starts the service as <c>dotnet Service.dll</c> from the build the AppHost's own build made, instead of the
    /// default <c>dotnet run --no-build</c>: that wrapper stays alive beside the service for its whole life and holds
    /// ~125 MB of MSBuild state per service (docs/performance.md). Not when an IDE launches the project (it needs the
    /// project to debug it), not when the build output is missing (then <c>dotnet run</c> reports why), and not with
    /// <c>Services:DotnetRun=true</c>.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithBuiltApp(this IResourceBuilder<ProjectResource> project)
    {
        var config = project.ApplicationBuilder.Configuration;
        if (config.GetValue("Services:DotnetRun", false) || config["DEBUG_SESSION_PORT"] is not null)
            return project;
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var app = BuiltApp(projectPath);
        if (!File.Exists(app))
            return project;
#pragma warning disable ASPIREPROJECTS001 // Overriding the project's launch arguments is marked for evaluation.
        return project.WithAnnotation(new ProjectLaunchArgsOverrideAnnotation(["exec", app], leadingResourceArgumentToRemove: null!));
#pragma warning restore ASPIREPROJECTS001
    }

    // The AppHost is built in the same configuration as the projects it references (its build builds them).
    internal static string BuiltApp(string projectPath)
    {
        var configuration = typeof(Extensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        return Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, framework, Path.GetFileNameWithoutExtension(projectPath) + ".dll");
    }

    /// <summary>
    /// A fixed gen0 budget (<c>DOTNET_GCgen0size</c>, 4 MB by default): the runtime sizes it from the processor's
    /// last-level cache, and a virtual machine that reports a large one (300 MiB here) lets every service's heap grow by
    /// tens of MB between collections; fights, which allocates the most per request, most (docs/performance.md). The
    /// runtime reads this budget only from the environment, not from runtimeconfig.json.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithGen0Budget(this IResourceBuilder<ProjectResource> service)
    {
        // Services:Gen0Budget sets another (hexadecimal bytes); empty leaves the runtime's own, to measure it.
        var budget = service.ApplicationBuilder.Configuration["Services:Gen0Budget"] ?? "0x400000";
        return budget.Length == 0 ? service : service.WithEnvironment("DOTNET_GCgen0size", budget);
    }

    /// <summary>
    /// <c>Telemetry:TraceSampleRatio</c> (0 to 1, e.g. <c>Telemetry__TraceSampleRatio=0.01</c>) records that share of
    /// the traces that start in a service; every trace is recorded by default. The sampler is parent-based either way:
    /// a fight's downstream spans follow the fights service's decision, and a request that arrives with a traceparent
    /// (every PerfRunner request does) is recorded when its sampled flag says so. Of the recorded traces, each service
    /// exports to the dashboard the slow, failed and a few others a second (<c>TailTraceExport</c> in ServiceDefaults);
    /// <c>Telemetry:TraceExport=All</c> exports every one, which under load costs this 2-core machine a good part of a core.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithTraceSettings(this IResourceBuilder<ProjectResource> service)
    {
        var export = service.ApplicationBuilder.Configuration["Telemetry:TraceExport"];
        if (export is not null)
        {
            if (!export.Equals("Tail", StringComparison.OrdinalIgnoreCase) && !export.Equals("All", StringComparison.OrdinalIgnoreCase))
                throw new SettingsException($"Telemetry:TraceExport is '{export}'; give Tail or All.");
            service.WithEnvironment("Telemetry__TraceExport", export);
        }
        var configured = service.ApplicationBuilder.Configuration["Telemetry:TraceSampleRatio"];
        if (configured is null)
            return service.WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_always_on");
        if (!double.TryParse(configured, System.Globalization.CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
            throw new SettingsException($"Telemetry:TraceSampleRatio is '{configured}'; give a number from 0 to 1.");
        return service
            .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
            .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", ratio.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Hands <c>{Service}:GeneratedRows</c> of the AppHost's configuration (e.g. <c>Heroes__GeneratedRows=1000000</c>)
    /// to the service as its <c>Catalog:GeneratedRows</c>, so a large table is one AppHost setting away.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGeneratedRows(this IResourceBuilder<ProjectResource> service)
    {
        var key = $"{char.ToUpperInvariant(service.Resource.Name[0])}{service.Resource.Name[1..]}:GeneratedRows";
        return service.ApplicationBuilder.Configuration[key] is { } rows
            ? service.WithEnvironment("Catalog__GeneratedRows", rows)
            : service;
    }

    /// <summary>Service discovery of another service (<c>services__heroes__http__0</c>), started first.</summary>
    public static IResourceBuilder<ProjectResource> WithService(this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> other) =>
        service.WithReference(other).WaitFor(other);

    /// <summary>
    /// PerfRunner as a resource that starts only when asked (the dashboard's Start button): a short baseline against
    /// the running services, found by service discovery. Results go to <c>results/</c> at the repository root
    /// (<c>PerfRunner:ResultsDirectory</c> moves them), and its console log says where. <c>PerfRunner:Rps</c>,
    /// <c>PerfRunner:Duration</c> and <c>PerfRunner:Warmup</c> change the default 50/s for 20 s after 5 s, and
    /// <c>PerfRunner:ColdWarmup</c> the 15 s of load a system fresh from its start gets before it is measured.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPerfRunner<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var config = builder.Configuration;
        var results = Path.GetFullPath(config["PerfRunner:ResultsDirectory"] ?? Path.Combine(builder.AppHostDirectory, "..", "results"));
        string[] load = ["run", "--rps", config["PerfRunner:Rps"] ?? "50", "--duration", config["PerfRunner:Duration"] ?? "20s",
            "--warmup", config["PerfRunner:Warmup"] ?? "5s", "--cold-warmup", config["PerfRunner:ColdWarmup"] ?? "15s", "--no-progress"];
        return builder.AddProject<TProject>(name)
            .WithPlainHttp()
            .WithExplicitStart()
            .WithEnvironment("PERFRUNNER_RESULTS", results)
            .WithArgs([.. load, "--output", Path.Combine(results, "baseline.json"), "--report", Path.Combine(results, "baseline.md")])
            .WithCompareCommand(results, load);
    }

    /// <summary>
    /// No HTTPS certificate for the project: every endpoint of this system is plain http on loopback. Without this the
    /// orchestrator looks for a trusted development certificate on the project's behalf and, on a machine without
    /// one, shows "No trusted development certificate" as an error on every dashboard page.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithPlainHttp(this IResourceBuilder<ProjectResource> project)
    {
#pragma warning disable ASPIRECERTIFICATES001 // Certificate configuration is marked for evaluation.
        return project.WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
    }

    public static IResourceBuilder<ProjectResource> WithDatabase(this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database) =>
        service.WithReference(database).WaitFor(database);
}
