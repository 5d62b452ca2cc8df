using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Postgres.Connections;
using Npgsql;

namespace Floe.Metadata.Postgres;

/// <summary>SHOW GRANTS ON / TO ROLE: grant rows with the granted-on object's name and the roles' names.</summary>
internal sealed partial class PostgresMetadataStore
{
    // The object's name parts come from whichever typed column is set; the account's name when none is.
    private const string GrantSelect = """
        SELECT g.created_on, g.privilege, g.object_type, g.object_id,
               coalesce(sd.name, r.database_name, pd.name),
               coalesce(r.schema_name, ps.name),
               coalesce(d.name, s.name, r.name, ro.name, u.name, p.name, a.name),
               g.grantee_role_id, gr.name, g.grant_option, g.granted_by_role_id, gb.name
        FROM grants g
        JOIN accounts a ON a.id = g.account_id
        JOIN roles gr ON gr.id = g.grantee_role_id
        LEFT JOIN roles gb ON gb.id = g.granted_by_role_id
        LEFT JOIN databases d ON d.id = g.database_id
        LEFT JOIN schemas s ON s.id = g.schema_id
        LEFT JOIN databases sd ON sd.id = s.database_id
        LEFT JOIN repositories r ON r.id = g.repository_id
        LEFT JOIN roles ro ON ro.id = g.role_object_id
        LEFT JOIN users u ON u.id = g.user_object_id
        LEFT JOIN authentication_policies p ON p.id = g.policy_id
        LEFT JOIN schemas ps ON ps.id = p.schema_id
        LEFT JOIN databases pd ON pd.id = ps.database_id
        """;

    internal static readonly SqlStatement ListGrantsOnSql = new($"""
        {GrantSelect}
        WHERE g.object_type = $object_type AND g.object_id = $object_id AND +g.account_id = $account_id
        ORDER BY g.privilege <> 'OWNERSHIP', g.privilege, gr.name
        """);

    internal static readonly SqlStatement ListGrantsToRoleSql = new($"""
        {GrantSelect}
        WHERE g.grantee_role_id = $role_id AND +g.account_id = $account_id
        ORDER BY g.object_type, g.object_id, g.privilege
        """);

    public ValueTask<IReadOnlyList<GrantRecord>> ListGrantsOnAsync(long accountId, SecurableObject target, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListGrantsOnSql)
            .With("$account_id", accountId)
            .WithObject(target)
            .ReadAllAsync(ToGrant, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<GrantRecord>> ListGrantsToRoleAsync(long accountId, long roleId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(ListGrantsToRoleSql)
            .With("$account_id", accountId)
            .With("$role_id", roleId)
            .ReadAllAsync(ToGrant, cancellationToken), cancellationToken);

    private static GrantRecord ToGrant(NpgsqlDataReader reader) => new(
        CreatedOn: reader.GetTimestamp(0),
        Privilege: Privileges.Parse(reader.GetString(1)),
        Object: new SecurableObject(SecurableTypes.Parse(reader.GetString(2)), reader.GetInt64(3)),
        ObjectName: new ObjectName(reader.GetNullableString(4), reader.GetNullableString(5), reader.GetString(6)),
        GranteeRoleId: reader.GetInt64(7),
        GranteeRole: reader.GetString(8),
        GrantOption: reader.GetFlag(9),
        GrantedByRoleId: reader.GetNullableInt64(10),
        GrantedBy: reader.GetNullableString(11));
}
