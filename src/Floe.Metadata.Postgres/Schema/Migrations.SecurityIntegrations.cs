namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>Step 5, SQLite's step 9: External OAuth security integrations, and OAUTH (the bit 8) among a policy's methods.</summary>
    private const string SecurityIntegrations = """
        CREATE TABLE security_integrations (
            id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            name       TEXT COLLATE "C" NOT NULL,
            settings   TEXT COLLATE "C" NOT NULL,
            created_on BIGINT NOT NULL,
            UNIQUE (account_id, name)
        );

        ALTER TABLE authentication_policies DROP CONSTRAINT authentication_policies_methods_check;
        ALTER TABLE authentication_policies ADD CONSTRAINT authentication_policies_methods_check CHECK (methods BETWEEN 1 AND 15);
        """;
}
