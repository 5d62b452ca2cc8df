using Floe.Core.Metadata.History;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>Login, query and registry history: appended in batches, read newest first, pruned by age.</summary>
public sealed partial class SqliteMetadataStore
{
    private const string LoginColumns =
        "event_timestamp, user_name, client_ip, client_type, first_authentication_factor, is_success, error_code, error_message";

    private const string QueryColumns =
        "query_id, query_text, query_type, user_name, role_name, database_name, schema_name, execution_status, error_code, error_message, start_time, end_time, rows_produced";

    private const string RegistryColumns =
        "event_timestamp, user_name, role_name, action, repository, image, tag, digest, client_ip";

    // A login row is written for every token request and a registry row for every pull, so both are one
    // row of VALUES bound by position through SQLite's own API (PositionalStatement), in column order.
    // Not INSERT ... SELECT ... WHERE EXISTS, as the query rows below are: an INSERT that may write
    // several rows opens a statement journal, which inside the write's savepoint copied every page the
    // row touched (about three 4 KiB pages) to a temporary file. The account's foreign key refuses the
    // row of an account dropped since instead, before anything is written, and TryInsert skips it.
    internal static readonly SqlStatement InsertLoginSql = new($"""
        INSERT INTO login_history (account_id, {LoginColumns})
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
        """);

    internal static readonly SqlStatement InsertRegistrySql = new($"""
        INSERT INTO registry_history (account_id, {RegistryColumns})
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """);

    // A row per statement run, far fewer: INSERT ... SELECT ... WHERE EXISTS leaves out an event of an
    // account dropped since it happened.
    internal static readonly SqlStatement InsertQuerySql = new($"""
        INSERT INTO query_history (account_id, {QueryColumns})
        SELECT $account_id, $query_id, $query_text, $query_type, $user_name, $role_name, $database_name, $schema_name,
               $execution_status, $error_code, $error_message, $start_time, $end_time, $rows_produced
        WHERE EXISTS (SELECT 1 FROM accounts WHERE id = $account_id)
        ON CONFLICT (query_id) DO NOTHING
        """);

    internal static readonly SqlStatement ListLoginsSql = new($"""
        SELECT {LoginColumns}, id FROM login_history
        WHERE account_id = $account_id AND ($user_name IS NULL OR user_name = $user_name)
          AND ($from IS NULL OR event_timestamp >= $from) AND ($to IS NULL OR event_timestamp <= $to)
        ORDER BY event_timestamp DESC, id DESC LIMIT $limit
        """);

    internal static readonly SqlStatement ListQueriesSql = new($"""
        SELECT {QueryColumns} FROM query_history
        WHERE account_id = $account_id AND ($user_name IS NULL OR user_name = $user_name)
          AND ($from IS NULL OR end_time >= $from) AND ($to IS NULL OR end_time <= $to)
        ORDER BY end_time DESC, id DESC LIMIT $limit
        """);

    internal static readonly SqlStatement ListRegistrySql = new($"""
        SELECT {RegistryColumns}, id FROM registry_history
        WHERE account_id = $account_id AND ($user_name IS NULL OR user_name = $user_name)
          AND ($from IS NULL OR event_timestamp >= $from) AND ($to IS NULL OR event_timestamp <= $to)
        ORDER BY event_timestamp DESC, id DESC LIMIT $limit
        """);

    internal static readonly SqlStatement PruneLoginsSql = new("DELETE FROM login_history WHERE event_timestamp < $cutoff");

    internal static readonly SqlStatement PruneQueriesSql = new("DELETE FROM query_history WHERE end_time < $cutoff");

    // Account by account through (account_id, event_timestamp): the table has no index on time alone.
    internal static readonly SqlStatement PruneRegistrySql = new(
        "DELETE FROM registry_history WHERE account_id IN (SELECT id FROM accounts) AND event_timestamp < $cutoff");

    public ValueTask AppendHistoryAsync(HistoryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.IsEmpty ? ValueTask.CompletedTask : AppendAsync();

        async ValueTask AppendAsync() => await WriteAsync(async (connection, _) =>
        {
            InsertEach(connection, InsertLoginSql, batch.Logins, static (insert, login) => insert
                .Bind(1, login.AccountId)
                .Bind(2, SqliteValues.ToUnixMilliseconds(login.EventTimestamp))
                .Bind(3, login.UserName)
                .Bind(4, login.ClientIp)
                .Bind(5, login.ClientType)
                .Bind(6, login.FirstAuthenticationFactor)
                .Bind(7, login.IsSuccess ? 1L : 0L)
                .Bind(8, login.ErrorCode)
                .Bind(9, login.ErrorMessage));

            foreach (QueryEvent query in batch.Queries)
            {
                await connection.Command(InsertQuerySql)
                    .With("$account_id", query.AccountId)
                    .With("$query_id", query.QueryId)
                    .With("$query_text", query.QueryText)
                    .With("$query_type", query.QueryType)
                    .With("$user_name", query.UserName)
                    .With("$role_name", query.RoleName)
                    .With("$database_name", query.DatabaseName)
                    .With("$schema_name", query.SchemaName)
                    .With("$execution_status", query.ExecutionStatus)
                    .With("$error_code", query.ErrorCode)
                    .With("$error_message", query.ErrorMessage)
                    .With("$start_time", query.StartTime)
                    .With("$end_time", query.EndTime)
                    .With("$rows_produced", query.RowsProduced)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            InsertEach(connection, InsertRegistrySql, batch.RegistryEvents, static (insert, registry) => insert
                .Bind(1, registry.AccountId)
                .Bind(2, SqliteValues.ToUnixMilliseconds(registry.EventTimestamp))
                .Bind(3, registry.UserName)
                .Bind(4, registry.RoleName)
                .Bind(5, registry.Action)
                .Bind(6, registry.Repository)
                .Bind(7, registry.Image)
                .Bind(8, registry.Tag)
                .Bind(9, registry.Digest)
                .Bind(10, registry.ClientIp));

            return true;
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<LoginEvent>> ListLoginHistoryAsync(HistoryFilter filter, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListLoginsSql).WithFilter(filter).ReadAllAsync(reader => new LoginEvent(
            filter.AccountId,
            reader.GetTimestamp(0),
            reader.GetString(1),
            reader.GetNullableString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetFlag(5),
            reader.GetNullableString(6),
            reader.GetNullableString(7),
            reader.GetInt64(8)), cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<QueryEvent>> ListQueryHistoryAsync(HistoryFilter filter, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListQueriesSql).WithFilter(filter).ReadAllAsync(reader => new QueryEvent(
            filter.AccountId,
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetNullableString(4),
            reader.GetNullableString(5),
            reader.GetNullableString(6),
            reader.GetString(7),
            reader.GetNullableString(8),
            reader.GetNullableString(9),
            reader.GetTimestamp(10),
            reader.GetTimestamp(11),
            reader.GetInt64(12)), cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<RegistryEvent>> ListRegistryHistoryAsync(HistoryFilter filter, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListRegistrySql).WithFilter(filter).ReadAllAsync(reader => new RegistryEvent(
            filter.AccountId,
            reader.GetTimestamp(0),
            reader.GetString(1),
            reader.GetNullableString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetNullableString(6),
            reader.GetString(7),
            reader.GetNullableString(8),
            reader.GetInt64(9)), cancellationToken), cancellationToken);

    public ValueTask<int> PruneHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
            await connection.Command(PruneLoginsSql).With("$cutoff", cutoff).ExecuteNonQueryAsync(cancellationToken)
            + await connection.Command(PruneQueriesSql).With("$cutoff", cutoff).ExecuteNonQueryAsync(cancellationToken)
            + await connection.Command(PruneRegistrySql).With("$cutoff", cutoff).ExecuteNonQueryAsync(cancellationToken),
            cancellationToken);

    /// <summary>
    /// Inserts each row through one positional statement compiled for the batch; a row whose account is
    /// gone is left out (<see cref="PositionalStatement.TryInsert"/>).
    /// </summary>
    private static void InsertEach<T>(PooledConnection connection, SqlStatement sql, IReadOnlyList<T> rows, Func<PositionalStatement, T, PositionalStatement> bind)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using PositionalStatement insert = connection.PositionalStatement(sql.Text);
        foreach (T row in rows)
        {
            bind(insert, row).TryInsert();
        }
    }
}

/// <summary>Binds a <see cref="HistoryFilter"/>.</summary>
internal static class HistoryParameters
{
    public static SqliteCommand WithFilter(this SqliteCommand command, HistoryFilter filter) => command
        .With("$account_id", filter.AccountId)
        .With("$user_name", filter.UserName)
        .With("$from", filter.From is { } from ? SqliteValues.ToUnixMilliseconds(from) : null)
        .With("$to", filter.To is { } to ? SqliteValues.ToUnixMilliseconds(to) : null)
        .With("$limit", (long)filter.Limit);
}
