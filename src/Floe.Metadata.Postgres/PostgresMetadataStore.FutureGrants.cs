using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>GRANT ... ON FUTURE IMAGE REPOSITORIES IN SCHEMA, applied when a repository is created.</summary>
internal sealed partial class PostgresMetadataStore
{
    private const string RepositoryType = "IMAGE REPOSITORY";

    internal static readonly SqlStatement SchemaInAccountSql = new(
        "SELECT EXISTS (SELECT 1 FROM schemas WHERE id = $id AND account_id = $account_id)");

    internal static readonly SqlStatement DeleteFutureOwnerSql = new(
        "DELETE FROM future_grants WHERE schema_id = $schema_id AND object_type = $object_type AND privilege = 'OWNERSHIP'");

    internal static readonly SqlStatement InsertFutureGrantSql = new("""
        INSERT INTO future_grants (account_id, schema_id, object_type, privilege, grantee_role_id, grant_option, granted_by_role_id, created_on)
        VALUES ($account_id, $schema_id, $object_type, $privilege, $grantee_role_id, $grant_option, $granted_by_role_id, $created_on)
        ON CONFLICT (schema_id, object_type, privilege, grantee_role_id) DO UPDATE SET grant_option = GREATEST(future_grants.grant_option, excluded.grant_option)
        """);

    internal static readonly SqlStatement RevokeFutureGrantOptionSql = new("""
        UPDATE future_grants SET grant_option = 0
        WHERE account_id = $account_id AND schema_id = $schema_id AND object_type = $object_type
          AND privilege = $privilege AND grantee_role_id = $grantee_role_id AND grant_option = 1
        """);

    internal static readonly SqlStatement RevokeFutureGrantSql = new("""
        DELETE FROM future_grants
        WHERE account_id = $account_id AND schema_id = $schema_id AND object_type = $object_type
          AND privilege = $privilege AND grantee_role_id = $grantee_role_id
        """);

    internal static readonly SqlStatement ListFutureGrantsSql = new("""
        SELECT f.created_on, f.schema_id, d.name, s.name, f.object_type, f.privilege, f.grantee_role_id, gr.name, f.grant_option, gb.name
        FROM future_grants f
        JOIN schemas s ON s.id = f.schema_id
        JOIN databases d ON d.id = s.database_id
        JOIN roles gr ON gr.id = f.grantee_role_id
        LEFT JOIN roles gb ON gb.id = f.granted_by_role_id
        WHERE f.account_id = $account_id AND f.schema_id = $schema_id
        ORDER BY f.object_type, f.privilege, gr.name
        """);

    internal static readonly SqlStatement FutureOwnerSql = new($"""
        SELECT grantee_role_id FROM future_grants
        WHERE schema_id = $schema_id AND object_type = '{RepositoryType}' AND privilege = 'OWNERSHIP'
        """);

    // The new repository's OWNERSHIP is inserted separately (the future owner, if any, takes it).
    internal static readonly SqlStatement ApplyFutureGrantsSql = new($"""
        INSERT INTO grants (account_id, object_type, repository_id, privilege, grantee_role_id, grant_option, granted_by_role_id, created_on)
        SELECT account_id, object_type, $repository_id, privilege, grantee_role_id, grant_option, granted_by_role_id, $created_on
        FROM future_grants
        WHERE schema_id = $schema_id AND object_type = '{RepositoryType}' AND privilege <> 'OWNERSHIP'
        """);

    public ValueTask<GrantStatus> GrantFuturePrivilegesAsync(FuturePrivilegeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.ObjectType != SecurableType.ImageRepository || grant.Privileges.Count == 0
            || grant.Privileges.Any(p => !p.AppliesTo(grant.ObjectType)))
        {
            return ValueTask.FromResult(GrantStatus.NotApplicable);
        }

        return WriteAsync(async (connection, now) =>
        {
            if (!await SchemaInAccountAsync(connection, grant.AccountId, grant.SchemaId, cancellationToken)
                || !await RoleInAccountAsync(connection, grant.AccountId, grant.GranteeRoleId, cancellationToken)
                || !await GrantorInAccountAsync(connection, grant.AccountId, grant.GrantedByRoleId, cancellationToken))
            {
                return GrantStatus.NotFound;
            }

            foreach (Privilege privilege in grant.Privileges)
            {
                await InsertFutureGrantAsync(connection, grant, privilege, now, cancellationToken);
            }

            return GrantStatus.Granted;
        }, cancellationToken);
    }

    public ValueTask<int> RevokeFuturePrivilegesAsync(
        long accountId, long schemaId, SecurableType objectType, IReadOnlyCollection<Privilege> privileges, long granteeRoleId, bool grantOptionOnly,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privileges);
        return WriteAsync(async (connection, _) =>
        {
            int changed = 0;
            foreach (Privilege privilege in privileges)
            {
                changed += await connection.Command(grantOptionOnly ? RevokeFutureGrantOptionSql : RevokeFutureGrantSql)
                    .With("$account_id", accountId)
                    .With("$schema_id", schemaId)
                    .With("$object_type", objectType.ToSql())
                    .With("$privilege", privilege.ToSql())
                    .With("$grantee_role_id", granteeRoleId)
                    .ExecuteNonQueryAsync(cancellationToken);
            }

            return changed;
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<FutureGrantRecord>> ListFutureGrantsAsync(long accountId, long schemaId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListFutureGrantsSql)
            .With("$account_id", accountId)
            .With("$schema_id", schemaId)
            .ReadAllAsync(ToFutureGrant, cancellationToken), cancellationToken);

    /// <summary>A future OWNERSHIP replaces the previous future owner: a new object has exactly one owner.</summary>
    private static async ValueTask InsertFutureGrantAsync(
        PooledConnection connection, FuturePrivilegeGrant grant, Privilege privilege, long now, CancellationToken cancellationToken)
    {
        string objectType = grant.ObjectType.ToSql();
        if (privilege == Privilege.Ownership)
        {
            await connection.Command(DeleteFutureOwnerSql)
                .With("$schema_id", grant.SchemaId)
                .With("$object_type", objectType)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        await connection.Command(InsertFutureGrantSql)
            .With("$account_id", grant.AccountId)
            .With("$schema_id", grant.SchemaId)
            .With("$object_type", objectType)
            .With("$privilege", privilege.ToSql())
            .With("$grantee_role_id", grant.GranteeRoleId)
            .With("$grant_option", grant.WithGrantOption && privilege != Privilege.Ownership)
            .With("$granted_by_role_id", grant.GrantedByRoleId)
            .With("$created_on", now)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    private static ValueTask<long?> FutureOwnerAsync(PooledConnection connection, long schemaId, CancellationToken cancellationToken) =>
        connection.Command(FutureOwnerSql).With("$schema_id", schemaId).ReadIdAsync(cancellationToken);

    private static async ValueTask ApplyFutureGrantsAsync(PooledConnection connection, long schemaId, long repositoryId, long now, CancellationToken cancellationToken)
    {
        await connection.Command(ApplyFutureGrantsSql)
            .With("$schema_id", schemaId)
            .With("$repository_id", repositoryId)
            .With("$created_on", now)
            .ExecuteNonQueryAsync(cancellationToken);
    }

    private static ValueTask<bool> SchemaInAccountAsync(PooledConnection connection, long accountId, long schemaId, CancellationToken cancellationToken) =>
        connection.Command(SchemaInAccountSql)
            .With("$id", schemaId)
            .With("$account_id", accountId)
            .ReadFlagAsync(cancellationToken);

    private static FutureGrantRecord ToFutureGrant(NpgsqlDataReader reader) => new(
        CreatedOn: reader.GetTimestamp(0),
        SchemaId: reader.GetInt64(1),
        Schema: new ObjectName(reader.GetString(2), null, reader.GetString(3)),
        ObjectType: SecurableTypes.Parse(reader.GetString(4)),
        Privilege: Privileges.Parse(reader.GetString(5)),
        GranteeRoleId: reader.GetInt64(6),
        GranteeRole: reader.GetString(7),
        GrantOption: reader.GetFlag(8),
        GrantedBy: reader.GetNullableString(9));
}
