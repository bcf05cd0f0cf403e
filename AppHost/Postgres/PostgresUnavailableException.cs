namespace SuperHeroes.Postgres;

/// <summary>No way to provide PostgreSQL works here; the message says what to do, and the AppHost exits with it.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
