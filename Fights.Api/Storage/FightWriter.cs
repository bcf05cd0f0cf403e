using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using SuperHeroes.Catalog.Data;

namespace Fights.Api.Storage;

/// <summary>
/// Group commit. A commit per fight costs PostgreSQL a WAL flush and this service a pooled connection and a round trip
/// for every fight, and under load those commits became the queue (docs/performance.md). Fights decided while the writers are busy now wait in a queue and go together: one statement, one commit, up to
/// <see cref="MaxBatch"/> fights. When nothing is being written a request stores its fight itself, at once, so a quiet
/// service waits for no batch and no hand-off. A fight is answered only after its batch has committed; a batch the
/// server refuses is retried fight by fight, so only a fight that fails on its own fails its request.
/// </summary>
/// <remarks>
/// Tracing: a batch runs inside the first fight's trace (its statement's span is there), linked to the others'
/// "store fight" spans, and each of those links back to the batch.
/// </remarks>
public sealed class FightWriter(FightStore store, FightsMetrics metrics) : BackgroundService
{
    /// <summary>
    /// Writers of queued fights: while one batch waits for its commit, the next one is already being sent. A request
    /// that found nothing in flight may be writing its own fight besides.
    /// </summary>
    public const int Writers = 4;

    public const int MaxBatch = 64;

    internal static readonly ActivitySource Source = new(typeof(FightWriter).Assembly.GetName().Name!);

    // Batches being written, by a writer or by a request itself (see StoreAsync).
    private int _inFlight;

    private readonly Channel<PendingFight> _queue =
        Channel.CreateUnbounded<PendingFight>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });

    /// <summary>Fights waiting for a writer.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Stores the fight; it is committed when this returns. Not cancellable: a decided fight is stored.</summary>
    public async Task<Fight> StoreAsync(Fight fight)
    {
        using var activity = Source.StartActivity("store fight");
        if (Interlocked.CompareExchange(ref _inFlight, 1, 0) == 0)
        {
            // Nothing is being written: this request writes its fight itself. Handing it to a writer and back cost two
            // thread hops, which a quiet service would see as latency.
            try
            {
                return await StoreAloneAsync(fight, activity);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
        var pending = new PendingFight(fight, activity?.Context ?? default);
        if (!_queue.Writer.TryWrite(pending))
        {
            // Stopping: the writers are draining the queue; a late request is stored on its own.
            return await StoreAloneAsync(fight, activity);
        }
        var stored = await WaitForBatchAsync(pending);
        activity?.SetTag("fights.batch.size", pending.BatchSize);
        if (pending.Batch != default && pending.Batch.TraceId != activity?.TraceId)
        {
            activity?.AddLink(new ActivityLink(pending.Batch));
        }
        return stored;
    }

    // A batch stuck on a hung server holds its writer for the request bound; a fight queued behind it would wait for
    // that batch and then for its own, so its wait is bounded here as a request's wait for the database is. It may
    // still be written once a writer is free: the answer says so (DatabaseProblems.TimeoutDetail).
    private static async Task<Fight> WaitForBatchAsync(PendingFight pending)
    {
        try
        {
            return await pending.Done.Task.WaitAsync(DatabaseTimeouts.RequestBound);
        }
        catch (TimeoutException e)
        {
            throw new NpgsqlException("The fight's batch was not committed within the request bound.", e);
        }
    }

    private async Task<Fight> StoreAloneAsync(Fight fight, Activity? activity)
    {
        var stored = await store.InsertAsync(fight, CancellationToken.None);
        metrics.RecordBatch(1);
        activity?.SetTag("fights.batch.size", 1);
        return stored;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // The loops end when the queue is completed and empty, not on the token: queued fights are still stored.
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingFight>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            if (batch.Count > 0)
            {
                Interlocked.Increment(ref _inFlight);
                try
                {
                    await WriteAsync(batch);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
                batch.Clear();
            }
        }
    }

    private async Task WriteAsync(List<PendingFight> batch)
    {
        var links = batch.Skip(1).Where(p => p.Context != default).Select(p => new ActivityLink(p.Context));
        using var activity = Source.StartActivity("insert fights", ActivityKind.Internal, batch[0].Context, links: links);
        activity?.SetTag("fights.batch.size", batch.Count);
        try
        {
            var stored = await store.InsertAsync(batch.Select(p => p.Fight).ToList(), CancellationToken.None);
            metrics.RecordBatch(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(stored[i], activity?.Context ?? default, batch.Count);
            }
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // The server refused the statement, so nothing of it was stored. One fight's bad value (a NUL character in
            // a posted name, say) must not fail the fights that happened to share its batch: each is tried alone.
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    private sealed class PendingFight(Fight fight, ActivityContext context)
    {
        public Fight Fight { get; } = fight;
        public ActivityContext Context { get; } = context;
        public TaskCompletionSource<Fight> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ActivityContext Batch { get; private set; }
        public int BatchSize { get; private set; }

        public void Complete(Fight stored, ActivityContext batch, int size)
        {
            Batch = batch;
            BatchSize = size;
            Done.TrySetResult(stored);
        }
    }
}
