namespace Floe.Metadata.Sqlite;

/// <summary>Where the SQLite metadata database lives and how it is shared.</summary>
public sealed record SqliteMetadataOptions
{
    /// <summary>The database file; its directory is created when missing. Every node on the machine may open the same file.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// How many connections this process keeps open at most. Readers run in parallel (WAL);
    /// writers take turns, so more connections only help concurrent reads.
    /// </summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>How long a statement waits for another connection's write lock before failing with <c>SQLITE_BUSY</c>.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
