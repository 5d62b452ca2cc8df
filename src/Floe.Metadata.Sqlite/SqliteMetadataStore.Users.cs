using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    private const string UserSelect = """
        SELECT u.id, u.account_id, u.name, u.login_name, u.created_on, u.password_hash, u.type, u.default_role,
               u.rsa_public_key, u.rsa_public_key_fp, u.disabled, u.comment, u.authentication_policy_id, ow.name, u.email
        FROM users u
        LEFT JOIN grants og ON og.object_type = 'USER' AND og.object_id = u.id AND og.privilege = 'OWNERSHIP'
        LEFT JOIN roles ow ON ow.id = og.grantee_role_id
        """;

    internal static readonly SqlStatement FindUserSql = new($"{UserSelect} WHERE u.account_id = $account_id AND u.name = $name");

    internal static readonly SqlStatement FindUserByLoginNameSql = new($"{UserSelect} WHERE u.account_id = $account_id AND u.login_name = $login_name");

    internal static readonly SqlStatement FindUserByIdSql = new($"{UserSelect} WHERE u.account_id = $account_id AND u.id = $id");

    internal static readonly SqlStatement ListUsersSql = new($"{UserSelect} WHERE u.account_id = $account_id ORDER BY u.name");

    internal static readonly SqlStatement InsertUserSql = new("""
        INSERT INTO users (account_id, name, login_name, password_hash, type, default_role, rsa_public_key, rsa_public_key_fp,
                           disabled, comment, email, created_on)
        VALUES ($account_id, $name, $login_name, $password_hash, $type, $default_role, $rsa_public_key, $rsa_public_key_fp,
                $disabled, $comment, $email, $created_on)
        RETURNING id
        """);

    internal static readonly SqlStatement LoginNameTakenSql = new("""
        SELECT EXISTS (SELECT 1 FROM users WHERE account_id = $account_id AND login_name = $login_name AND id <> $except_id)
        """);

    internal static readonly SqlStatement DeleteUserSql = new("DELETE FROM users WHERE id = $id AND account_id = $account_id");

    public ValueTask<CreateResult<UserRecord>> CreateUserAsync(NewUser user, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return WriteAsync(async (connection, now) =>
        {
            UserRecord? existing = await FindUserAsync(connection, user.AccountId, user.Name, cancellationToken);
            if (existing is not null && mode == CreateMode.FailIfExists)
            {
                return new CreateResult<UserRecord>(CreateStatus.AlreadyExists, existing);
            }

            if (!await RoleInAccountAsync(connection, user.AccountId, user.OwnerRoleId, cancellationToken))
            {
                return CreateResult<UserRecord>.Failed(CreateStatus.NotFound);
            }

            if (await LoginNameTakenAsync(connection, user.AccountId, user.LoginName ?? user.Name, existing?.Id, cancellationToken))
            {
                return CreateResult<UserRecord>.Failed(CreateStatus.Conflict);
            }

            if (existing is not null)
            {
                await DeleteUserAsync(connection, user.AccountId, existing.Id, cancellationToken);
            }

            long id = await InsertUserAsync(connection, user, now, cancellationToken);
            UserRecord created = await FindUserByIdAsync(connection, user.AccountId, id, cancellationToken)
                ?? throw new InvalidOperationException($"User {id} vanished inside its transaction.");
            return new CreateResult<UserRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<UserRecord?> FindUserAsync(long accountId, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindUserAsync(connection, accountId, name, cancellationToken), cancellationToken);

    public ValueTask<UserRecord?> FindUserByLoginNameAsync(long accountId, string loginName, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(FindUserByLoginNameSql)
            .With("$account_id", accountId)
            .With("$login_name", loginName)
            .ReadFirstAsync(ToUser, cancellationToken), cancellationToken);

    public ValueTask<UserRecord?> FindUserByIdAsync(long accountId, long userId, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindUserByIdAsync(connection, accountId, userId, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<UserRecord>> ListUsersAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListUsersSql)
            .With("$account_id", accountId)
            .ReadAllAsync(ToUser, cancellationToken), cancellationToken);

    /// <summary>Cascades to the user's role grants, sessions, access tokens and the OWNERSHIP row of the user.</summary>
    public ValueTask<bool> DropUserAsync(long accountId, long userId, CancellationToken cancellationToken) =>
        WriteAsync((connection, _) => DeleteUserAsync(connection, accountId, userId, cancellationToken), cancellationToken);

    private static async ValueTask<bool> DeleteUserAsync(PooledConnection connection, long accountId, long userId, CancellationToken cancellationToken) =>
        await connection.Command(DeleteUserSql)
            .With("$id", userId)
            .With("$account_id", accountId)
            .ExecuteNonQueryAsync(cancellationToken) == 1;

    /// <summary>Inserts the user and its OWNERSHIP row; returns its id.</summary>
    private static async ValueTask<long> InsertUserAsync(PooledConnection connection, NewUser user, long now, CancellationToken cancellationToken)
    {
        long id = await connection.Command(InsertUserSql)
            .With("$account_id", user.AccountId)
            .With("$name", user.Name)
            .With("$login_name", user.LoginName ?? user.Name)
            .With("$password_hash", user.PasswordHash)
            .With("$type", ToSql(user.Type))
            .With("$default_role", user.DefaultRole)
            .With("$rsa_public_key", user.RsaPublicKey?.Body)
            .With("$rsa_public_key_fp", user.RsaPublicKey?.Fingerprint)
            .With("$disabled", user.Disabled)
            .With("$comment", user.Comment)
            .With("$email", user.Email)
            .With("$created_on", now)
            .ReadIdAsync(cancellationToken)
            ?? throw new InvalidOperationException($"User '{user.Name}' was not inserted.");
        await InsertOwnershipAsync(connection, user.AccountId, SecurableObject.User(id), user.OwnerRoleId, now, cancellationToken);
        return id;
    }

    private static ValueTask<bool> LoginNameTakenAsync(
        PooledConnection connection, long accountId, string loginName, long? exceptUserId, CancellationToken cancellationToken) =>
        connection.Command(LoginNameTakenSql)
            .With("$account_id", accountId)
            .With("$login_name", loginName)
            .With("$except_id", exceptUserId ?? 0)
            .ReadFlagAsync(cancellationToken);

    private static ValueTask<UserRecord?> FindUserAsync(PooledConnection connection, long accountId, string name, CancellationToken cancellationToken) =>
        connection.Command(FindUserSql)
            .With("$account_id", accountId)
            .With("$name", name)
            .ReadFirstAsync(ToUser, cancellationToken);

    private static ValueTask<UserRecord?> FindUserByIdAsync(PooledConnection connection, long accountId, long userId, CancellationToken cancellationToken) =>
        connection.Command(FindUserByIdSql)
            .With("$account_id", accountId)
            .With("$id", userId)
            .ReadFirstAsync(ToUser, cancellationToken);

    private static string ToSql(UserType type) => type == UserType.Service ? "SERVICE" : "PERSON";

    private static UserRecord ToUser(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        AccountId = reader.GetInt64(1),
        Name = reader.GetString(2),
        LoginName = reader.GetString(3),
        CreatedOn = reader.GetTimestamp(4),
        PasswordHash = reader.GetNullableString(5),
        Type = reader.GetString(6) == "SERVICE" ? UserType.Service : UserType.Person,
        DefaultRole = reader.GetNullableString(7),
        RsaPublicKey = reader.IsDBNull(8) ? null : new RsaPublicKey(reader.GetString(8), reader.GetString(9)),
        Disabled = reader.GetFlag(10),
        Comment = reader.GetNullableString(11),
        AuthenticationPolicyId = reader.GetNullableInt64(12),
        Owner = reader.GetNullableString(13),
        Email = reader.GetNullableString(14),
    };
}
