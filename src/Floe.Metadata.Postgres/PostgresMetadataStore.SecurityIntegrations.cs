using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Security integrations: account-level objects whose settings are one JSON document.</summary>
internal sealed partial class PostgresMetadataStore
{
    private const string IntegrationSelect = "SELECT id, account_id, name, settings, created_on FROM security_integrations";

    internal static readonly SqlStatement FindIntegrationSql = new($"{IntegrationSelect} WHERE account_id = $account_id AND name = $name");

    internal static readonly SqlStatement ListIntegrationsSql = new($"{IntegrationSelect} WHERE account_id = $account_id ORDER BY name");

    internal static readonly SqlStatement InsertIntegrationSql = new("""
        INSERT INTO security_integrations (account_id, name, settings, created_on)
        VALUES ($account_id, $name, $settings, $created_on)
        RETURNING id
        """);

    internal static readonly SqlStatement UpdateIntegrationSql = new(
        "UPDATE security_integrations SET settings = $settings WHERE account_id = $account_id AND id = $id");

    internal static readonly SqlStatement DeleteIntegrationSql = new("DELETE FROM security_integrations WHERE account_id = $account_id AND id = $id");

    public ValueTask<CreateResult<SecurityIntegrationRecord>> CreateSecurityIntegrationAsync(
        NewSecurityIntegration integration, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return WriteAsync(async (connection, now) =>
        {
            SecurityIntegrationRecord? existing = await FindIntegrationAsync(connection, integration.AccountId, integration.Name, cancellationToken);
            if (existing is not null && mode == CreateMode.FailIfExists)
            {
                return new CreateResult<SecurityIntegrationRecord>(CreateStatus.AlreadyExists, existing);
            }

            if (existing is not null)
            {
                await connection.Command(DeleteIntegrationSql)
                    .With("$account_id", integration.AccountId)
                    .With("$id", existing.Id)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            long id = await connection.Command(InsertIntegrationSql)
                .With("$account_id", integration.AccountId)
                .With("$name", integration.Name)
                .With("$settings", integration.Settings.ToJson())
                .With("$created_on", now)
                .ReadIdAsync(cancellationToken)
                ?? throw new InvalidOperationException($"Security integration '{integration.Name}' was not inserted.");
            SecurityIntegrationRecord created = new(id, integration.AccountId, integration.Name, integration.Settings, DateTimeOffset.FromUnixTimeMilliseconds(now));
            return new CreateResult<SecurityIntegrationRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<SecurityIntegrationRecord?> FindSecurityIntegrationAsync(long accountId, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindIntegrationAsync(connection, accountId, name, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<SecurityIntegrationRecord>> ListSecurityIntegrationsAsync(long accountId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListIntegrationsSql)
            .With("$account_id", accountId)
            .ReadAllAsync(ToIntegration, cancellationToken), cancellationToken);

    public ValueTask<bool> UpdateSecurityIntegrationAsync(
        long accountId, long integrationId, ExternalOAuthSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WriteAsync(async (connection, _) => await connection.Command(UpdateIntegrationSql)
            .With("$account_id", accountId)
            .With("$id", integrationId)
            .With("$settings", settings.ToJson())
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
    }

    public ValueTask<bool> DropSecurityIntegrationAsync(long accountId, long integrationId, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteIntegrationSql)
            .With("$account_id", accountId)
            .With("$id", integrationId)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    private static ValueTask<SecurityIntegrationRecord?> FindIntegrationAsync(
        PooledConnection connection, long accountId, string name, CancellationToken cancellationToken) =>
        connection.Command(FindIntegrationSql)
            .With("$account_id", accountId)
            .With("$name", name)
            .ReadFirstAsync(ToIntegration, cancellationToken);

    private static SecurityIntegrationRecord ToIntegration(NpgsqlDataReader reader) => new(
        Id: reader.GetInt64(0),
        AccountId: reader.GetInt64(1),
        Name: reader.GetString(2),
        Settings: ExternalOAuthSettings.FromJson(reader.GetString(3)),
        CreatedOn: reader.GetTimestamp(4));
}
