namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>Step 7, SQLite's step 11: the web console's data-protection key ring, shared by every node.</summary>
    private const string DataProtectionKeys = """
        CREATE TABLE data_protection_keys (
            friendly_name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            xml           TEXT COLLATE "C" NOT NULL,
            created_on    BIGINT NOT NULL
        );
        """;
}
