using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SuperHeroes.Tests;

/// <summary>A service in memory (WebApplicationFactory) on a database of its own in the shared test server.</summary>
public sealed class ServiceApp<TProgram>(string connectionName, string connectionString, IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    public string ConnectionString => connectionString;

    /// <summary>Creates a database and starts the service on it (schema and seed included).</summary>
    public static async Task<ServiceApp<TProgram>> StartAsync(PostgresServerFixture postgres, string connectionName,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new ServiceApp<TProgram>(connectionName, await postgres.CreateDatabaseAsync(), settings, services);
        app.Start();
        return app;
    }

    /// <summary>Builds the host now; a service that fails to start throws here.</summary>
    public void Start() => CreateClient().Dispose();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"ConnectionStrings:{connectionName}", connectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null)
            builder.ConfigureServices(services);
    }
}
