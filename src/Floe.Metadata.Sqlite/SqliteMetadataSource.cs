using System.Data.Common;
using System.Globalization;
using Floe.Core.Metadata.Copy;
using Floe.Metadata.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>
/// The tables of a SQLite metadata file, read for <c>floe metadata copy</c>. One connection holds one
/// read transaction from open to dispose, so every table comes from the same snapshot even if a
/// writer were to run meanwhile (WAL mode keeps a reader's snapshot). The file is opened without
/// creating it and nothing is written to it. Only a file at this build's schema version is read: an
/// older one is upgraded by starting <c>floe serve</c> on it once, a newer one needs a newer Floe.
/// </summary>
public sealed class SqliteMetadataSource : IMetadataTableSource
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _snapshot;
    private readonly List<SqliteCommand> _commands = [];

    private SqliteMetadataSource(SqliteConnection connection, SqliteTransaction snapshot, string description,
        IReadOnlyDictionary<string, IReadOnlyList<string>> tables)
    {
        _connection = connection;
        _snapshot = snapshot;
        Description = description;
        Tables = tables;
    }

    public string Description { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tables { get; }

    /// <summary>The schema version this build writes and reads; a file must be at it to be copied.</summary>
    public static int SchemaVersion => Migrations.LatestVersion;

    /// <summary>Opens <paramref name="databasePath"/> and takes the snapshot every later read sees.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="databasePath"/>.</exception>
    /// <exception cref="MetadataCopyException">The file's schema version is not <see cref="SchemaVersion"/>.</exception>
    public static async ValueTask<SqliteMetadataSource> OpenAsync(string databasePath, CancellationToken cancellationToken)
    {
        string path = Path.GetFullPath(databasePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no SQLite metadata database at {path}.", path);
        }

        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            // A deferred transaction takes its snapshot at its first read, the version check below.
            SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
            long version = await ScalarAsync(connection, snapshot, "PRAGMA user_version", cancellationToken);
            if (version != SchemaVersion)
            {
                throw new MetadataCopyException(version < SchemaVersion
                    ? $"The SQLite metadata database {path} has schema version {version}, older than the {SchemaVersion} this Floe copies; start 'floe serve' on it once to upgrade it, stop it, then copy."
                    : $"The SQLite metadata database {path} has schema version {version}, newer than the {SchemaVersion} this Floe knows; copy it with the Floe that wrote it.");
            }

            Dictionary<string, IReadOnlyList<string>> tables = new(StringComparer.Ordinal);
            foreach (string table in await ReadTableNamesAsync(connection, snapshot, cancellationToken))
            {
                tables[table] = await ReadStoredColumnsAsync(connection, snapshot, table, cancellationToken);
            }

            string description = string.Create(CultureInfo.InvariantCulture, $"SQLite metadata {path} (schema version {version})");
            return new SqliteMetadataSource(connection, snapshot, description, tables);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<DbDataReader> ReadAsync(string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> known = KnownColumns(table);
        foreach (string column in columns)
        {
            if (!known.Contains(column, StringComparer.Ordinal))
            {
                throw new MetadataCopyException($"The SQLite table {table} has no column {column}.");
            }
        }

        // Names are checked against the file's own catalog above and quoted; there are no values in the text.
        SqliteCommand command = Command($"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)}");
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, cancellationToken);
    }

    public async ValueTask<long> HighestIdAsync(string table, CancellationToken cancellationToken)
    {
        if (!KnownColumns(table).Contains("id", StringComparer.Ordinal))
        {
            return 0;
        }

        // AUTOINCREMENT remembers the highest id ever given in sqlite_sequence, deleted rows included.
        SqliteCommand command = Command(
            $"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = $table), 0), coalesce((SELECT max(id) FROM {Quote(table)}), 0))");
        command.Parameters.AddWithValue("$table", table);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SqliteCommand command in _commands)
        {
            await command.DisposeAsync();
        }

        await _snapshot.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private IReadOnlyList<string> KnownColumns(string table) =>
        Tables.TryGetValue(table, out IReadOnlyList<string>? columns)
            ? columns
            : throw new MetadataCopyException($"The SQLite metadata database has no table {table}.");

    /// <summary>A command in the snapshot's transaction, disposed with the source (a reader handed out outlives its method).</summary>
    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = new(sql, _connection, _snapshot);
        _commands.Add(command);
        return command;
    }

    private static async ValueTask<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = new(sql, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Floe's tables, without SQLite's own and without <c>tag_version</c>: that counter is this store's
    /// cache key (step 13), not data; PostgreSQL keeps no such counter.
    /// </summary>
    private static async ValueTask<List<string>> ReadTableNamesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = new(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'tag_version' ORDER BY name", connection, transaction);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<string> names = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The table's columns in declaration order; <c>hidden</c> is 0 for a stored column, 2 or 3 for a generated one.</summary>
    private static async ValueTask<IReadOnlyList<string>> ReadStoredColumnsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = new("SELECT name FROM pragma_table_xinfo($table) WHERE hidden = 0 ORDER BY cid", connection, transaction);
        command.Parameters.AddWithValue("$table", table);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<string> columns = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
