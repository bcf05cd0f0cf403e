using Microsoft.Extensions.DependencyInjection;

namespace SuperHeroes.Catalog.Data;

public static class DataServices
{
    /// <summary>What every service with a database shares: the query-duration metric and the failures answered as 400s and 503s.</summary>
    public static IServiceCollection AddDatabaseParts(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseMetrics>();
        services.AddExceptionHandler<DatabaseProblems>();
        return services;
    }
}
