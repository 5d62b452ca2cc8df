using Floe.Core.Metadata;
using Floe.Metadata.Postgres.Connections;
using Floe.Metadata.Postgres.Schema;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>
/// The metadata store on one PostgreSQL database, shared by every node of a deployment. Reads run
/// on pooled connections outside a transaction; every write runs in a SERIALIZABLE transaction that
/// is run again when PostgreSQL reports that a concurrent node made it unserializable, so the
/// read-then-write sequences (grants, ownership, role cycles, provisioning) behave as if the nodes
/// took turns. Each role of <see cref="IMetadataStore"/> lives in its own part of this class.
/// Construction does no I/O; call <see cref="MigrateAsync"/> before first use.
/// </summary>
internal sealed partial class PostgresMetadataStore : IMetadataStore, IAsyncDisposable
{
    private readonly PostgresConnectionPool _pool;
    private readonly TimeProvider _clock;
    private readonly string _where;

    /// <param name="options">The database to use.</param>
    /// <param name="timeProvider">The clock for <c>created_on</c> and <c>updated_on</c>.</param>
    public PostgresMetadataStore(PostgresMetadataOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        _pool = new PostgresConnectionPool(options.ConnectionString);
        _clock = timeProvider;
        _where = Describe(options.ConnectionString);
    }

    /// <summary>For tests: a store on a data source the caller keeps and disposes (warm connections across tests).</summary>
    internal PostgresMetadataStore(NpgsqlDataSource sharedDataSource, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sharedDataSource);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _pool = new PostgresConnectionPool(sharedDataSource, ownsDataSource: false);
        _clock = timeProvider;
        _where = Describe(sharedDataSource.ConnectionString);
    }

    /// <summary>
    /// Brings the schema up to date (the first use of the database). A server that cannot be reached,
    /// refused credentials or a missing database is a <see cref="MetadataStoreUnavailableException"/>
    /// that names the database but not the password.
    /// </summary>
    public async ValueTask MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SchemaMigrator.MigrateAsync(_pool, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("28", StringComparison.Ordinal) || ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // 28xxx: invalid authorization (wrong password, no such role, pg_hba refusal); 3D000: no such database.
            throw new MetadataStoreUnavailableException($"PostgreSQL at {_where} refused the connection: {ex.MessageText}", ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            throw new MetadataStoreUnavailableException($"cannot reach PostgreSQL at {_where}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    /// <summary>Host, port, database and user of a connection string: enough to find the mistake, no password.</summary>
    private static string Describe(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder = new(connectionString);
        return $"{builder.Host}:{builder.Port} (database '{builder.Database}', user '{builder.Username}')";
    }

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>For tests of this backend: a connection to inspect the database with.</summary>
    internal ValueTask<ConnectionLease> RentConnectionForTestsAsync(CancellationToken cancellationToken) =>
        _pool.RentAsync(cancellationToken);

    private long Now() => PostgresValues.ToUnixMilliseconds(_clock.GetUtcNow());

    /// <summary>
    /// Runs <paramref name="work"/> in one SERIALIZABLE transaction (given the clock's now) and commits
    /// it; on a serialization failure, deadlock or concurrent duplicate the whole unit runs again, so
    /// <paramref name="work"/> must only touch the database and its own locals.
    /// </summary>
    private async ValueTask<T> WriteAsync<T>(Func<PooledConnection, long, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using WriteTransaction write = await _pool.BeginWriteAsync(cancellationToken);
                T result = await work(write.Connection, Now());
                await write.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException exception) when (TransactionRetry.IsRetryable(exception, attempt))
            {
                await TransactionRetry.BackOffAsync(attempt, cancellationToken);
            }
        }
    }

    /// <summary><see cref="WriteAsync{T}"/> for work with no result.</summary>
    private async ValueTask WriteAsync(Func<PooledConnection, long, ValueTask> work, CancellationToken cancellationToken) =>
        await WriteAsync<bool>(async (connection, now) =>
        {
            await work(connection, now);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a rented connection, outside any transaction.</summary>
    private async ValueTask<T> ReadAsync<T>(Func<PooledConnection, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return await work(lease.Connection);
    }
}
