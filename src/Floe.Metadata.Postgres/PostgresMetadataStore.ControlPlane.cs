using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>What the control-plane parts share: transactions, ownership rows, existence checks in an account.</summary>
internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement RoleInAccountSql = new(
        "SELECT EXISTS (SELECT 1 FROM roles WHERE id = $id AND account_id = $account_id)");

    internal static readonly SqlStatement ObjectInAccountSql = new("""
        SELECT CASE $object_type
            WHEN 'ACCOUNT' THEN $object_id = $account_id AND EXISTS (SELECT 1 FROM accounts WHERE id = $account_id)
            WHEN 'DATABASE' THEN EXISTS (SELECT 1 FROM databases WHERE id = $object_id AND account_id = $account_id)
            WHEN 'SCHEMA' THEN EXISTS (SELECT 1 FROM schemas WHERE id = $object_id AND account_id = $account_id)
            WHEN 'IMAGE REPOSITORY' THEN EXISTS (SELECT 1 FROM repositories WHERE id = $object_id AND account_id = $account_id)
            WHEN 'ROLE' THEN EXISTS (SELECT 1 FROM roles WHERE id = $object_id AND account_id = $account_id)
            WHEN 'USER' THEN EXISTS (SELECT 1 FROM users WHERE id = $object_id AND account_id = $account_id)
            WHEN 'AUTHENTICATION POLICY' THEN EXISTS (SELECT 1 FROM authentication_policies WHERE id = $object_id AND account_id = $account_id)
            ELSE false END
        """);

    // The object goes into the one typed column its type names; object_id is generated from them.
    internal static readonly SqlStatement InsertGrantSql = new("""
        INSERT INTO grants (account_id, object_type, database_id, schema_id, repository_id, role_object_id, user_object_id, policy_id,
                            privilege, grantee_role_id, grant_option, granted_by_role_id, created_on)
        VALUES ($account_id, $object_type,
                CASE $object_type WHEN 'DATABASE' THEN $object_id END,
                CASE $object_type WHEN 'SCHEMA' THEN $object_id END,
                CASE $object_type WHEN 'IMAGE REPOSITORY' THEN $object_id END,
                CASE $object_type WHEN 'ROLE' THEN $object_id END,
                CASE $object_type WHEN 'USER' THEN $object_id END,
                CASE $object_type WHEN 'AUTHENTICATION POLICY' THEN $object_id END,
                $privilege, $grantee_role_id, $grant_option, $granted_by_role_id, $created_on)
        ON CONFLICT (object_type, object_id, privilege, grantee_role_id)
        DO UPDATE SET grant_option = GREATEST(grants.grant_option, excluded.grant_option)
        """);

    private static ValueTask<bool> RoleInAccountAsync(PooledConnection connection, long accountId, long roleId, CancellationToken cancellationToken) =>
        connection.Command(RoleInAccountSql)
            .With("$id", roleId)
            .With("$account_id", accountId)
            .ReadFlagAsync(cancellationToken);

    /// <summary>No grantor (provisioning), or a role of the account: a grantor of another account would show in SHOW GRANTS.</summary>
    private static async ValueTask<bool> GrantorInAccountAsync(PooledConnection connection, long accountId, long? grantedByRoleId, CancellationToken cancellationToken) =>
        grantedByRoleId is not long grantor || await RoleInAccountAsync(connection, accountId, grantor, cancellationToken);

    private static ValueTask<bool> ObjectInAccountAsync(PooledConnection connection, long accountId, SecurableObject target, CancellationToken cancellationToken) =>
        connection.Command(ObjectInAccountSql)
            .With("$account_id", accountId)
            .WithObject(target)
            .ReadFlagAsync(cancellationToken);

    private static async ValueTask InsertGrantAsync(
        PooledConnection connection, long accountId, SecurableObject target, Privilege privilege, long granteeRoleId, bool grantOption,
        long? grantedByRoleId, long now, CancellationToken cancellationToken)
    {
        await connection.Command(InsertGrantSql)
            .With("$account_id", accountId)
            .WithObject(target)
            .With("$privilege", privilege.ToSql())
            .With("$grantee_role_id", granteeRoleId)
            .With("$grant_option", grantOption)
            .With("$granted_by_role_id", grantedByRoleId)
            .With("$created_on", now)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The OWNERSHIP row of a new object; the creator grants it to itself, so granted_by is the owner.</summary>
    private static ValueTask InsertOwnershipAsync(
        PooledConnection connection, long accountId, SecurableObject target, long ownerRoleId, long now, CancellationToken cancellationToken) =>
        InsertGrantAsync(connection, accountId, target, Privilege.Ownership, ownerRoleId, grantOption: false, ownerRoleId, now, cancellationToken);
}

/// <summary>Binding a <see cref="SecurableObject"/> as <c>$object_type</c> and <c>$object_id</c>.</summary>
internal static class SecurableParameters
{
    public static NpgsqlCommand WithObject(this NpgsqlCommand command, SecurableObject target) => command
        .With("$object_type", target.Type.ToSql())
        .With("$object_id", target.Id);
}
