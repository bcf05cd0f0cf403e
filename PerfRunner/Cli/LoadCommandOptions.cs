using System.CommandLine;
using PerfRunner.Load;
using PerfRunner.Measurement;
using PerfRunner.Scenarios;

namespace PerfRunner.Cli;

/// <summary>The options every load-generating command (run, sweep) shares, and the plan and targets they make.</summary>
public sealed class LoadCommandOptions
{
    public readonly Option<string> Scenario = new("--scenario")
    {
        Description = "What one iteration does: fight (the k6 flow: randomfighters, randomlocation, POST the fight), " +
                      "execute-fight, random-hero, random-villain, random-location, or url (GET --url)",
        DefaultValueFactory = _ => "fight",
    };
    public readonly Option<TimeSpan> Warmup = Parsing.Duration("--warmup", "Load before the measured window, ramping from a tenth of the rate up to it; left out of the results", TimeSpan.FromSeconds(5), allowZero: true);
    public readonly Option<TimeSpan> ColdWarmup = Parsing.Duration("--cold-warmup",
        $"Unmeasured load before the first run when a service has served fewer than {PerfRunner.Metrics.ColdSystem.ColdRequests} requests since it started (right after a start its first seconds run at several times their later p99); 0 skips it",
        TimeSpan.FromSeconds(15), allowZero: true);
    public readonly Option<int> MaxInFlight = Parsing.PositiveInteger("--max-in-flight", "Most iterations running at once; beyond it arrivals are dropped (or queued, see --overflow)", 1000);
    public readonly Option<OverflowPolicy> Overflow = new("--overflow")
    {
        Description = "When --max-in-flight is reached: drop (count the arrival as dropped, k6-style) or queue (send it late and charge the wait to its latency, wrk2-style)",
        DefaultValueFactory = _ => OverflowPolicy.Drop,
    };
    public readonly Option<TimeSpan> Timeout = Parsing.Duration("--timeout", "Per-request timeout", TimeSpan.FromSeconds(10));
    public readonly Option<TimeSpan> MaxSendLag = Parsing.Duration("--max-send-lag", "A run whose send lag p99 is above this is marked invalid: the generator could not keep its schedule", TimeSpan.FromMilliseconds(10));
    public readonly Option<Uri?> FightsUrl = Parsing.Url("--fights-url", "Fights service base URL (default: services__fights__http__0, else http://localhost:8004)");
    public readonly Option<Uri?> HeroesUrl = Parsing.Url("--heroes-url", "Heroes service base URL (default: services__heroes__http__0, else http://localhost:8001)");
    public readonly Option<Uri?> VillainsUrl = Parsing.Url("--villains-url", "Villains service base URL (default: services__villains__http__0, else http://localhost:8002)");
    public readonly Option<Uri?> LocationsUrl = Parsing.Url("--locations-url", "Locations service base URL (default: services__locations__http__0, else http://localhost:8003)");
    public readonly Option<Uri?> Url = Parsing.Url("--url", "The URL the url scenario GETs");
    public readonly Option<double> Traced = Parsing.Percent("--traced",
        "Share of iterations the services are asked to trace (the sampled flag of the traceparent every request carries); the report links the slowest traced ones to the dashboard", 100);
    public readonly Option<Uri?> DashboardUrl = Parsing.Url("--dashboard-url", "The Aspire dashboard the report's trace links point at (default: http://localhost:18888)");
    public readonly Option<bool> NoProgress = new("--no-progress") { Description = "No live progress line (it is off anyway when output is redirected)" };

    public LoadCommandOptions()
    {
        Scenario.AcceptOnlyFromAmong(ScenarioCatalog.Names);
        Traced.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() > 100)
                result.AddError("--traced must be at most 100%");
        });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Scenario, Warmup, ColdWarmup, MaxInFlight, Overflow, Timeout, MaxSendLag, FightsUrl, HeroesUrl, VillainsUrl, LocationsUrl, Url, Traced, DashboardUrl, NoProgress })
        {
            command.Options.Add(option);
        }
    }

    public Targets Targets(ParseResult parse)
    {
        Uri Pick(Option<Uri?> option, string service) =>
            parse.GetValue(option) is { } given ? Scenarios.Targets.WithSlash(given) : Scenarios.Targets.Default(service, Environment.GetEnvironmentVariable);
        return new Targets(Pick(FightsUrl, "fights"), Pick(HeroesUrl, "heroes"), Pick(VillainsUrl, "villains"), Pick(LocationsUrl, "locations"), parse.GetValue(Url));
    }

    /// <summary>The plan these options describe, for one rate, window and repeat count.</summary>
    public RunPlan Plan(ParseResult parse, Targets targets, double rate, TimeSpan duration, int repeat) => new(
        parse.GetValue(Scenario)!,
        new LoadProfile(rate, duration, parse.GetValue(Warmup), parse.GetValue(MaxInFlight), parse.GetValue(Overflow), parse.GetValue(Timeout),
            parse.GetValue(Traced) / 100),
        repeat, parse.GetValue(MaxSendLag), targets, parse.GetValue(DashboardUrl) ?? DefaultDashboard, parse.GetValue(ColdWarmup));

    public static readonly Uri DefaultDashboard = new("http://localhost:18888/");

    /// <summary>Why these options cannot make a scenario, or null when they can.</summary>
    public string? Problem(ParseResult parse, Targets targets) =>
        parse.GetValue(Scenario) == "url" && targets.Url is null ? "the url scenario needs --url" : null;

    public bool Interactive(ParseResult parse) =>
        !parse.GetValue(NoProgress) && !Console.IsErrorRedirected && !Console.IsOutputRedirected;
}
