using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fights.Api.Tests;

public enum Behaviour { Ok, Fail500, NotFound, Slow, Busy }

/// <summary>
/// Real HTTP servers on loopback standing in for the heroes, villains and locations services, each told how to
/// behave and counting the requests it gets. A service can also be "down": its address is a closed port.
/// </summary>
public sealed class FakeDownstream : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan BusyDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The own time every answer claims in its Server-Timing header, as the real services tell theirs.</summary>
    public const double AppMs = 0.25;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Behaviour> _behaviour = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, bool>> _connections = new();
    private readonly HashSet<string> _down = [];

    private FakeDownstream(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";

    public static async Task<FakeDownstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDownstream(app);
        app.MapGet("/api/{service}/random", (string service, HttpContext http, CancellationToken ct) => fake.AnswerAsync(service, http, ct));
        app.MapGet("/api/{service}/hello", (string service) => $"Hello {service} from the fake");
        await app.StartAsync();
        fake.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return fake;
    }

    public void Set(string service, Behaviour behaviour) => _behaviour[service] = behaviour;

    public void SetDown(string service) => _down.Add(service);

    public int Requests(string service) => _requests.GetValueOrDefault(service);

    /// <summary>How many distinct TCP connections (client ports) the service's requests came over.</summary>
    public int Connections(string service) => _connections.TryGetValue(service, out var ports) ? ports.Count : 0;

    /// <summary>The trace ids of the W3C <c>traceparent</c> headers the random endpoints received.</summary>
    public ConcurrentBag<string> TraceIds { get; } = [];

    /// <summary>Service discovery settings that point the fights service at these fakes.</summary>
    public Dictionary<string, string?> Settings()
    {
        var closed = ClosedPortAddress();
        return new[] { "heroes", "villains", "locations" }
            .ToDictionary(s => $"services:{s}:http:0", s => (string?)(_down.Contains(s) ? closed : Address));
    }

    private async Task<IResult> AnswerAsync(string service, HttpContext http, CancellationToken ct)
    {
        _requests.AddOrUpdate(service, 1, (_, n) => n + 1);
        http.Response.Headers["Server-Timing"] = $"app;dur={AppMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        _connections.GetOrAdd(service, _ => new())[http.Connection.RemotePort] = true;
        if (http.Request.Headers.TryGetValue("traceparent", out var traceparent) && traceparent.ToString().Split('-') is [_, var traceId, _, _])
            TraceIds.Add(traceId);
        switch (_behaviour.GetValueOrDefault(service))
        {
            case Behaviour.Fail500:
                return Results.StatusCode(500);
            case Behaviour.NotFound:
                return Results.NotFound();
            case Behaviour.Slow:
                await Task.Delay(SlowDelay, ct);
                break;
            case Behaviour.Busy:
                await Task.Delay(BusyDelay, ct);
                break;
        }
        return service switch
        {
            "heroes" => Results.Json(new { id = 1, name = "Fake Hero", otherName = "Test", level = 62, picture = "https://example.test/hero.png", powers = "Testing" }),
            "villains" => Results.Json(new { id = 2, name = "Fake Villain", otherName = "Test", level = 40, picture = "https://example.test/villain.png", powers = "Mocking" }),
            _ => Results.Json(new { id = 3, name = "Fake Place", description = "Nowhere real", picture = "https://example.test/place.png", type = "PLACE" }),
        };
    }

    private static string ClosedPortAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
