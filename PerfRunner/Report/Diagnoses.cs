using PerfRunner.Results;
using ServiceDefaults;
using static PerfRunner.Report.Guidance;

namespace PerfRunner.Report;

/// <summary>
/// Findings that name a cause from how the time was spent: the phase that makes the tail, calls made one after
/// another, a database connection opened per request. Each rule reads the measured figures only (the mean
/// iteration's Server-Timing phases, the services' metrics), never which practice bottleneck is switched on.
/// </summary>
public static class Diagnoses
{
    /// <summary>Calls count as sequential when their phase takes at least this share of their sum...</summary>
    public const double SequentialShare = 0.85;

    /// <summary>...and the sum is at least this many times the longest call (else one call is all of it, and order cannot be told).</summary>
    public const double SequentialSumToLongest = 1.3;

    /// <summary>A service opening at least this many database connections per request it served (or per database command, when fewer) does not pool them.</summary>
    public const double ConnectionsPerRequest = 0.5;

    /// <summary>A service writing at least this many log records per request it served logs on its hot path.</summary>
    public const double LogRecordsPerRequest = 1;

    /// <summary>
    /// A called service serving more than this many requests per call made to it gets retries beyond any bounded policy
    /// of 3 retries (at most 4 attempts a call): retries without a bound.
    /// </summary>
    public const double AttemptsPerCall = 4;

    public static void Add(List<Finding> findings, RunSummary run, string? entry)
    {
        AddSequentialCalls(findings, run, entry);
        AddRetryStorm(findings, run);
        AddConnectionPerRequest(findings, run);
        AddChattyLogging(findings, run);
        AddTail(findings, run);
    }

    private static void AddSequentialCalls(List<Finding> findings, RunSummary run, string? entry)
    {
        if (run.Typical is not { } mean || !mean.Server.TryGetValue(ServerTimingHeader.Downstream, out var phase) || phase <= 0)
            return;
        var calls = mean.Server.Where(m => mean.Server.ContainsKey(ServerTimingHeader.OwnTimeOf(m.Key))).ToList();
        if (calls.Count < 2)
            return;
        var sum = calls.Sum(c => c.Value);
        var longest = calls.Max(c => c.Value);
        if (phase < SequentialShare * sum || sum < SequentialSumToLongest * longest)
            return;
        var list = string.Join(" + ", calls.Select(c => $"{c.Key} {Ms(c.Value)}"));
        findings.Add(new($"⚠️ **Downstream calls one after another**: in {entry ?? "the entry service"}, the downstream phase takes {Ms(phase)} " +
                         $"per iteration, the sum of its calls ({list} = {Ms(sum)}), not the longest of them ({Ms(longest)})",
            "Make the independent downstream calls concurrent",
            ["Start every call before awaiting any of them (e.g. Task.WhenAll), each with its own timeout and fallback",
             $"Expected gain: about {Ms(sum - longest)} per iteration, the sum minus the longest call",
             "Check the traces of a few iterations: sequential calls' client spans do not overlap"]));
    }

    private static void AddRetryStorm(List<Finding> findings, RunSummary run)
    {
        foreach (var caller in run.Services.Where(s => s.Valid))
        {
            foreach (var call in caller.Downstream)
            {
                if (run.Services.FirstOrDefault(s => s.Valid && s.Service == call.Service) is not { } called)
                    continue;
                var served = called.Routes.Sum(r => r.Requests);
                if (call.Calls == 0 || served < AttemptsPerCall * call.Calls)
                    continue;
                var failed = called.Routes.Sum(r => r.Errors5xx);
                findings.Add(new($"⚠️ **Retries multiply the calls**: {caller.Service} made {call.Calls} calls to {call.Service} " +
                                 $"({call.Failures} failed in the end), and {call.Service} served {served} requests " +
                                 $"({(double)served / call.Calls:0.#} a call; {failed} answered 5xx)",
                    $"Bound {caller.Service}'s retries to {call.Service} and space them out",
                    ["A few retries with a growing, jittered delay, and a circuit breaker that stops calling a service that keeps failing (Microsoft.Extensions.Http.Resilience's standard handler)",
                     "A service that fails for lack of capacity fails more with every immediate retry: the retries are the load",
                     $"external_request_duration_seconds on {caller.Service} counts the calls; http_server_request_duration_seconds on {call.Service} counts the attempts"]));
            }
        }
    }

    private static void AddChattyLogging(List<Finding> findings, RunSummary run)
    {
        foreach (var s in run.Services.Where(s => s.Valid && s.LogRecords > 0))
        {
            var served = s.Routes.Sum(r => r.Requests);
            if (served == 0 || s.LogRecords < LogRecordsPerRequest * served)
                continue;
            // Whoever reads the console (the orchestrator and the dashboard here, a log collector elsewhere) pays too.
            var machine = ResultBuilder.MachineCores(run) is var (cores, outside)
                ? $", the whole machine {cores:0.###} cores, {outside:0.###} of them outside the services"
                : "";
            findings.Add(new($"⚠️ **Log records per request**: {s.Service} wrote {s.LogRecords} log records for {served} requests " +
                             $"({(double)s.LogRecords / served:0.#} each; it used {s.CpuCores:0.###} cores{machine})",
                $"Take logging off {s.Service}'s hot path",
                ["Raise the log level of the chatty categories (appsettings.json Logging:LogLevel: Microsoft.AspNetCore, System.Net.Http.HttpClient, Npgsql) to Warning",
                 "The console logger formats and writes every record: at a few records per request it costs more than the request, and whatever reads the console (here the orchestrator and the dashboard) pays again for every line",
                 "log_records_total by level counts what each service writes"]));
        }
    }

    private static void AddConnectionPerRequest(List<Finding> findings, RunSummary run)
    {
        foreach (var s in run.Services.Where(s => s.Valid && s.ConnectionsOpened > 0))
        {
            var served = s.Routes.Sum(r => r.Requests);
            // Per database command too: a writer that batches several requests into one command opens one connection
            // a batch (a third as many as requests, under load), where a pooled one opens next to none.
            var commands = s.Queries.Sum(q => q.Latency.Count);
            var opened = s.ConnectionsOpened!.Value;
            var uses = commands > 0 ? Math.Min(served, commands) : served;
            if (uses == 0 || opened < ConnectionsPerRequest * uses)
                continue;
            findings.Add(new($"⚠️ **A database connection per request**: {s.Service} opened {opened} PostgreSQL connections for " +
                             $"{served} requests{(commands > 0 ? $" and {commands} database commands" : "")}",
                $"Pool {s.Service}'s database connections",
                ["Keep Npgsql's pooling on (the default; `Pooling=false` in the connection string switches it off) and reuse one NpgsqlDataSource",
                 "A new connection is a TCP handshake, SCRAM authentication and a new PostgreSQL backend process",
                 "db_connections_opened_total counts every connection the service opens"]));
        }
    }

    private static void AddTail(List<Finding> findings, RunSummary run)
    {
        if (TailAttribution.Of(run) is not { Dominant: { } dominant } tail)
            return;
        string[] steps = dominant.Phase switch
        {
            TailAttribution.Outside =>
                ["The time passed before the service's handler started or after it answered: waiting for a core (see CPU), a thread-pool wake-up, a new connection",
                 "Open the slowest iterations' traces: a gap before the first span, or between a client span and its server span, is this time",
                 "Compare at a lower --rps and with --traced 1%: if the excess shrinks, it is contention, not the code"],
            TailAttribution.Downstream =>
                ["Compare each call with the called service's own handler in the rows below it: if the call grew and the handler did not, the time went to the connection pool, the network or queueing in the called service",
                 "If the downstream phase is the sum of the calls rather than the longest, the calls run one after the other"],
            TailAttribution.Commit =>
                ["Check the fights writer: db_query_duration_seconds of the insert, connection-pool waits, and PostgreSQL's own commit time (benchmarks/floor.sh)"],
            TailAttribution.Handler =>
                ["CPU inside the handler: see the GC pauses row and the service's CPU; profile it (dotnet-trace) if neither explains it"],
            TailAttribution.SendLag =>
                ["PerfRunner sent these iterations late: give it a core, or lower --rps"],
            _ => ["Let the services answer with a Server-Timing header to split this time"],
        };
        findings.Add(new($"🔎 **The slowest 1 %** ({tail.Iterations} iterations, mean {Ms(tail.SlowestLatencyMs)} against {Ms(tail.AllLatencyMs)}): " +
                         $"{Ms(dominant.ExcessMs)} of the excess is {dominant.Phase}", $"Look at {dominant.Phase} first", steps));
    }

}
