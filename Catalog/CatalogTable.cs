using SuperHeroes.Catalog.Data;

namespace SuperHeroes.Catalog;

/// <summary>
/// SQL for a catalog table whose rows also hold a <c>slot</c>. The slots are always exactly 0..n-1, so a uniformly
/// random row is one index lookup whatever the ids' gaps and whatever the table size (the Python system's
/// <c>id &gt;= random</c> pick is skewed by id gaps; <c>ORDER BY random()</c> scans the table). Writers keep the
/// slots dense under one advisory lock per table; readers never lock.
/// </summary>
/// <remarks>
/// Table names are the only part that differs between catalogs, and identifiers cannot be SQL parameters, so each
/// statement is composed once per table; every value is still a parameter.
/// </remarks>
public sealed class CatalogTable(string table, string columns)
{
    public string Name => table;

    /// <summary>The columns read into the row record, aliased to its property names.</summary>
    public string Columns => columns;

    public string SlotColumnDefinition { get; } = $"slot integer NOT NULL CHECK (slot >= 0), CONSTRAINT {table}_slot_key UNIQUE (slot)";

    public string Lock { get; } = SchemaInitializer.LockSql(table);

    public string GetById { get; } = $"SELECT {columns} FROM {table} WHERE id = @id";

    // @count independent uniform slots (repeats allowed); max(slot) is read once from the end of the slot index
    // (an InitPlan), then each slot is one index lookup, so the cost does not grow with the table.
    public string GetRandom { get; } = $"""
        SELECT {columns} FROM {table} t
        JOIN (SELECT floor(random() * (SELECT max(slot) + 1 FROM {table}))::integer AS slot
              FROM generate_series(1, @count)) drawn ON t.slot = drawn.slot
        """;

    // The practice bottleneck RandomByFullScan: the textbook random row, which reads and sorts the whole table.
    public string GetRandomByFullScan { get; } = $"SELECT {columns} FROM {table} ORDER BY random() LIMIT 1";

    /// <summary>The slot a new row takes; valid only under <see cref="Lock"/>.</summary>
    public string NextSlot { get; } = $"(SELECT coalesce(max(slot) + 1, 0) FROM {table})";

    public string Delete { get; } = $"DELETE FROM {table} WHERE id = @id RETURNING slot";

    // The last slot moves into the freed one, so the slots stay 0..n-1.
    public string FillSlot { get; } = $"""
        UPDATE {table} SET slot = @freed
        WHERE slot = (SELECT max(slot) FROM {table}) AND slot > @freed
        """;

    public string DeleteAll { get; } = $"TRUNCATE {table}";

    // One row read at most, whatever the table size (a count would scan all of them).
    public string IsEmpty { get; } = $"SELECT NOT EXISTS (SELECT 1 FROM {table})";
}
