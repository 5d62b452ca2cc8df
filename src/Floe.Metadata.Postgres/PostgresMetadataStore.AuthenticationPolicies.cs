using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Authentication policies: schema objects, set on the account or a user, never dropped while set.</summary>
internal sealed partial class PostgresMetadataStore
{
    private const string PolicySelect = """
        SELECT p.id, p.account_id, p.schema_id, d.name, s.name, p.name, p.methods, p.created_on, ow.name, p.comment
        FROM authentication_policies p
        JOIN schemas s ON s.id = p.schema_id
        JOIN databases d ON d.id = s.database_id
        LEFT JOIN grants og ON og.object_type = 'AUTHENTICATION POLICY' AND og.object_id = p.id AND og.privilege = 'OWNERSHIP'
        LEFT JOIN roles ow ON ow.id = og.grantee_role_id
        """;

    internal static readonly SqlStatement FindPolicySql = new(
        $"{PolicySelect} WHERE p.account_id = $account_id AND p.schema_id = $schema_id AND p.name = $name");

    internal static readonly SqlStatement FindPolicyByIdSql = new($"{PolicySelect} WHERE p.account_id = $account_id AND p.id = $id");

    internal static readonly SqlStatement ListPoliciesSql = new($"{PolicySelect} WHERE p.account_id = $account_id ORDER BY d.name, s.name, p.name");

    internal static readonly SqlStatement EffectivePolicySql = new($"""
        {PolicySelect}
        WHERE p.account_id = $account_id
          AND p.id = coalesce((SELECT authentication_policy_id FROM users WHERE id = $user_id AND account_id = $account_id),
                              (SELECT authentication_policy_id FROM accounts WHERE id = $account_id))
        """);

    internal static readonly SqlStatement InsertPolicySql = new("""
        INSERT INTO authentication_policies (account_id, schema_id, name, methods, comment, created_on)
        VALUES ($account_id, $schema_id, $name, $methods, $comment, $created_on)
        RETURNING id
        """);

    internal static readonly SqlStatement DeletePolicySql = new("DELETE FROM authentication_policies WHERE id = $id");

    internal static readonly SqlStatement SetAccountPolicySql = new("UPDATE accounts SET authentication_policy_id = $policy_id WHERE id = $account_id");

    internal static readonly SqlStatement SetUserPolicySql = new(
        "UPDATE users SET authentication_policy_id = $policy_id WHERE id = $user_id AND account_id = $account_id");

    public ValueTask<CreateResult<AuthenticationPolicyRecord>> CreateAuthenticationPolicyAsync(
        NewAuthenticationPolicy policy, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan((int)policy.Methods, 1, nameof(policy));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((int)policy.Methods, (int)AuthenticationMethods.All, nameof(policy));
        return WriteAsync(async (connection, now) =>
        {
            if (!await SchemaInAccountAsync(connection, policy.AccountId, policy.SchemaId, cancellationToken)
                || !await RoleInAccountAsync(connection, policy.AccountId, policy.OwnerRoleId, cancellationToken))
            {
                return CreateResult<AuthenticationPolicyRecord>.Failed(CreateStatus.NotFound);
            }

            AuthenticationPolicyRecord? existing = await FindPolicyAsync(connection, policy.AccountId, policy.SchemaId, policy.Name, cancellationToken);
            if (existing is not null && mode == CreateMode.FailIfExists)
            {
                return new CreateResult<AuthenticationPolicyRecord>(CreateStatus.AlreadyExists, existing);
            }

            if (existing is not null && await PolicyInUseAsync(connection, policy.AccountId, new PolicyScope(PolicyId: existing.Id), cancellationToken))
            {
                return CreateResult<AuthenticationPolicyRecord>.Failed(CreateStatus.Protected);
            }

            if (existing is not null)
            {
                await connection.Command(DeletePolicySql).With("$id", existing.Id).ExecuteNonQueryAsync(cancellationToken);
            }

            long id = await InsertPolicyAsync(connection, policy, now, cancellationToken);
            AuthenticationPolicyRecord created = await FindPolicyByIdAsync(connection, policy.AccountId, id, cancellationToken)
                ?? throw new InvalidOperationException($"Authentication policy {id} vanished inside its transaction.");
            return new CreateResult<AuthenticationPolicyRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<AuthenticationPolicyRecord?> FindAuthenticationPolicyAsync(long accountId, long schemaId, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindPolicyAsync(connection, accountId, schemaId, name, cancellationToken), cancellationToken);

    public ValueTask<AuthenticationPolicyRecord?> FindAuthenticationPolicyByIdAsync(long accountId, long policyId, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindPolicyByIdAsync(connection, accountId, policyId, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<AuthenticationPolicyRecord>> ListAuthenticationPoliciesAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListPoliciesSql)
            .With("$account_id", accountId)
            .ReadAllAsync(ToPolicy, cancellationToken), cancellationToken);

    public ValueTask<DropStatus> DropAuthenticationPolicyAsync(long accountId, long policyId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            if (await FindPolicyByIdAsync(connection, accountId, policyId, cancellationToken) is null)
            {
                return DropStatus.NotFound;
            }

            if (await PolicyInUseAsync(connection, accountId, new PolicyScope(PolicyId: policyId), cancellationToken))
            {
                return DropStatus.InUse;
            }

            await connection.Command(DeletePolicySql).With("$id", policyId).ExecuteNonQueryAsync(cancellationToken);
            return DropStatus.Dropped;
        }, cancellationToken);

    public ValueTask<bool> SetAccountAuthenticationPolicyAsync(long accountId, long? policyId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            if (policyId is long id && await FindPolicyByIdAsync(connection, accountId, id, cancellationToken) is null)
            {
                return false;
            }

            return await connection.Command(SetAccountPolicySql)
                .With("$account_id", accountId)
                .With("$policy_id", policyId)
                .ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public ValueTask<AlterStatus> SetUserAuthenticationPolicyAsync(long accountId, long userId, long? policyId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            if (policyId is long id && await FindPolicyByIdAsync(connection, accountId, id, cancellationToken) is null)
            {
                return AlterStatus.NotFound;
            }

            int updated = await connection.Command(SetUserPolicySql)
                .With("$account_id", accountId)
                .With("$user_id", userId)
                .With("$policy_id", policyId)
                .ExecuteNonQueryAsync(cancellationToken);
            return updated == 1 ? AlterStatus.Altered : AlterStatus.NotFound;
        }, cancellationToken);

    public ValueTask<AuthenticationPolicyRecord?> FindEffectiveAuthenticationPolicyAsync(long accountId, long userId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(EffectivePolicySql)
            .With("$account_id", accountId)
            .With("$user_id", userId)
            .ReadFirstAsync(ToPolicy, cancellationToken), cancellationToken);

    private static async ValueTask<long> InsertPolicyAsync(PooledConnection connection, NewAuthenticationPolicy policy, long now, CancellationToken cancellationToken)
    {
        long id = await connection.Command(InsertPolicySql)
            .With("$account_id", policy.AccountId)
            .With("$schema_id", policy.SchemaId)
            .With("$name", policy.Name)
            .With("$methods", (long)policy.Methods)
            .With("$comment", policy.Comment)
            .With("$created_on", now)
            .ReadIdAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Authentication policy '{policy.Name}' was not inserted.");
        await InsertOwnershipAsync(connection, policy.AccountId, SecurableObject.AuthenticationPolicy(id), policy.OwnerRoleId, now, cancellationToken);
        return id;
    }

    private static ValueTask<AuthenticationPolicyRecord?> FindPolicyAsync(
        PooledConnection connection, long accountId, long schemaId, string name, CancellationToken cancellationToken) =>
        connection.Command(FindPolicySql)
            .With("$account_id", accountId)
            .With("$schema_id", schemaId)
            .With("$name", name)
            .ReadFirstAsync(ToPolicy, cancellationToken);

    private static ValueTask<AuthenticationPolicyRecord?> FindPolicyByIdAsync(PooledConnection connection, long accountId, long id, CancellationToken cancellationToken) =>
        connection.Command(FindPolicyByIdSql)
            .With("$account_id", accountId)
            .With("$id", id)
            .ReadFirstAsync(ToPolicy, cancellationToken);

    private static AuthenticationPolicyRecord ToPolicy(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        SchemaId: reader.GetInt64(2),
        Database: reader.GetString(3),
        Schema: reader.GetString(4),
        Name: reader.GetString(5),
        Methods: (AuthenticationMethods)reader.GetInt64(6),
        CreatedOn: reader.GetTimestamp(7),
        Owner: reader.GetNullableString(8),
        Comment: reader.GetNullableString(9));
}
