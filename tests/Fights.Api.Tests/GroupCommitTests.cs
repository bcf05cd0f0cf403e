using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using Fights.Api.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SuperHeroes.Tests;

namespace Fights.Api.Tests;

public sealed partial class GroupCommitTests(PostgresServerFixture postgres) : FightsTestBase(postgres)
{
    private static readonly object Hero = new { name = "Batch Hero", level = 70, picture = "https://example.test/h.png" };
    private static readonly object Villain = new { name = "Batch Villain", level = 30, picture = "https://example.test/v.png" };

    // Fights decided while every writer waits on the database go together once it answers: fewer statements and
    // commits than fights, and still each fight answered as stored, exactly once.
    [Fact]
    public async Task FightsDecidedWhileTheDatabaseIsBusyShareCommitsAndAreEachStoredOnce()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await using var table = await TableLock.TakeAsync(app);

        var first = await table.BlockEveryWriterAsync(() => PostAsync(client));
        var others = Enumerable.Range(0, 40 - first.Count).Select(_ => PostAsync(client)).ToList();
        await table.UntilQueuedAsync(others.Count);
        await table.ReleaseAsync();
        var answered = await Task.WhenAll(first.Concat(others));

        var stored = (await client.GetFromJsonAsync<List<Fight>>(Path))!;
        Assert.Equal(answered.OrderBy(f => f.Id), stored.OrderBy(f => f.Id));
        Assert.Equal(40, stored.Select(f => f.Id).Distinct().Count());
        var (batches, fights) = BatchSizes(await client.GetStringAsync("/metrics"));
        Assert.Equal(40, fights);
        Assert.InRange(batches, 1, 2 * (FightWriter.Writers + 1));
    }

    // A batch is one statement: a fight the database refuses (PostgreSQL text cannot hold U+0000) fails that statement,
    // and the fights that shared it must still be stored and answered.
    [Fact]
    public async Task AFightTheDatabaseRefusesFailsAloneNotTheFightsThatSharedItsBatch()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await using var table = await TableLock.TakeAsync(app);

        var first = await table.BlockEveryWriterAsync(() => PostAsync(client));
        var good = Enumerable.Range(0, 10).Select(_ => PostAsync(client)).ToList();
        var bad = client.PostAsJsonAsync(Path, new { hero = new { name = "Nul\0Hero", level = 70, picture = "p" }, villain = Villain });
        await table.UntilQueuedAsync(good.Count + 1);
        await table.ReleaseAsync();

        var answered = await Task.WhenAll(first.Concat(good));
        await Problems.AssertProblem(await bad, System.Net.HttpStatusCode.BadRequest);
        var stored = (await client.GetFromJsonAsync<List<Fight>>(Path))!;
        Assert.Equal(answered.OrderBy(f => f.Id), stored.OrderBy(f => f.Id));
    }

    // One statement stores several fights, and its span can sit in one trace only: the first fight's. Every other fight's
    // trace must still show where its time went and point at the batch, and the batch at each of them.
    [Fact]
    public async Task EveryFightOfABatchLinksToTheBatchAndTheBatchToEachFight()
    {
        var spans = new System.Collections.Concurrent.ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Fights.Api" || source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        await using var table = await TableLock.TakeAsync(app);

        var first = await table.BlockEveryWriterAsync(() => PostAsync(client));
        var traces = Enumerable.Range(0, 5).Select(_ => ActivityTraceId.CreateRandom()).ToList();
        var others = traces.Select(trace => PostAsync(client, trace)).ToList();
        await table.UntilQueuedAsync(others.Count);
        await table.ReleaseAsync();
        await Task.WhenAll(others.Concat(first));

        // The queued fights usually go as one batch, but two writers freed at once may share them out: each traced fight
        // must be in exactly one batch, as the batch's own trace or as one of its links.
        IEnumerable<ActivityTraceId> Members(Activity batch) => batch.Links.Select(l => l.Context.TraceId).Append(batch.TraceId);
        var batches = spans.Where(s => s.OperationName == "insert fights" && Members(s).Any(traces.Contains)).ToList();
        var expected = traces.Select(t => t.ToHexString()).Order();
        Assert.Equal(expected, batches.SelectMany(Members).Where(traces.Contains).Select(t => t.ToHexString()).Order());
        Assert.Contains(batches, b => (int)b.GetTagItem("fights.batch.size")! > 1);
        Assert.All(batches, b => Assert.Contains(spans, s => s.Source.Name.StartsWith("Npgsql", StringComparison.Ordinal) && s.ParentSpanId == b.SpanId));
        var stores = spans.Where(s => s.OperationName == "store fight" && traces.Contains(s.TraceId)).ToList();
        Assert.Equal(expected, stores.Select(s => s.TraceId.ToHexString()).Order());
        Assert.All(stores, store =>
        {
            var batch = Assert.Single(batches, b => Members(b).Contains(store.TraceId));
            if (batch.TraceId != store.TraceId)
                Assert.Equal(batch.SpanId, Assert.Single(store.Links).Context.SpanId);
        });
    }

    [Fact]
    public async Task ALoneFightIsStoredInABatchOfOne()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var fight = await client.GetFromJsonAsync<Fight>($"{Path}/execute_fight");

        Assert.Equal(fight, await client.GetFromJsonAsync<Fight>($"{Path}/{fight!.Id}"));
        Assert.Equal((1, 1), BatchSizes(await client.GetStringAsync("/metrics")));
    }

    private static async Task<Fight> PostAsync(HttpClient client, ActivityTraceId? trace = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(new { hero = Hero, villain = Villain }) };
        if (trace is { } id)
            request.Headers.Add("traceparent", $"00-{id}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Fight>())!;
    }

    private static (long Batches, long Fights) BatchSizes(string metrics) =>
        (long.Parse(BatchCount().Match(metrics).Groups[1].Value), long.Parse(BatchSum().Match(metrics).Groups[1].Value));

    [GeneratedRegex(@"^fights_insert_batch_size_count(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex BatchCount();

    [GeneratedRegex(@"^fights_insert_batch_size_sum(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex BatchSum();

    /// <summary>The fights table locked against inserts (SHARE mode: readers pass) until released.</summary>
    private sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction tx, FightWriter writer) : IAsyncDisposable
    {
        public static async Task<TableLock> TakeAsync(ServiceApp<Program> app)
        {
            // Connections the writers will use, opened now: a new Npgsql connection did not open while another one's
            // insert waited on this lock (seen here, not with psql), and the test is about batches, not that.
            var pool = app.Services.GetRequiredService<NpgsqlDataSource>();
            foreach (var warm in await Task.WhenAll(Enumerable.Range(0, FightWriter.Writers + 1).Select(async _ => await pool.OpenConnectionAsync())))
                await warm.DisposeAsync();
            var connection = new NpgsqlConnection(app.ConnectionString);
            await connection.OpenAsync();
            var tx = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("LOCK TABLE fights IN SHARE MODE", transaction: tx);
            return new TableLock(connection, tx, app.Services.GetRequiredService<FightWriter>());
        }

        /// <summary>Posts one fight at a time until every writer waits on the lock: what comes next queues, whole.</summary>
        public async Task<List<Task<Fight>>> BlockEveryWriterAsync(Func<Task<Fight>> post)
        {
            // An insert waits in its Parse message, before pg_stat_activity shows its text: every lock wait here is one.
            const string sql = """
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """;
            var posted = new List<Task<Fight>>();
            var waited = Stopwatch.StartNew();
            // The first fight is written by its own request (nothing in flight), the next ones by the writers.
            while (posted.Count < FightWriter.Writers + 1)
            {
                posted.Add(post());
                while (await connection.ExecuteScalarAsync<long>(sql, transaction: tx) < posted.Count)
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"fewer than {posted.Count} inserts ever waited on the lock");
                    await Task.Delay(20);
                }
            }
            return posted;
        }

        /// <summary>Waits until this many fights wait in the writers' queue: posted after every writer was blocked, they go
        /// together once the lock is released. A busy machine can take long to get them there; a fixed sleep was not enough.</summary>
        public async Task UntilQueuedAsync(int count)
        {
            var waited = Stopwatch.StartNew();
            while (writer.Queued < count)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"only {writer.Queued} of {count} fights ever queued");
                await Task.Delay(10);
            }
        }

        public Task ReleaseAsync() => tx.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
