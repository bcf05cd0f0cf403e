using System.Net;
using System.Text;
using Xunit;

namespace SuperHeroes.Tests;

public sealed record ValidationProblem(string Title, int Status, Dictionary<string, string[]> Errors);

public static class Problems
{
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The answer is an RFC 7807 problem with this status, and no stack trace leaks into it.</summary>
    public static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text);
    }
}
