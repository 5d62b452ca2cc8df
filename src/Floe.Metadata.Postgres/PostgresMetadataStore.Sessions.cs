using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>SQL sessions by token hash, so any node can serve any session.</summary>
internal sealed partial class PostgresMetadataStore
{
    private const string SessionColumns =
        "token_hash, account_id, user_id, role, database_name, schema_name, secondary_roles, created_on, expires_on, role_restriction";

    // The SELECT makes a session for a user of another account impossible.
    internal static readonly SqlStatement InsertSessionSql = new($"""
        INSERT INTO sessions ({SessionColumns})
        SELECT $token_hash, $account_id, id, $role, $database_name, $schema_name, $secondary_roles, $created_on, $expires_on, $role_restriction
        FROM users WHERE id = $user_id AND account_id = $account_id
        """);

    internal static readonly SqlStatement FindSessionSql = new(
        $"SELECT {SessionColumns} FROM sessions WHERE token_hash = $token_hash AND account_id = $account_id AND expires_on > $now");

    internal static readonly SqlStatement UpdateSessionSql = new("""
        UPDATE sessions
        SET role = $role, database_name = $database_name, schema_name = $schema_name, secondary_roles = $secondary_roles, expires_on = $expires_on
        WHERE token_hash = $token_hash AND account_id = $account_id AND expires_on > $now
        """);

    internal static readonly SqlStatement DeleteSessionSql = new(
        "DELETE FROM sessions WHERE token_hash = $token_hash AND account_id = $account_id");

    internal static readonly SqlStatement DeleteExpiredSessionsSql = new("DELETE FROM sessions WHERE expires_on <= $now");

    public ValueTask<bool> CreateSessionAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return WriteAsync(async (connection, _) => await connection.Command(InsertSessionSql)
            .WithSession(session)
            .With("$user_id", session.UserId)
            .With("$created_on", session.CreatedOn)
            .With("$role_restriction", session.RoleRestriction)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
    }

    public ValueTask<SessionRecord?> FindSessionAsync(long accountId, string tokenHash, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(FindSessionSql)
            .With("$token_hash", tokenHash)
            .With("$account_id", accountId)
            .With("$now", Now())
            .ReadFirstAsync(ToSession, cancellationToken), cancellationToken);

    public ValueTask<bool> UpdateSessionAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return WriteAsync(async (connection, now) => await connection.Command(UpdateSessionSql)
            .WithSession(session)
            .With("$now", now)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
    }

    public ValueTask<bool> DeleteSessionAsync(long accountId, string tokenHash, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteSessionSql)
            .With("$token_hash", tokenHash)
            .With("$account_id", accountId)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public ValueTask<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteExpiredSessionsSql)
            .With("$now", now)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private static SessionRecord ToSession(NpgsqlDataReader reader) => new(
        TokenHash: reader.GetString(0),
        AccountId: reader.GetInt64(1),
        UserId: reader.GetInt64(2),
        Role: reader.GetNullableString(3),
        Database: reader.GetNullableString(4),
        Schema: reader.GetNullableString(5),
        SecondaryRoles: reader.GetString(6) == "NONE" ? SecondaryRoles.None : SecondaryRoles.All,
        CreatedOn: reader.GetTimestamp(7),
        ExpiresOn: reader.GetTimestamp(8),
        RoleRestriction: reader.GetNullableString(9));
}

/// <summary>Binds a session's key and state.</summary>
internal static class SessionParameters
{
    public static NpgsqlCommand WithSession(this NpgsqlCommand command, SessionRecord session) => command
        .With("$token_hash", session.TokenHash)
        .With("$account_id", session.AccountId)
        .With("$role", session.Role)
        .With("$database_name", session.Database)
        .With("$schema_name", session.Schema)
        .With("$secondary_roles", session.SecondaryRoles == SecondaryRoles.None ? "NONE" : "ALL")
        .With("$expires_on", session.ExpiresOn);
}
