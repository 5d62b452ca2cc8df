using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Registry refresh tokens by hash, so any node can honour them.</summary>
internal sealed partial class PostgresMetadataStore
{
    // The SELECT makes a token for a user of another account impossible.
    internal static readonly SqlStatement InsertRefreshTokenSql = new("""
        INSERT INTO refresh_tokens (token_hash, account_id, user_id, role_restriction_id, created_on, expires_on)
        SELECT $token_hash, $account_id, id, $role_restriction_id, $created_on, $expires_on
        FROM users WHERE id = $user_id AND account_id = $account_id
        """);

    internal static readonly SqlStatement FindRefreshTokenSql = new("""
        SELECT token_hash, account_id, user_id, role_restriction_id, created_on, expires_on
        FROM refresh_tokens WHERE token_hash = $token_hash AND account_id = $account_id AND expires_on > $now
        """);

    internal static readonly SqlStatement DeleteUserRefreshTokensSql = new("DELETE FROM refresh_tokens WHERE user_id = $user_id");

    public ValueTask<bool> CreateRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return WriteAsync(async (connection, _) => await connection.Command(InsertRefreshTokenSql)
            .With("$token_hash", token.TokenHash)
            .With("$account_id", token.AccountId)
            .With("$user_id", token.UserId)
            .With("$role_restriction_id", token.RoleRestrictionId)
            .With("$created_on", token.CreatedOn)
            .With("$expires_on", token.ExpiresOn)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
    }

    public ValueTask<RefreshTokenRecord?> FindRefreshTokenAsync(long accountId, string tokenHash, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(FindRefreshTokenSql)
            .With("$token_hash", tokenHash)
            .With("$account_id", accountId)
            .With("$now", Now())
            .ReadFirstAsync(ToRefreshToken, cancellationToken), cancellationToken);

    private static RefreshTokenRecord ToRefreshToken(NpgsqlDataReader reader) => new(
        TokenHash: reader.GetString(0),
        AccountId: reader.GetInt64(1),
        UserId: reader.GetInt64(2),
        RoleRestrictionId: reader.IsDBNull(3) ? null : reader.GetInt64(3),
        CreatedOn: reader.GetTimestamp(4),
        ExpiresOn: reader.GetTimestamp(5));
}
