namespace Floe.Metadata.Sqlite.Schema;

/// <summary>
/// Step 6: the security version, a counter that moves in the same transaction as every change a
/// registry decision depends on, so a node may keep decisions for as long as it has not moved
/// (docs/design/authorization.md, "Cached decisions").
/// <code>
/// security_version   id = 1 (one row), version
/// </code>
/// Triggers on users, user_roles, roles, role_edges, grants, repositories, schemas and databases bump
/// it after every insert, update and delete — including the deletes that <c>ON DELETE CASCADE</c>
/// makes, which is how dropping an account moves it (its users, roles and repositories go) — so no
/// store method can forget to. Sessions, tokens, manifests,
/// tags and blobs do not move it: a push does not empty the caches of the nodes that pull.
/// </summary>
internal static partial class Migrations
{
    private const string SecurityVersion = """
        CREATE TABLE security_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        ) STRICT;
        INSERT INTO security_version (id, version) VALUES (1, 1);
        """
        + BumpTriggers_users + BumpTriggers_user_roles + BumpTriggers_roles + BumpTriggers_role_edges + BumpTriggers_grants
        + BumpTriggers_repositories + BumpTriggers_schemas + BumpTriggers_databases;

    private const string BumpTriggers_users = """
        CREATE TRIGGER users_bump_insert AFTER INSERT ON users BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER users_bump_update AFTER UPDATE ON users BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER users_bump_delete AFTER DELETE ON users BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_user_roles = """
        CREATE TRIGGER user_roles_bump_insert AFTER INSERT ON user_roles BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER user_roles_bump_update AFTER UPDATE ON user_roles BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER user_roles_bump_delete AFTER DELETE ON user_roles BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_roles = """
        CREATE TRIGGER roles_bump_insert AFTER INSERT ON roles BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER roles_bump_update AFTER UPDATE ON roles BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER roles_bump_delete AFTER DELETE ON roles BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_role_edges = """
        CREATE TRIGGER role_edges_bump_insert AFTER INSERT ON role_edges BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER role_edges_bump_update AFTER UPDATE ON role_edges BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER role_edges_bump_delete AFTER DELETE ON role_edges BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_grants = """
        CREATE TRIGGER grants_bump_insert AFTER INSERT ON grants BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER grants_bump_update AFTER UPDATE ON grants BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER grants_bump_delete AFTER DELETE ON grants BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_repositories = """
        CREATE TRIGGER repositories_bump_insert AFTER INSERT ON repositories BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER repositories_bump_update AFTER UPDATE ON repositories BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER repositories_bump_delete AFTER DELETE ON repositories BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_schemas = """
        CREATE TRIGGER schemas_bump_insert AFTER INSERT ON schemas BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER schemas_bump_update AFTER UPDATE ON schemas BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER schemas_bump_delete AFTER DELETE ON schemas BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;

    private const string BumpTriggers_databases = """
        CREATE TRIGGER databases_bump_insert AFTER INSERT ON databases BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER databases_bump_update AFTER UPDATE ON databases BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER databases_bump_delete AFTER DELETE ON databases BEGIN UPDATE security_version SET version = version + 1 WHERE id = 1; END;

        """;
}
