using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using SuperHeroes.Catalog.Data;

namespace SuperHeroes.Catalog;

public static class CatalogServices
{
    /// <summary>
    /// A catalog's store and database, each also registered as its shared base so that the common endpoints
    /// (<see cref="CatalogEndpoints"/>) reach them; the database creates and seeds the table at start.
    /// </summary>
    /// <remarks>The container builds both by their constructors, which an ahead-of-time build keeps only when told.</remarks>
    public static IServiceCollection AddCatalog<TRow,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDatabase>(this IServiceCollection services)
        where TRow : ICatalogRow<TRow>
        where TStore : CatalogStore<TRow>
        where TDatabase : CatalogDatabase =>
        services.AddDatabaseParts()
            .AddSingleton<TStore>()
            .AddSingleton<CatalogStore<TRow>>(sp => sp.GetRequiredService<TStore>())
            .AddSingleton<TDatabase>()
            .AddSingleton<CatalogDatabase>(sp => sp.GetRequiredService<TDatabase>())
            .AddHostedService(sp => sp.GetRequiredService<TDatabase>());
}
