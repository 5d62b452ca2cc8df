using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using AstPrivilege = Floe.Sql.Ast.Privilege;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Security;

/// <summary>The parser's object kinds and privileges as the control-plane store's types, and back.</summary>
internal static class SecurableKinds
{
    public static SecurableType ToSecurableType(this ObjectKind kind) => kind switch
    {
        ObjectKind.Account => SecurableType.Account,
        ObjectKind.Database => SecurableType.Database,
        ObjectKind.Schema => SecurableType.Schema,
        ObjectKind.ImageRepository => SecurableType.ImageRepository,
        ObjectKind.User => SecurableType.User,
        ObjectKind.Role => SecurableType.Role,
        ObjectKind.AuthenticationPolicy => SecurableType.AuthenticationPolicy,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The same privilege in the store's enum (the two tables share their SQL names).</summary>
    public static CorePrivilege ToCore(this AstPrivilege privilege) =>
        Core.Metadata.ControlPlane.Privileges.Parse(Ast.Privileges.ToSql(privilege));

    /// <summary>
    /// The privileges a GRANT or REVOKE names on an object of <paramref name="type"/>: the list as written,
    /// or for <c>ALL [PRIVILEGES]</c> Snowflake's expansion (never OWNERSHIP).
    /// </summary>
    public static IReadOnlyList<CorePrivilege> Expand(PrivilegeSet privileges, SecurableType type, bool organizationAccount)
    {
        ArgumentNullException.ThrowIfNull(privileges);
        return privileges.IsAll
            ? Core.Metadata.ControlPlane.Privileges.All(type, organizationAccount)
            : [.. privileges.Items.Select(ToCore).Distinct()];
    }
}
