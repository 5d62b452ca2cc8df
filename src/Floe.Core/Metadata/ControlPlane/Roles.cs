namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// A role. <see cref="Owner"/> is the role holding OWNERSHIP of it (<c>null</c> for system roles).
/// The counts are those of <c>SHOW ROLES</c>: roles it is granted to, roles granted to it, users holding it.
/// </summary>
public sealed record RoleRecord(long Id, long AccountId, string Name, DateTimeOffset CreatedOn, string? Owner, string? Comment, bool IsSystem)
{
    public int GrantedToRoles { get; init; }

    public int GrantedRoles { get; init; }

    public int AssignedToUsers { get; init; }
}

/// <summary>A role to create, owned by <see cref="OwnerRoleId"/>.</summary>
public sealed record NewRole(long AccountId, string Name, long OwnerRoleId, string? Comment = null);

/// <summary>Who holds a granted role.</summary>
public enum GranteeKind
{
    Role,
    User,
}

/// <summary>
/// One "GRANT ROLE <see cref="Role"/> TO {ROLE|USER} <see cref="GranteeName"/>" edge, for
/// <c>SHOW GRANTS OF ROLE</c>, <c>SHOW GRANTS TO USER</c> and the role part of <c>SHOW GRANTS TO ROLE</c>.
/// <see cref="GrantedBy"/> is the granting role's name (<c>null</c> for provisioning, or once that role is dropped).
/// </summary>
public sealed record RoleGrantRecord(
    DateTimeOffset CreatedOn,
    long RoleId,
    string Role,
    GranteeKind GranteeKind,
    long GranteeId,
    string GranteeName,
    string? GrantedBy);

/// <summary>The outcome of GRANT ROLE.</summary>
public enum RoleGrantStatus
{
    Granted,

    /// <summary>Nothing changed: the edge exists, or the role is PUBLIC (implicitly granted to everyone).</summary>
    AlreadyGranted,

    /// <summary>The role or the grantee is not in the account.</summary>
    NotFound,

    /// <summary>The grantee role is the role itself or one of its descendants: the hierarchy would have a cycle.</summary>
    Cycle,
}

/// <summary>A role in a <see cref="UserRoleGraph"/> with the roles granted to it.</summary>
public sealed record RoleNode(long Id, string Name, IReadOnlyList<long> Children);

/// <summary>
/// Everything the authorizer needs about a user's roles, in one store call: the user's type and state,
/// the roles granted to the user directly, and every role reachable from those and from PUBLIC
/// through the hierarchy, with their edges.
/// </summary>
public sealed class UserRoleGraph(
    long accountId, long userId, UserType userType, bool disabled, IReadOnlyList<long> directRoleIds, IReadOnlyDictionary<long, RoleNode> roles)
{
    public long AccountId { get; } = accountId;

    public long UserId { get; } = userId;

    public UserType UserType { get; } = userType;

    public bool Disabled { get; } = disabled;

    /// <summary>Roles granted to the user by GRANT ROLE ... TO USER.</summary>
    public IReadOnlyList<long> DirectRoleIds { get; } = directRoleIds;

    /// <summary>
    /// Every role reachable from <see cref="DirectRoleIds"/> and from PUBLIC, by id: exactly the roles the
    /// user can act with, so a role absent from here is not (or no longer) granted to the user.
    /// </summary>
    public IReadOnlyDictionary<long, RoleNode> Roles { get; } = roles;

    public RoleNode? FindRole(string name) => Roles.Values.FirstOrDefault(role => role.Name == name);

    /// <summary>The roots and every role below them (a cycle cannot loop: each role is visited once).</summary>
    public IReadOnlyDictionary<long, string> Closure(IEnumerable<long> roots)
    {
        Dictionary<long, string> reached = [];
        Stack<long> pending = new(roots);
        while (pending.TryPop(out long id))
        {
            if (Roles.TryGetValue(id, out RoleNode? role) && reached.TryAdd(id, role.Name))
            {
                foreach (long child in role.Children)
                {
                    pending.Push(child);
                }
            }
        }

        return reached;
    }
}
