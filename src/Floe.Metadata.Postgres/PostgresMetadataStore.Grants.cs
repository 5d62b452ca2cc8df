using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;

namespace Floe.Metadata.Postgres;

/// <summary>GRANT, REVOKE and GRANT OWNERSHIP on objects.</summary>
internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement RevokeGrantOptionSql = new("""
        UPDATE grants SET grant_option = 0
        WHERE account_id = $account_id AND object_type = $object_type AND object_id = $object_id
          AND privilege = $privilege AND privilege <> 'OWNERSHIP' AND grantee_role_id = $grantee_role_id AND grant_option = 1
        """);

    internal static readonly SqlStatement RevokePrivilegeSql = new("""
        DELETE FROM grants
        WHERE account_id = $account_id AND object_type = $object_type AND object_id = $object_id
          AND privilege = $privilege AND privilege <> 'OWNERSHIP' AND grantee_role_id = $grantee_role_id
        """);

    internal static readonly SqlStatement CountDependentGrantsSql = new(
        "SELECT count(*) FROM grants WHERE object_type = $object_type AND object_id = $object_id AND privilege <> 'OWNERSHIP'");

    internal static readonly SqlStatement DeleteDependentGrantsSql = new(
        "DELETE FROM grants WHERE object_type = $object_type AND object_id = $object_id AND privilege <> 'OWNERSHIP'");

    internal static readonly SqlStatement CopyDependentGrantsSql = new("""
        UPDATE grants SET granted_by_role_id = $new_owner
        WHERE object_type = $object_type AND object_id = $object_id AND privilege <> 'OWNERSHIP'
        """);

    internal static readonly SqlStatement DeleteOwnershipSql = new(
        "DELETE FROM grants WHERE object_type = $object_type AND object_id = $object_id AND privilege = 'OWNERSHIP'");

    internal static readonly SqlStatement IsOrganizationAccountSql = new(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $id AND is_organization_account = 1)");

    public ValueTask<GrantStatus> GrantPrivilegesAsync(PrivilegeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return WriteAsync(async (connection, now) =>
        {
            GrantStatus status = await CheckGrantAsync(connection, grant, cancellationToken);
            if (status == GrantStatus.Granted)
            {
                foreach (Privilege privilege in grant.Privileges)
                {
                    await InsertGrantAsync(
                        connection, grant.AccountId, grant.Object, privilege, grant.GranteeRoleId, grant.WithGrantOption, grant.GrantedByRoleId, now, cancellationToken);
                }
            }

            return status;
        }, cancellationToken);
    }

    public ValueTask<int> RevokePrivilegesAsync(
        long accountId, SecurableObject target, IReadOnlyCollection<Privilege> privileges, long granteeRoleId, bool grantOptionOnly,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privileges);
        return WriteAsync(async (connection, _) =>
        {
            int changed = 0;
            foreach (Privilege privilege in privileges)
            {
                changed += await connection.Command(grantOptionOnly ? RevokeGrantOptionSql : RevokePrivilegeSql)
                    .With("$account_id", accountId)
                    .WithObject(target)
                    .With("$privilege", privilege.ToSql())
                    .With("$grantee_role_id", granteeRoleId)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            return changed;
        }, cancellationToken);
    }

    public ValueTask<TransferStatus> TransferOwnershipAsync(
        long accountId, SecurableObject target, long newOwnerRoleId, long? grantedByRoleId, CurrentGrants currentGrants,
        CancellationToken cancellationToken) =>
        WriteAsync(async (connection, now) =>
        {
            if (target.Type == SecurableType.Account
                || !await ObjectInAccountAsync(connection, accountId, target, cancellationToken)
                || !await RoleInAccountAsync(connection, accountId, newOwnerRoleId, cancellationToken)
                || !await GrantorInAccountAsync(connection, accountId, grantedByRoleId, cancellationToken))
            {
                return TransferStatus.NotFound;
            }

            if (currentGrants == CurrentGrants.Fail && await CountDependentGrantsAsync(connection, target, cancellationToken) > 0)
            {
                return TransferStatus.DependentGrants;
            }

            await HandleDependentGrantsAsync(connection, target, newOwnerRoleId, currentGrants, cancellationToken);
            await connection.Command(DeleteOwnershipSql).WithObject(target).ExecuteNonQueryAsync(cancellationToken);
            await InsertGrantAsync(connection, accountId, target, Privilege.Ownership, newOwnerRoleId, grantOption: false, grantedByRoleId, now, cancellationToken);
            return TransferStatus.Transferred;
        }, cancellationToken);

    private static async ValueTask<GrantStatus> CheckGrantAsync(PooledConnection connection, PrivilegeGrant grant, CancellationToken cancellationToken)
    {
        bool organization = !grant.Privileges.Contains(Privilege.CreateAccount)
            || await connection.Command(IsOrganizationAccountSql).With("$id", grant.AccountId).ReadFlagAsync(cancellationToken);
        if (grant.Privileges.Count == 0
            || grant.Privileges.Any(p => p == Privilege.Ownership || !p.AppliesTo(grant.Object.Type, organization)))
        {
            return GrantStatus.NotApplicable;
        }

        bool found = await ObjectInAccountAsync(connection, grant.AccountId, grant.Object, cancellationToken)
            && await RoleInAccountAsync(connection, grant.AccountId, grant.GranteeRoleId, cancellationToken)
            && await GrantorInAccountAsync(connection, grant.AccountId, grant.GrantedByRoleId, cancellationToken);
        return found ? GrantStatus.Granted : GrantStatus.NotFound;
    }

    private static async ValueTask<long> CountDependentGrantsAsync(PooledConnection connection, SecurableObject target, CancellationToken cancellationToken) =>
        (long)(await connection.Command(CountDependentGrantsSql).WithObject(target).ExecuteScalarAsync(cancellationToken))!;

    private static async ValueTask HandleDependentGrantsAsync(
        PooledConnection connection, SecurableObject target, long newOwnerRoleId, CurrentGrants currentGrants, CancellationToken cancellationToken)
    {
        if (currentGrants == CurrentGrants.Revoke)
        {
            await connection.Command(DeleteDependentGrantsSql).WithObject(target).ExecuteNonQueryAsync(cancellationToken);
        }
        else if (currentGrants == CurrentGrants.Copy)
        {
            await connection.Command(CopyDependentGrantsSql).WithObject(target).With("$new_owner", newOwnerRoleId).ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
