using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>The web console's data-protection key ring, shared by every node of the deployment.</summary>
public sealed partial class SqliteMetadataStore
{
    internal static readonly SqlStatement ListDataProtectionKeysSql = new(
        "SELECT friendly_name, xml, created_on FROM data_protection_keys ORDER BY created_on, friendly_name");

    internal static readonly SqlStatement InsertDataProtectionKeySql = new("""
        INSERT INTO data_protection_keys (friendly_name, xml, created_on)
        VALUES ($friendly_name, $xml, $created_on)
        ON CONFLICT (friendly_name) DO NOTHING
        """);

    public ValueTask<IReadOnlyList<DataProtectionKeyRecord>> ListDataProtectionKeysAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListDataProtectionKeysSql).ReadAllAsync(ToDataProtectionKey, cancellationToken), cancellationToken);

    public ValueTask<bool> AddDataProtectionKeyAsync(DataProtectionKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteAsync(async (connection, _) => await connection.Command(InsertDataProtectionKeySql)
            .With("$friendly_name", key.FriendlyName)
            .With("$xml", key.Xml)
            .With("$created_on", key.CreatedOn)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
    }

    private static DataProtectionKeyRecord ToDataProtectionKey(SqliteDataReader reader) => new(
        FriendlyName: reader.GetString(0),
        Xml: reader.GetString(1),
        CreatedOn: reader.GetTimestamp(2));
}
