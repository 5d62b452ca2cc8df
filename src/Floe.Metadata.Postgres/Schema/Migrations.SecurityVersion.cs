namespace Floe.Metadata.Postgres.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 2: the security version (the twin of the SQLite store's step 6): one row whose version moves
    /// in the same transaction as every change a registry decision depends on, bumped by statement
    /// triggers — which also fire for the deletes of <c>ON DELETE CASCADE</c> — so no store method can
    /// forget to. The row is made by the first bump (an upsert), so a metadata copy can bring the
    /// source's row in first. Because the bump is a row update, a node sees the new version exactly when
    /// it sees the change, never before it commits.
    /// </summary>
    private const string SecurityVersion = """
        CREATE TABLE security_version (
            id      BIGINT PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL
        );

        CREATE FUNCTION floe_bump_security_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO security_version (id, version) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET version = security_version.version + 1;
            RETURN NULL;
        END
        $$;

        CREATE TRIGGER users_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON users
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER user_roles_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON user_roles
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER roles_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON roles
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER role_edges_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON role_edges
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER grants_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON grants
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER repositories_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON repositories
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER schemas_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON schemas
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER databases_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON databases
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        CREATE TRIGGER accounts_bump_security_version AFTER INSERT OR UPDATE OR DELETE ON accounts
            FOR EACH STATEMENT EXECUTE FUNCTION floe_bump_security_version();
        """;
}
