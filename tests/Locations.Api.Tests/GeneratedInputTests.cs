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

        await OpenApiFuzzer.RunAsync(client);
    }
}
