using Floe.Core.Metadata.ControlPlane;

namespace Floe.Core.Security;

/// <summary>The roles a request acts with, by id and name: what privileges are looked up for.</summary>
public sealed class RoleSet
{
    private readonly IReadOnlyDictionary<long, string> _roles;
    private readonly HashSet<string> _names;

    public RoleSet(long accountId, IReadOnlyDictionary<long, string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        AccountId = accountId;
        _roles = roles;
        _names = new HashSet<string>(roles.Values, StringComparer.Ordinal);
    }

    public long AccountId { get; }

    public IReadOnlyCollection<long> Ids => [.. _roles.Keys];

    /// <summary>Role names in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _names.Order(StringComparer.Ordinal)];

    public bool Contains(long roleId) => _roles.ContainsKey(roleId);

    public bool Contains(string roleName) => _names.Contains(roleName);

    /// <summary>The closure of <paramref name="roots"/> in <paramref name="graph"/>, plus PUBLIC and what is below it.</summary>
    public static RoleSet Below(UserRoleGraph graph, IEnumerable<long> roots)
    {
        ArgumentNullException.ThrowIfNull(graph);
        RoleNode? publicRole = graph.FindRole(SystemRoles.Public);
        IEnumerable<long> withPublic = publicRole is null ? roots : roots.Append(publicRole.Id);
        return new RoleSet(graph.AccountId, graph.Closure(withPublic));
    }
}

/// <summary>
/// The role sets of a SQL session. <see cref="Primary"/> is the session's role when it
/// is still granted to the user (directly or through the hierarchy), otherwise <c>null</c> and the
/// SQL layer should refuse the statement. <see cref="Effective"/> authorizes every statement but CREATE:
/// primary role, plus every role of the user when secondary roles are ALL, each with the roles below
/// it, plus PUBLIC. <see cref="ForCreate"/> authorizes CREATE: the primary role and the roles below it.
/// </summary>
public sealed record SessionRoles(RoleNode? Primary, RoleSet Effective, RoleSet ForCreate, UserType UserType, bool Disabled);

/// <summary>Registry actions on a repository.</summary>
[Flags]
public enum RegistryActions
{
    None = 0,
    Pull = 1,
    Push = 2,
}

/// <summary>
/// Who asks the registry: a user of the account, and the role restriction of the programmatic access
/// token used, if any. The user's type and state are read from the store on every decision.
/// </summary>
public sealed record RegistryPrincipal(long AccountId, long UserId, long? RoleRestrictionId = null);

/// <summary>Which objects of one type a role set sees: all of them (MANAGE GRANTS), or those it holds a privilege on.</summary>
public sealed record Visibility(bool All, IReadOnlySet<long> ObjectIds)
{
    public bool CanSee(long objectId) => All || ObjectIds.Contains(objectId);
}
