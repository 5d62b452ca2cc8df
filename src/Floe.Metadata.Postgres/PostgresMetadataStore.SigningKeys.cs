using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>Registry-token signing keys, shared by every node of the deployment.</summary>
internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement ListSigningKeysSql = new(
        "SELECT key_id, algorithm, private_key, created_on, retired_on FROM signing_keys ORDER BY created_on DESC, key_id");

    internal static readonly SqlStatement ActiveSigningKeySql = new("SELECT key_id FROM signing_keys WHERE retired_on IS NULL");

    internal static readonly SqlStatement RetireSigningKeySql = new(
        "UPDATE signing_keys SET retired_on = $retired_on WHERE key_id = $key_id AND retired_on IS NULL");

    internal static readonly SqlStatement InsertSigningKeySql = new("""
        INSERT INTO signing_keys (key_id, algorithm, private_key, created_on, retired_on)
        VALUES ($key_id, $algorithm, $private_key, $created_on, NULL)
        """);

    internal static readonly SqlStatement SigningKeyExistsSql = new("SELECT EXISTS (SELECT 1 FROM signing_keys WHERE key_id = $key_id)");

    internal static readonly SqlStatement DeleteRetiredSigningKeysSql = new(
        "DELETE FROM signing_keys WHERE retired_on IS NOT NULL AND retired_on < $cutoff");

    public ValueTask<IReadOnlyList<SigningKeyRecord>> ListSigningKeysAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListSigningKeysSql).ReadAllAsync(ToSigningKey, cancellationToken), cancellationToken);

    public ValueTask<bool> ActivateSigningKeyAsync(SigningKeyRecord key, string? expectedActiveKeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteAsync(async (connection, _) =>
        {
            string? active = await connection.Command(ActiveSigningKeySql).ReadFirstAsync(r => r.GetString(0), cancellationToken);
            if (!string.Equals(active, expectedActiveKeyId, StringComparison.Ordinal)
                || await connection.Command(SigningKeyExistsSql).With("$key_id", key.KeyId).ReadFlagAsync(cancellationToken))
            {
                return false;
            }

            if (active is not null)
            {
                await connection.Command(RetireSigningKeySql)
                    .With("$key_id", active)
                    .With("$retired_on", key.CreatedOn)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            return await connection.Command(InsertSigningKeySql)
                .With("$key_id", key.KeyId)
                .With("$algorithm", key.Algorithm)
                .With("$private_key", key.PrivateKey)
                .With("$created_on", key.CreatedOn)
                .ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    public ValueTask<int> DeleteSigningKeysRetiredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(DeleteRetiredSigningKeysSql)
            .With("$cutoff", cutoff)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private static SigningKeyRecord ToSigningKey(NpgsqlDataReader reader) => new(
        KeyId: reader.GetString(0),
        Algorithm: reader.GetString(1),
        PrivateKey: (byte[])reader.GetValue(2),
        CreatedOn: reader.GetTimestamp(3),
        RetiredOn: reader.IsDBNull(4) ? null : reader.GetTimestamp(4));
}
