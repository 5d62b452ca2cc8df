using Floe.Core.Metadata;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

internal sealed partial class PostgresMetadataStore
{
    private const string AccountColumns = "id, name, created_on, comment, is_organization_account, authentication_policy_id";

    internal static readonly SqlStatement FindAccountSql = new(
        $"SELECT {AccountColumns} FROM accounts WHERE name = $name");

    internal static readonly SqlStatement InsertAccountSql = new(
        "INSERT INTO accounts (name, created_on) VALUES ($name, $created_on) ON CONFLICT (name) DO NOTHING");

    public async ValueTask<AccountRecord?> FindAccountAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        using ConnectionLease lease = await _pool.RentAsync(cancellationToken);
        return await ReadAccountAsync(lease.Connection, name, cancellationToken);
    }

    public async ValueTask<AccountRecord> EnsureAccountAsync(string name, CancellationToken cancellationToken)
    {
        AccountRecord? existing = await FindAccountAsync(name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        // Another node may create it between the read above and this write: the insert then does nothing.
        return await WriteAsync(async (connection, now) =>
        {
            await connection.Command(InsertAccountSql)
                .With("$name", name)
                .With("$created_on", now)
                .ExecuteNonQueryAsync(cancellationToken);
            return await ReadAccountAsync(connection, name, cancellationToken)
                ?? throw new InvalidOperationException($"Account '{name}' was not found right after it was inserted.");
        }, cancellationToken);
    }

    private static ValueTask<AccountRecord?> ReadAccountAsync(PooledConnection connection, string name, CancellationToken cancellationToken) =>
        connection.Command(FindAccountSql)
            .With("$name", name)
            .ReadFirstAsync(ToAccount, cancellationToken);

    private static AccountRecord ToAccount(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetTimestamp(2))
    {
        Comment = reader.GetNullableString(3),
        IsOrganizationAccount = reader.GetFlag(4),
        AuthenticationPolicyId = reader.GetNullableInt64(5),
    };
}
