using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement ListAccountsSql = new(
        $"SELECT {AccountColumns} FROM accounts ORDER BY name");

    internal static readonly SqlStatement FindAccountByIdSql = new(
        $"SELECT {AccountColumns} FROM accounts WHERE id = $id");

    internal static readonly SqlStatement HasOrganizationAccountSql = new(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE is_organization_account = 1)");

    internal static readonly SqlStatement InsertProvisionedAccountSql = new($"""
        INSERT INTO accounts (name, created_on, comment, is_organization_account)
        VALUES ($name, $created_on, $comment, $is_organization_account)
        ON CONFLICT (name) DO NOTHING
        RETURNING {AccountColumns}
        """);

    internal static readonly SqlStatement AdoptBareAccountSql = new($"""
        UPDATE accounts SET comment = coalesce(comment, $comment), is_organization_account = $is_organization_account
        WHERE id = $id
        RETURNING {AccountColumns}
        """);

    internal static readonly SqlStatement DeleteAccountSql = new(
        "DELETE FROM accounts WHERE id = $id");

    internal static readonly SqlStatement SetAccountCommentSql = new(
        "UPDATE accounts SET comment = $comment WHERE id = $id");

    public ValueTask<IReadOnlyList<AccountRecord>> ListAccountsAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListAccountsSql).ReadAllAsync(ToAccount, cancellationToken), cancellationToken);

    public ValueTask<AccountRecord?> FindAccountByIdAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindAccountByIdAsync(connection, accountId, cancellationToken), cancellationToken);

    public ValueTask<AccountRecord?> CreateAccountAsync(NewAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return WriteAsync(async (connection, now) =>
        {
            AccountRecord? created = await InsertAccountAsync(connection, account, now, cancellationToken);
            if (created is not null)
            {
                await ProvisionAsync(connection, created.Id, account, now, cancellationToken);
            }

            return created;
        }, cancellationToken);
    }

    public ValueTask<AccountProvisioning> EnsureAccountAsync(NewAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return WriteAsync(async (connection, now) =>
        {
            AccountRecord? existing = await ReadAccountAsync(connection, account.Name, cancellationToken);
            if (existing is not null && await IsProvisionedAsync(connection, existing.Id, cancellationToken))
            {
                return new AccountProvisioning(existing, Provisioned: false);
            }

            AccountRecord target = existing is null
                ? await InsertAccountAsync(connection, account, now, cancellationToken)
                    ?? throw new InvalidOperationException($"Account '{account.Name}' could not be inserted.")
                : await AdoptBareAccountAsync(connection, existing, account, cancellationToken);
            await ProvisionAsync(connection, target.Id, account, now, cancellationToken);
            return new AccountProvisioning(target, Provisioned: true);
        }, cancellationToken);
    }

    /// <summary>One DELETE: every table hangs off <c>accounts</c> through cascading foreign keys.</summary>
    public ValueTask<DropStatus> DropAccountAsync(long accountId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) =>
        {
            AccountRecord? account = await FindAccountByIdAsync(connection, accountId, cancellationToken);
            if (account is null)
            {
                return DropStatus.NotFound;
            }

            if (account.IsOrganizationAccount)
            {
                return DropStatus.Protected;
            }

            await connection.Command(DeleteAccountSql).With("$id", accountId).ExecuteNonQueryAsync(cancellationToken);
            return DropStatus.Dropped;
        }, cancellationToken);

    public ValueTask<bool> SetAccountCommentAsync(long accountId, string? comment, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(SetAccountCommentSql)
            .With("$id", accountId)
            .With("$comment", comment)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    private static ValueTask<AccountRecord?> FindAccountByIdAsync(PooledConnection connection, long accountId, CancellationToken cancellationToken) =>
        connection.Command(FindAccountByIdSql).With("$id", accountId).ReadFirstAsync(ToAccount, cancellationToken);

    /// <summary>An account created bare (<see cref="IAccountStore.EnsureAccountAsync"/>) takes the new account's flags.</summary>
    private static async ValueTask<AccountRecord> AdoptBareAccountAsync(
        PooledConnection connection, AccountRecord existing, NewAccount account, CancellationToken cancellationToken)
    {
        if (account.IsOrganizationAccount && !existing.IsOrganizationAccount)
        {
            await EnsureNoOrganizationAccountAsync(connection, account, cancellationToken);
        }

        return await connection.Command(AdoptBareAccountSql)
            .With("$id", existing.Id)
            .With("$comment", account.Comment)
            .With("$is_organization_account", account.IsOrganizationAccount)
            .ReadFirstAsync(ToAccount, cancellationToken)
            ?? throw new InvalidOperationException($"Account '{account.Name}' vanished inside its transaction.");
    }

    private static async ValueTask EnsureNoOrganizationAccountAsync(PooledConnection connection, NewAccount account, CancellationToken cancellationToken)
    {
        if (await connection.Command(HasOrganizationAccountSql).ReadFlagAsync(cancellationToken))
        {
            throw new InvalidOperationException($"The organization already has its account; '{account.Name}' cannot be a second one.");
        }
    }

    /// <summary>The new account, or <c>null</c> when the name is taken.</summary>
    private static async ValueTask<AccountRecord?> InsertAccountAsync(PooledConnection connection, NewAccount account, long now, CancellationToken cancellationToken)
    {
        if (account.IsOrganizationAccount)
        {
            await EnsureNoOrganizationAccountAsync(connection, account, cancellationToken);
        }

        return await connection.Command(InsertProvisionedAccountSql)
            .With("$name", account.Name)
            .With("$created_on", now)
            .With("$comment", account.Comment)
            .With("$is_organization_account", account.IsOrganizationAccount)
            .ReadFirstAsync(ToAccount, cancellationToken);
    }
}
