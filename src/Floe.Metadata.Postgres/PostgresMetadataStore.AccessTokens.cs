using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Programmatic access tokens: hashes only, unique by name per user and by hash.</summary>
internal sealed partial class PostgresMetadataStore
{
    private const string AccessTokenSelect = """
        SELECT t.id, t.account_id, t.user_id, u.name, t.name, t.token_hash, t.role_restriction_id, r.name, t.created_on, t.expires_on, t.comment
        FROM access_tokens t
        JOIN users u ON u.id = t.user_id
        LEFT JOIN roles r ON r.id = t.role_restriction_id
        """;

    internal static readonly SqlStatement InsertAccessTokenSql = new("""
        INSERT INTO access_tokens (account_id, user_id, name, token_hash, role_restriction_id, comment, created_on, expires_on)
        VALUES ($account_id, $user_id, $name, $token_hash, $role_restriction_id, $comment, $created_on, $expires_on)
        ON CONFLICT (user_id, name) DO NOTHING
        RETURNING id
        """);

    internal static readonly SqlStatement FindAccessTokenByIdSql = new($"{AccessTokenSelect} WHERE t.id = $id");

    internal static readonly SqlStatement FindAccessTokenByNameSql = new(
        $"{AccessTokenSelect} WHERE t.account_id = $account_id AND t.user_id = $user_id AND t.name = $name");

    internal static readonly SqlStatement ListAccessTokensSql = new(
        $"{AccessTokenSelect} WHERE t.account_id = $account_id AND t.user_id = $user_id ORDER BY t.name");

    internal static readonly SqlStatement FindAccessTokenByHashSql = new(
        $"{AccessTokenSelect} WHERE t.token_hash = $token_hash AND t.account_id = $account_id AND t.expires_on > $now");

    internal static readonly SqlStatement DeleteAccessTokenSql = new(
        "DELETE FROM access_tokens WHERE account_id = $account_id AND user_id = $user_id AND name = $name");

    public ValueTask<CreateResult<AccessTokenRecord>> AddAccessTokenAsync(NewAccessToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return WriteAsync(async (connection, now) =>
        {
            bool found = await UserInAccountAsync(connection, token.AccountId, token.UserId, cancellationToken)
                && (token.RoleRestrictionId is not long role || await RoleInAccountAsync(connection, token.AccountId, role, cancellationToken));
            if (!found)
            {
                return CreateResult<AccessTokenRecord>.Failed(CreateStatus.NotFound);
            }

            long? id = await connection.Command(InsertAccessTokenSql)
                .With("$account_id", token.AccountId)
                .With("$user_id", token.UserId)
                .With("$name", token.Name)
                .With("$token_hash", token.TokenHash)
                .With("$role_restriction_id", token.RoleRestrictionId)
                .With("$comment", token.Comment)
                .With("$created_on", now)
                .With("$expires_on", token.ExpiresOn)
                .ReadIdAsync(cancellationToken);
            return id is null
                ? new CreateResult<AccessTokenRecord>(CreateStatus.AlreadyExists, await FindAccessTokenByNameAsync(connection, token, cancellationToken))
                : new CreateResult<AccessTokenRecord>(CreateStatus.Created, await connection.Command(FindAccessTokenByIdSql)
                    .With("$id", id.Value)
                    .ReadFirstAsync(ToAccessToken, cancellationToken));
        }, cancellationToken);
    }

    public ValueTask<bool> RemoveAccessTokenAsync(long accountId, long userId, string name, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteAccessTokenSql)
            .With("$account_id", accountId)
            .With("$user_id", userId)
            .With("$name", name)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public ValueTask<IReadOnlyList<AccessTokenRecord>> ListAccessTokensAsync(long accountId, long userId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListAccessTokensSql)
            .With("$account_id", accountId)
            .With("$user_id", userId)
            .ReadAllAsync(ToAccessToken, cancellationToken), cancellationToken);

    public ValueTask<AccessTokenRecord?> FindAccessTokenAsync(long accountId, string tokenHash, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(FindAccessTokenByHashSql)
            .With("$account_id", accountId)
            .With("$token_hash", tokenHash)
            .With("$now", Now())
            .ReadFirstAsync(ToAccessToken, cancellationToken), cancellationToken);

    private static ValueTask<AccessTokenRecord?> FindAccessTokenByNameAsync(PooledConnection connection, NewAccessToken token, CancellationToken cancellationToken) =>
        connection.Command(FindAccessTokenByNameSql)
            .With("$account_id", token.AccountId)
            .With("$user_id", token.UserId)
            .With("$name", token.Name)
            .ReadFirstAsync(ToAccessToken, cancellationToken);

    private static AccessTokenRecord ToAccessToken(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        UserId: reader.GetInt64(2),
        UserName: reader.GetString(3),
        Name: reader.GetString(4),
        TokenHash: reader.GetString(5),
        RoleRestrictionId: reader.GetNullableInt64(6),
        RoleRestriction: reader.GetNullableString(7),
        CreatedOn: reader.GetTimestamp(8),
        ExpiresOn: reader.GetTimestamp(9),
        Comment: reader.GetNullableString(10));
}
