using System.Diagnostics;

namespace SuperHeroes.Catalog;

/// <summary>
/// Serves uniformly random rows from batches drawn in one query. Every row of a batch is an independent uniform
/// draw (with replacement) and the batch is shuffled, so each answer is uniform; a batch is dropped when a write
/// through this service changes the table, and when it is older than <see cref="MaxAge"/> (the bound on how long a
/// row changed behind the service's back can still be served). The batch grows while batches run out before
/// they age and shrinks while they age unused, so a busy service makes one query per up to 1,024 answers and an
/// idle one fetches a few rows at a time.
/// </summary>
public sealed class RandomRowBuffer<T>
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    public const int MinBatch = 8;
    public const int MaxBatch = 1024;

    private readonly SemaphoreSlim _refill = new(1, 1);
    private Batch? _current;
    private int _generation;
    private int _batchSize = MinBatch;

    /// <summary>Drops the current batch: the table changed.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <param name="fetch">Draws the given number of uniformly random rows (none when the table is empty).</param>
    public async Task<T?> NextAsync(Func<int, CancellationToken, Task<IReadOnlyList<T>>> fetch, CancellationToken ct)
    {
        while (true)
        {
            var batch = Volatile.Read(ref _current);
            if (batch is not null && IsCurrent(batch))
            {
                if (batch.Rows.Length == 0)
                    return default;
                var index = Interlocked.Increment(ref batch.Taken) - 1;
                if (index < batch.Rows.Length)
                    return batch.Rows[index];
            }

            await _refill.WaitAsync(ct);
            try
            {
                // Another caller may have refilled while this one waited.
                if (ReferenceEquals(Volatile.Read(ref _current), batch))
                    await RefillAsync(batch, fetch, ct);
            }
            finally
            {
                _refill.Release();
            }
        }
    }

    private bool IsCurrent(Batch batch) =>
        batch.Generation == Volatile.Read(ref _generation) && Stopwatch.GetElapsedTime(batch.FetchedAt) < MaxAge;

    private async Task RefillAsync(Batch? previous, Func<int, CancellationToken, Task<IReadOnlyList<T>>> fetch, CancellationToken ct)
    {
        if (previous is { Rows.Length: > 0 })
        {
            var used = Math.Min(Volatile.Read(ref previous.Taken), previous.Rows.Length);
            _batchSize = used >= previous.Rows.Length ? Math.Min(_batchSize * 2, MaxBatch)
                : used < previous.Rows.Length / 2 ? Math.Max(_batchSize / 2, MinBatch)
                : _batchSize;
        }

        var generation = Volatile.Read(ref _generation);
        var started = Stopwatch.GetTimestamp();
        var rows = (await fetch(_batchSize, ct)).ToArray();
        Random.Shared.Shuffle(rows);
        Volatile.Write(ref _current, new Batch(rows, generation, started));
    }

    private sealed class Batch(T[] rows, int generation, long fetchedAt)
    {
        public readonly T[] Rows = rows;
        public readonly int Generation = generation;
        public readonly long FetchedAt = fetchedAt;
        public int Taken;
    }
}
