using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;

namespace Floe.Metadata.Postgres;

/// <summary>Provisioning an account from <see cref="SystemRoles"/>, inside the caller's transaction.</summary>
internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement IsProvisionedSql = new(
        "SELECT EXISTS (SELECT 1 FROM roles WHERE account_id = $account_id AND name = $name AND is_system = 1)");

    private static ValueTask<bool> IsProvisionedAsync(PooledConnection connection, long accountId, CancellationToken cancellationToken) =>
        connection.Command(IsProvisionedSql)
            .With("$account_id", accountId)
            .With("$name", SystemRoles.AccountAdmin)
            .ReadFlagAsync(cancellationToken);

    /// <summary>
    /// System roles, their hierarchy and account privileges (granted by no one), and the admin user:
    /// owned by ACCOUNTADMIN, default role ACCOUNTADMIN, holding <see cref="SystemRoles.AdminRoles"/>.
    /// </summary>
    private static async ValueTask ProvisionAsync(PooledConnection connection, long accountId, NewAccount account, long now, CancellationToken cancellationToken)
    {
        bool organization = account.IsOrganizationAccount;
        Dictionary<string, long> roles = [];
        foreach (string name in SystemRoles.For(organization))
        {
            roles[name] = await InsertRoleAsync(connection, accountId, name, comment: null, isSystem: true, now, cancellationToken);
        }

        foreach ((string parent, string child) in SystemRoles.Hierarchy)
        {
            await InsertRoleEdgeAsync(connection, roles[parent], roles[child], grantedByRoleId: null, now, cancellationToken);
        }

        foreach ((string role, Privilege privilege) in SystemRoles.AccountPrivileges(organization))
        {
            await InsertGrantAsync(connection, accountId, SecurableObject.Account(accountId), privilege, roles[role], grantOption: false, null, now, cancellationToken);
        }

        long accountAdmin = roles[SystemRoles.AccountAdmin];
        NewUser admin = new(accountId, account.AdminName, accountAdmin)
        {
            PasswordHash = account.AdminPasswordHash,
            DefaultRole = SystemRoles.AccountAdmin,
        };
        long adminId = await InsertUserAsync(connection, admin, now, cancellationToken);
        foreach (string role in SystemRoles.AdminRoles(organization))
        {
            await InsertUserRoleAsync(connection, adminId, roles[role], grantedByRoleId: null, now, cancellationToken);
        }
    }
}
