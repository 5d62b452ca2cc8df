namespace Floe.Metadata.Sqlite.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 11: the web console's data-protection key ring (anti-forgery tokens, the sign-in flow cookie),
    /// shared by every node of the deployment like the registry-token signing keys.
    /// <code>
    /// data_protection_keys   friendly_name PK, xml (the element ASP.NET Core wrote), created_on
    /// </code>
    /// </summary>
    private const string DataProtectionKeys = """
        CREATE TABLE data_protection_keys (
            friendly_name TEXT    NOT NULL PRIMARY KEY,
            xml           TEXT    NOT NULL,
            created_on    INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """;
}
