using Npgsql;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>
/// The connections of one process to one database: an <see cref="NpgsqlDataSource"/> (Npgsql's
/// pool) with automatic preparation on, so each statement the store runs more than once becomes a
/// server-side prepared statement on every physical connection that runs it.
/// </summary>
internal sealed class PostgresConnectionPool : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    public PostgresConnectionPool(string connectionString)
        : this(CreateDataSource(connectionString), ownsDataSource: true)
    {
    }

    /// <summary>A pool over <paramref name="dataSource"/>; disposing the pool disposes it only when <paramref name="ownsDataSource"/>.</summary>
    public PostgresConnectionPool(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Npgsql's pool for <paramref name="connectionString"/>, with automatic preparation on unless the string sets its own.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings = new(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 128;
            settings.AutoPrepareMinUsages = 2;
        }

        return new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
    }

    /// <summary>A connection for this caller alone until the lease is disposed.</summary>
    public async ValueTask<ConnectionLease> RentAsync(CancellationToken cancellationToken) =>
        new(new PooledConnection(await _dataSource.OpenConnectionAsync(cancellationToken)));

    /// <summary>A connection inside a SERIALIZABLE transaction.</summary>
    public async ValueTask<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken) =>
        await WriteTransaction.BeginAsync(await RentAsync(cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;
}
