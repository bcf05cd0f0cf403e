using SuperHeroes.Tests;
using SuperHeroes.Tests.Fuzzing;

namespace Fights.Api.Tests;

public sealed class GeneratedInputTests(PostgresServerFixture postgres) : FightsTestBase(postgres)
{
    [Fact]
    public async Task GeneratedRequestsFromTheOpenApiDocumentNeverGetA5xxAndEveryErrorIsAProblem()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        await OpenApiFuzzer.RunAsync(client);
    }
}
