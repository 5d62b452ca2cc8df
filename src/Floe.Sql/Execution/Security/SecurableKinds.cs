using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;

namespace Floe.Sql.Execution.Security;

/// <summary>What a GRANT or REVOKE names, in the control-plane store's terms.</summary>
internal static class SecurableKinds
{
    /// <summary>
    /// The privileges a GRANT or REVOKE names on an object of <paramref name="type"/>: the list as written,
    /// or for <c>ALL [PRIVILEGES]</c> Snowflake's expansion (never OWNERSHIP).
    /// </summary>
    public static IReadOnlyList<Privilege> Expand(PrivilegeSet privileges, SecurableType type, bool organizationAccount)
    {
        ArgumentNullException.ThrowIfNull(privileges);
        return privileges.IsAll
            ? Privileges.All(type, organizationAccount)
            : [.. privileges.Items.Distinct()];
    }
}
