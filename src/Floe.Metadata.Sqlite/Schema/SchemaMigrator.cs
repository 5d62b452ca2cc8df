using System.Globalization;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Applies the <see cref="Migrations"/> a database lacks, each in its own <c>BEGIN IMMEDIATE</c>
/// transaction that first re-reads the version: when several processes start at once, one applies
/// a step and the others, waiting for the write lock, find it done and move on.
/// </summary>
internal static class SchemaMigrator
{
    public static async ValueTask MigrateAsync(SqliteConnectionPool pool, CancellationToken cancellationToken)
    {
        foreach (Migration migration in Migrations.All)
        {
            using WriteTransaction write = await pool.BeginWriteAsync(cancellationToken);
            long version = await ReadVersionAsync(write.Connection, cancellationToken);
            if (version >= migration.Version)
            {
                continue;
            }

            using (SqliteCommand step = write.Connection.OneOffCommand(migration.Sql + ";\n" + SetVersionSql(migration.Version)))
            {
                await step.ExecuteNonQueryAsync(cancellationToken);
            }

            await write.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Fails when the file was written by a newer Floe, whose schema this code does not know.</summary>
    public static async ValueTask EnsureKnownVersionAsync(SqliteConnectionPool pool, CancellationToken cancellationToken)
    {
        using ConnectionLease lease = await pool.RentAsync(cancellationToken);
        long version = await ReadVersionAsync(lease.Connection, cancellationToken);
        if (version > Migrations.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The metadata database has schema version {version}, newer than the {Migrations.LatestVersion} this Floe knows; upgrade Floe.");
        }
    }

    private static async ValueTask<long> ReadVersionAsync(PooledConnection connection, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.OneOffCommand("PRAGMA user_version");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // PRAGMA takes no parameters; the version is our own integer.
    private static string SetVersionSql(int version) =>
        string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version};");
}
