using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit;

namespace SuperHeroes.Tests.Fuzzing;

/// <summary>
/// Bad input, generated: requests made from a service's own OpenAPI document, valid and mutated (path and query
/// values of the wrong type or out of range, unicode, bodies with wrong types, huge numbers, nulls, nested junk,
/// duplicated keys, broken or empty JSON), sent one after the other. The invariant: never a 5xx, every 4xx a
/// ProblemDetails, every 2xx body valid against the document's schema for it. Generation is CsCheck's, driven by a
/// fixed seed so that a failure names a request that can be sent again.
/// </summary>
public static class OpenApiFuzzer
{
    /// <summary>How many requests a test sends, unless <c>FUZZ_REQUESTS</c> says otherwise (benchmarks/fuzz.sh).</summary>
    public static int Requests => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_REQUESTS"), out var n) ? n : 400;

    /// <summary>The generator's seed, unless <c>FUZZ_SEED</c> says otherwise.</summary>
    public static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : 20261201;

    /// <summary>Sends <see cref="Requests"/> requests generated from <see cref="Seed"/>.</summary>
    public static Task<IReadOnlyDictionary<int, int>> RunAsync(HttpClient client) => RunAsync(client, Requests, Seed);

    /// <summary>Sends <paramref name="count"/> generated requests and fails on the first broken invariant; returns the counts by status.</summary>
    public static async Task<IReadOnlyDictionary<int, int>> RunAsync(HttpClient client, int count, ulong seed)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = OpenApiOperation.Read(document);
        Assert.NotEmpty(operations);
        var gen = Gen.Int[0, operations.Count - 1].SelectMany(i => operations[i].Requests());
        var pcg = new PCG(1, seed);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            var request = gen.Generate(pcg, null, out _);
            using var response = await client.SendAsync(request.ToMessage());
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            var problem = Check(request, response, body, document);
            Assert.True(problem is null, $"request {i + 1} of seed {seed}: {request}\n→ {status} {body}\n{problem}");
        }
        // The generator must reach both sides, or it tests nothing: requests that are taken and requests that are refused.
        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);
        Assert.Contains(statuses.Keys, s => s is >= 400 and < 500);
        // benchmarks/fuzz.sh collects what each service was sent.
        if (Environment.GetEnvironmentVariable("FUZZ_SUMMARY") is { Length: > 0 } summary)
        {
            var title = (document.TryGetProperty("info", out var info) && info.TryGetProperty("title", out var t) ? t.GetString() : null)?.Split(" | ")[0];
            await File.AppendAllTextAsync(summary,
                $"| {title} | {count} | {seed} | {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))} |\n");
        }
        return statuses;
    }

    private static string? Check(FuzzRequest request, HttpResponseMessage response, string body, JsonElement document)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return "a 5xx";
        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                return $"a {status} that is not a ProblemDetails";
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status
                ? null : "a ProblemDetails without its status";
        }
        if (status is < 200 or >= 300 || request.Operation.ResponseSchema(status) is not { } schema)
            return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            return JsonSchemaCheck.Validate(json.RootElement, schema, document, "$");
        }
        catch (JsonException e)
        {
            return $"a {status} body that is not JSON: {e.Message}";
        }
    }
}

/// <summary>One generated request: the operation it came from, the path with its query, and the body as sent.</summary>
public sealed record FuzzRequest(OpenApiOperation Operation, string PathAndQuery, string? Body)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method.ToUpperInvariant()), PathAndQuery);
        if (Body is not null)
            message.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        return message;
    }

    public override string ToString() => $"{Operation.Method.ToUpperInvariant()} {PathAndQuery}{(Body is null ? "" : " " + Body)}";
}
