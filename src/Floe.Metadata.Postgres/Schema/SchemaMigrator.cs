using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres.Schema;

/// <summary>
/// Applies the <see cref="Migrations"/> a database lacks in one transaction that first takes a
/// transaction-level advisory lock: when several nodes start at once, one migrates and the others
/// wait for its commit, then find every step recorded in <c>schema_version</c> and apply nothing.
/// PostgreSQL's DDL is transactional, so a failed step leaves the database as it was.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The advisory lock key of Floe's schema migration (an arbitrary constant; "floe" in ASCII).</summary>
    private const long LockKey = 0x666C6F65;

    private const string LockSql = "SELECT pg_advisory_xact_lock($key)";

    private const string CreateVersionTableSql = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_on  TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """;

    private const string ReadVersionSql = "SELECT coalesce(max(version), 0) FROM schema_version";

    private const string RecordVersionSql = "INSERT INTO schema_version (version, description) VALUES ($version, $description)";

    public static async ValueTask MigrateAsync(PostgresConnectionPool pool, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await pool.RentAsync(cancellationToken);
        PooledConnection connection = lease.Connection;
        await using NpgsqlTransaction transaction = await connection.BeginAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await MigrateWithinAsync(connection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the migration lock for the open transaction of <paramref name="connection"/>: until it
    /// ends, no node migrates (or copies into) this database. Taking it again in the same transaction is a no-op.
    /// </summary>
    public static async ValueTask LockAsync(PooledConnection connection, CancellationToken cancellationToken)
    {
        using NpgsqlCommand command = connection.OneOffCommand(LockSql).With("$key", LockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The migration inside the caller's open transaction, which commits or rolls back all of it.</summary>
    public static async ValueTask MigrateWithinAsync(PooledConnection connection, CancellationToken cancellationToken)
    {
        await LockAsync(connection, cancellationToken);
        await ExecuteAsync(connection, CreateVersionTableSql, cancellationToken);
        long version;
        using (NpgsqlCommand command = connection.OneOffCommand(ReadVersionSql))
        {
            version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (version > Migrations.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The metadata database has schema version {version}, newer than the {Migrations.LatestVersion} this Floe knows; upgrade Floe.");
        }

        foreach (Migration migration in Migrations.All.Where(migration => migration.Version > version))
        {
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            using NpgsqlCommand record = connection.OneOffCommand(RecordVersionSql)
                .With("$version", (long)migration.Version)
                .With("$description", migration.Description);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Schema text has no parameters; it runs as written (a <c>$</c> in it is not a parameter).</summary>
    private static async ValueTask ExecuteAsync(PooledConnection connection, string sql, CancellationToken cancellationToken)
    {
        using NpgsqlCommand command = connection.OneOffCommand(string.Empty);
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
