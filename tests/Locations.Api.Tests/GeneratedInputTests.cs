using SuperHeroes.Tests;
using SuperHeroes.Tests.Fuzzing;

namespace Locations.Api.Tests;

public sealed class GeneratedInputTests(PostgresServerFixture postgres) : LocationsTestBase(postgres)
{
    [Fact]
    public async Task GeneratedRequestsFromTheOpenApiDocumentNeverGetA5xxAndEveryErrorIsAProblem()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var statuses = await OpenApiFuzzer.RunAsync(client);

        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);
        Assert.Contains(statuses.Keys, s => s is >= 400 and < 500);
    }
}
