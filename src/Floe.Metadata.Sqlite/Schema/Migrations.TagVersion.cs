namespace Floe.Metadata.Sqlite.Schema;

internal static partial class Migrations
{
    /// <summary>
    /// Step 13: the tag version, a counter that moves in the same transaction as every change to what a
    /// tag resolves to, so a node may keep the manifests its tags resolve to for as long as it has not
    /// moved (docs/design/registry-core.md, "Manifests by tag").
    /// <code>
    /// tag_version   id = 1 (one row), version
    /// </code>
    /// Triggers bump it after every insert, update and delete of a tag, and every update and delete of a
    /// manifest or an image — including the deletes <c>ON DELETE CASCADE</c> makes (a dropped repository
    /// takes its images, manifests and tags) — whichever process writes the file, so no store method and
    /// no other command can forget to. A new manifest or image moves nothing: no tag can point at a
    /// manifest before it exists. The table is this store's own cache key, not data: a copy to
    /// PostgreSQL leaves it behind.
    /// </summary>
    private const string TagVersion = """
        CREATE TABLE tag_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        ) STRICT;
        INSERT INTO tag_version (id, version) VALUES (1, 1);
        CREATE TRIGGER tags_bump_tag_version_insert AFTER INSERT ON tags BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tags_bump_tag_version_update AFTER UPDATE ON tags BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER tags_bump_tag_version_delete AFTER DELETE ON tags BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER manifests_bump_tag_version_update AFTER UPDATE ON manifests BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER manifests_bump_tag_version_delete AFTER DELETE ON manifests BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER images_bump_tag_version_update AFTER UPDATE ON images BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        CREATE TRIGGER images_bump_tag_version_delete AFTER DELETE ON images BEGIN UPDATE tag_version SET version = version + 1 WHERE id = 1; END;
        """;
}
