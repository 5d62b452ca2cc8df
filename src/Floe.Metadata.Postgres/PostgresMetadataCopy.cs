using System.Data.Common;
using System.Globalization;
using Floe.Core.Metadata.Copy;
using Floe.Metadata.Postgres.Connections;
using Floe.Metadata.Postgres.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Floe.Metadata.Postgres;

/// <summary>One table copied: its name and how many rows went in.</summary>
public sealed record CopiedTable(string Name, long Rows);

/// <summary>
/// Copies every table of another metadata store (<see cref="IMetadataTableSource"/>) into an empty
/// PostgreSQL database, in ONE transaction: take the migration lock, refuse a database that already
/// has Floe's schema, create the schema, binary-COPY each table in foreign-key order, set each
/// identity past the highest id the source ever gave, commit. A failure anywhere rolls all of it back,
/// so the target is either a complete copy or as empty as before. See docs/design/metadata-copy.md.
/// </summary>
public static class PostgresMetadataCopy
{
    /// <summary>
    /// The tables of the latest schema version in an order their foreign keys allow: every table after the
    /// tables it references. A table added by a later step must be added here; until it is, the copy
    /// refuses to run (the target would have a table the copier does not know).
    /// </summary>
    private static readonly string[] TableOrder =
    [
        "accounts", "repositories", "images", "blobs", "blob_links", "manifests", "manifest_blobs",
        "manifest_children", "tags", "uploads", "databases", "schemas", "roles", "role_edges",
        "authentication_policies", "users", "user_roles", "grants", "future_grants", "access_tokens",
        "sessions", "refresh_tokens", "signing_keys", "login_history", "query_history", "registry_history", "blob_leases", "blob_tombstones", "security_integrations", "data_protection_keys", SecurityVersionTable,
    ];

    /// <summary>
    /// Copied last of all, after the late columns: every row copied into the other tables fires the
    /// triggers that bump the version, so the row they made is replaced by the source's own.
    /// </summary>
    private const string SecurityVersionTable = "security_version";

    /// <summary>
    /// Columns that reference a table copied after their own (the one cycle of the schema: an account's
    /// authentication policy lives in a schema of that account). They go in as NULL and are set, by
    /// <c>id</c>, once every table is in.
    /// </summary>
    private static readonly Dictionary<string, string[]> LateColumns = new(StringComparer.Ordinal)
    {
        ["accounts"] = ["authentication_policy_id"],
    };

    private const string FloeTablesPresentSql = """
        SELECT coalesce(string_agg(table_name, ', ' ORDER BY table_name), '')
        FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name = ANY($names)
        """;

    private const string ColumnsSql = """
        SELECT table_name, column_name, data_type, is_identity = 'YES'
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND is_generated <> 'ALWAYS'
        ORDER BY table_name, ordinal_position
        """;

    private const string SchemaTablesSql = """
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'
        """;

    /// <summary>
    /// Copies <paramref name="source"/> into the database of <paramref name="connectionString"/>.
    /// </summary>
    /// <returns>Every table with the rows copied into it, in the order they were copied.</returns>
    /// <exception cref="MetadataCopyException">The target is not empty, or the two schemas do not match table for table and column for column.</exception>
    public static async ValueTask<IReadOnlyList<CopiedTable>> CopyAsync(
        IMetadataTableSource source, string connectionString, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using PostgresConnectionPool pool = new(connectionString);
        using ConnectionLease lease = await pool.RentAsync(cancellationToken);
        PooledConnection connection = lease.Connection;
        await using NpgsqlTransaction transaction = await connection.BeginAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

        // Under the lock no `floe serve` can migrate this database between the check and the copy.
        await SchemaMigrator.LockAsync(connection, cancellationToken);
        await EnsureEmptyAsync(connection, cancellationToken);
        await SchemaMigrator.MigrateWithinAsync(connection, cancellationToken);

        Dictionary<string, List<TargetColumn>> target = await ReadTargetColumnsAsync(connection, cancellationToken);
        CheckSchemasMatch(source, target);

        List<CopiedTable> copied = [];
        foreach (string table in TableOrder.Where(table => table != SecurityVersionTable))
        {
            string[] late = LateColumns.GetValueOrDefault(table) ?? [];
            List<TargetColumn> columns = target[table].Where(column => !late.Contains(column.Name, StringComparer.Ordinal)).ToList();
            copied.Add(new CopiedTable(table, await CopyTableAsync(source, connection, table, columns, cancellationToken)));
        }

        foreach ((string table, string[] late) in LateColumns)
        {
            await SetLateColumnsAsync(source, connection, table, late, cancellationToken);
        }

        using (NpgsqlCommand clear = connection.OneOffCommand("DELETE FROM security_version"))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        copied.Add(new CopiedTable(SecurityVersionTable, await CopyTableAsync(source, connection, SecurityVersionTable, target[SecurityVersionTable], cancellationToken)));

        foreach (string table in TableOrder)
        {
            if (target[table].Any(column => column.IsIdentity))
            {
                await ContinueIdentityAsync(source, connection, table, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    /// <summary>
    /// The target must not hold Floe's schema, not even empty tables: a database a node has already
    /// migrated may be in use, and merging two installs' ids is not a copy.
    /// </summary>
    private static async ValueTask EnsureEmptyAsync(PooledConnection connection, CancellationToken cancellationToken)
    {
        using NpgsqlCommand command = connection.OneOffCommand(FloeTablesPresentSql)
            .With("$names", (string[])[.. TableOrder, "schema_version"]);
        string present = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (present.Length > 0)
        {
            throw new MetadataCopyException(
                $"The PostgreSQL database is not empty: it already has Floe's tables ({present}). Copy into a new, empty database (CREATE DATABASE ...), or drop those tables first.");
        }
    }

    private static async ValueTask<Dictionary<string, List<TargetColumn>>> ReadTargetColumnsAsync(
        PooledConnection connection, CancellationToken cancellationToken)
    {
        Dictionary<string, List<TargetColumn>> tables = new(StringComparer.Ordinal);
        using (NpgsqlCommand command = connection.OneOffCommand(SchemaTablesSql))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables[reader.GetString(0)] = [];
            }
        }

        using (NpgsqlCommand command = connection.OneOffCommand(ColumnsSql))
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (tables.TryGetValue(reader.GetString(0), out List<TargetColumn>? columns))
                {
                    columns.Add(new TargetColumn(reader.GetString(1), TypeOf(reader.GetString(0), reader.GetString(1), reader.GetString(2)), reader.GetBoolean(3)));
                }
            }
        }

        return tables;
    }

    /// <summary>Table for table and column for column, or the copy does not start: nothing may be left behind or made up.</summary>
    private static void CheckSchemasMatch(IMetadataTableSource source, Dictionary<string, List<TargetColumn>> target)
    {
        List<string> problems = [];
        problems.AddRange(target.Keys.Except(TableOrder, StringComparer.Ordinal)
            .Select(table => $"the PostgreSQL schema has a table {table} the copier does not know"));
        problems.AddRange(TableOrder.Except(target.Keys, StringComparer.Ordinal)
            .Select(table => $"the PostgreSQL schema has no table {table}"));
        problems.AddRange(source.Tables.Keys.Except(TableOrder, StringComparer.Ordinal)
            .Select(table => $"the source has a table {table} that PostgreSQL does not"));
        problems.AddRange(TableOrder.Except(source.Tables.Keys, StringComparer.Ordinal)
            .Select(table => $"the source has no table {table}"));
        foreach (string table in TableOrder.Where(table => target.ContainsKey(table) && source.Tables.ContainsKey(table)))
        {
            IEnumerable<string> targetColumns = target[table].Select(column => column.Name);
            problems.AddRange(source.Tables[table].Except(targetColumns, StringComparer.Ordinal)
                .Select(column => $"the source column {table}.{column} has no PostgreSQL column"));
            problems.AddRange(targetColumns.Except(source.Tables[table], StringComparer.Ordinal)
                .Select(column => $"the PostgreSQL column {table}.{column} has no source column"));
        }

        if (problems.Count > 0)
        {
            throw new MetadataCopyException(
                $"The schemas of {source.Description} and PostgreSQL (version {Migrations.LatestVersion}) do not match, so nothing was copied: "
                + string.Join("; ", problems) + ".");
        }
    }

    private static async ValueTask<long> CopyTableAsync(
        IMetadataTableSource source, PooledConnection connection, string table, List<TargetColumn> columns, CancellationToken cancellationToken)
    {
        string columnList = string.Join(", ", columns.Select(column => Quote(column.Name)));
        await using DbDataReader rows = await source.ReadAsync(table, [.. columns.Select(column => column.Name)], cancellationToken);
        // COPY writes identity columns as given, like INSERT ... OVERRIDING SYSTEM VALUE: every id keeps its value.
        await using NpgsqlBinaryImporter import = await connection.BeginBinaryImportAsync(
            $"COPY {Quote(table)} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            await import.StartRowAsync(cancellationToken);
            for (int i = 0; i < columns.Count; i++)
            {
                if (await rows.IsDBNullAsync(i, cancellationToken))
                {
                    await import.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await import.WriteAsync(rows.GetValue(i), columns[i].Type, cancellationToken);
                }
            }
        }

        return (long)await import.CompleteAsync(cancellationToken);
    }

    private static async ValueTask SetLateColumnsAsync(
        IMetadataTableSource source, PooledConnection connection, string table, string[] late, CancellationToken cancellationToken)
    {
        string assignments = string.Join(", ", late.Select((column, i) => $"{Quote(column)} = $v{i.ToString(CultureInfo.InvariantCulture)}"));
        await using DbDataReader rows = await source.ReadAsync(table, ["id", .. late], cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            using NpgsqlCommand update = connection.OneOffCommand($"UPDATE {Quote(table)} SET {assignments} WHERE id = $id")
                .With("$id", rows.GetInt64(0));
            for (int i = 0; i < late.Length; i++)
            {
                update.With("$v" + i.ToString(CultureInfo.InvariantCulture), rows.IsDBNull(i + 1) ? (long?)null : rows.GetInt64(i + 1));
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The next id PostgreSQL gives is one past the highest the source ever gave, so no id comes back.</summary>
    private static async ValueTask ContinueIdentityAsync(
        IMetadataTableSource source, PooledConnection connection, string table, CancellationToken cancellationToken)
    {
        long highest = await source.HighestIdAsync(table, cancellationToken);
        if (highest < 1)
        {
            return;
        }

        using NpgsqlCommand command = connection.OneOffCommand("SELECT setval(pg_get_serial_sequence($table, 'id'), $highest)")
            .With("$table", Quote(table))
            .With("$highest", highest);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static NpgsqlDbType TypeOf(string table, string column, string dataType) => dataType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "text" => NpgsqlDbType.Text,
        "bytea" => NpgsqlDbType.Bytea,
        _ => throw new MetadataCopyException($"The PostgreSQL column {table}.{column} has type {dataType}, which the copier does not map."),
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record TargetColumn(string Name, NpgsqlDbType Type, bool IsIdentity);
}
