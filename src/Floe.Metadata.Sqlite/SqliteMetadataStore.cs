using Floe.Core.Metadata;
using Floe.Metadata.Sqlite.Connections;
using Floe.Metadata.Sqlite.Schema;

namespace Floe.Metadata.Sqlite;

/// <summary>
/// The metadata store on one SQLite file, shared by every thread of this process and by other
/// processes on the same machine (WAL: readers never wait for the writer; writers take turns).
/// Each role of <see cref="IMetadataStore"/> lives in its own part of this class.
/// Construction does no I/O; call <see cref="MigrateAsync"/> before first use.
/// </summary>
public sealed partial class SqliteMetadataStore : IMetadataStore, IAsyncDisposable
{
    private readonly SqliteConnectionPool _pool;
    private readonly TimeProvider _clock;

    /// <param name="options">The database file and connection limits.</param>
    /// <param name="timeProvider">The clock for <c>created_on</c> and <c>updated_on</c>.</param>
    public SqliteMetadataStore(SqliteMetadataOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BusyTimeout, TimeSpan.Zero);
        _pool = new SqliteConnectionPool(options);
        _clock = timeProvider;
    }

    public async ValueTask MigrateAsync(CancellationToken cancellationToken)
    {
        await SchemaMigrator.EnsureKnownVersionAsync(_pool, cancellationToken);
        await SchemaMigrator.MigrateAsync(_pool, cancellationToken);
    }

    /// <summary>Closes the idle connections; connections in use close when they come back.</summary>
    public ValueTask DisposeAsync()
    {
        _pool.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>For tests of this backend: a connection to inspect the database with.</summary>
    internal ValueTask<ConnectionLease> RentConnectionForTestsAsync(CancellationToken cancellationToken) =>
        _pool.RentAsync(cancellationToken);

    private long Now() => SqliteValues.ToUnixMilliseconds(_clock.GetUtcNow());
}
