using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Core.Security;

/// <summary>Registry decisions.</summary>
public sealed partial class Authorizer
{
    private static readonly Privilege[] PersonPull = [Privilege.Read];
    private static readonly Privilege[] PersonPush = [Privilege.Write];
    private static readonly Privilege[] ServicePull = [Privilege.Read, Privilege.ServiceRead];
    private static readonly Privilege[] ServicePush = [Privilege.Write, Privilege.ServiceWrite];

    /// <summary>
    /// The roles a registry request acts with: every role granted to the user, directly or through the
    /// hierarchy, plus PUBLIC; with a token's role restriction, only that role and the roles below it
    /// (plus PUBLIC), and nothing but PUBLIC when the user no longer holds that role. <c>null</c> when the
    /// user does not exist or is disabled. One store query.
    /// </summary>
    public async ValueTask<(RoleSet Roles, UserType Type)?> ResolveRegistryRolesAsync(RegistryPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        UserRoleGraph? graph = await store.LoadUserRoleGraphAsync(principal.AccountId, principal.UserId, cancellationToken);
        if (graph is null || graph.Disabled)
        {
            return null;
        }

        if (principal.RoleRestrictionId is not long restriction)
        {
            return (RoleSet.Below(graph, graph.DirectRoleIds), graph.UserType);
        }

        bool held = graph.Roles.ContainsKey(restriction);
        return (RoleSet.Below(graph, held ? [restriction] : []), graph.UserType);
    }

    /// <summary>
    /// What the principal may do on the repository: <see cref="RegistryActions.Pull"/> and/or
    /// <see cref="RegistryActions.Push"/>, or nothing. Two store queries: the user's roles, then their
    /// privileges on the repository, its schema and its database.
    /// </summary>
    public async ValueTask<RegistryActions> AuthorizeRegistryAsync(RegistryPrincipal principal, RepositoryRecord repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.AccountId != principal.AccountId || await ResolveRegistryRolesAsync(principal, cancellationToken) is not var (roles, type))
        {
            return RegistryActions.None;
        }

        return await AuthorizeRegistryAsync(roles, type, repository, cancellationToken);
    }

    /// <summary>
    /// What <paramref name="roles"/> (resolved by <see cref="ResolveRegistryRolesAsync"/>) may do on the
    /// repository: one store query, for callers that already hold the role set.
    /// </summary>
    public async ValueTask<RegistryActions> AuthorizeRegistryAsync(RoleSet roles, UserType type, RepositoryRecord repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.AccountId != roles.AccountId)
        {
            return RegistryActions.None;
        }

        PrivilegeMap held = await GetPrivilegesAsync(roles, RepositoryPath(repository), cancellationToken);
        return DecideRegistryActions(roles, type, held, repository);
    }

    /// <summary>The store's security version (see <see cref="IAuthorizationStore.ReadSecurityVersionAsync"/>).</summary>
    public ValueTask<long> ReadSecurityVersionAsync(CancellationToken cancellationToken) => store.ReadSecurityVersionAsync(cancellationToken);

    /// <summary>
    /// The repositories of <paramref name="repositories"/> the principal may pull, for the catalog
    ///: two store queries whatever the number of repositories.
    /// </summary>
    public async ValueTask<IReadOnlyList<RepositoryRecord>> FilterPullableAsync(
        RegistryPrincipal principal, IReadOnlyList<RepositoryRecord> repositories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        if (await ResolveRegistryRolesAsync(principal, cancellationToken) is not var (roles, type))
        {
            return [];
        }

        IReadOnlyList<HeldPrivilege> held = await store.ListHeldPrivilegesOfTypesAsync(
            roles.AccountId, roles.Ids, [SecurableType.ImageRepository, SecurableType.Schema, SecurableType.Database], cancellationToken);
        PrivilegeMap map = new(held);
        return [.. repositories.Where(repository => repository.AccountId == principal.AccountId
            && DecideRegistryActions(roles, type, map, repository).HasFlag(RegistryActions.Pull))];
    }

    /// <summary>
    /// The pure rule: pull needs READ, WRITE or OWNERSHIP (a SERVICE user also SERVICE READ or SERVICE
    /// WRITE); push needs WRITE or OWNERSHIP (a SERVICE user also SERVICE WRITE); and either needs USAGE
    /// on the repository's database and schema unless the roles own the repository or include ACCOUNTADMIN.
    /// </summary>
    public static RegistryActions DecideRegistryActions(RoleSet roles, UserType type, PrivilegeMap held, RepositoryRecord repository)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(repository);
        SecurableObject target = SecurableObject.ImageRepository(repository.Id);
        bool exempt = held.Owns(target) || roles.Contains(SystemRoles.AccountAdmin);
        if (!exempt && !HasUsageOnContainers(held, repository))
        {
            return RegistryActions.None;
        }

        bool service = type == UserType.Service;
        RegistryActions actions = held.HasAny(target, service ? ServicePull : PersonPull) ? RegistryActions.Pull : RegistryActions.None;
        return held.HasAny(target, service ? ServicePush : PersonPush) ? actions | RegistryActions.Push : actions;
    }

    private static bool HasUsageOnContainers(PrivilegeMap held, RepositoryRecord repository) =>
        repository.DatabaseId is long database && repository.SchemaId is long schema
        && held.Has(SecurableObject.Database(database), Privilege.Usage)
        && held.Has(SecurableObject.Schema(schema), Privilege.Usage);

    private static SecurableObject[] RepositoryPath(RepositoryRecord repository) =>
    [
        SecurableObject.ImageRepository(repository.Id),
        .. repository.SchemaId is long schema ? [SecurableObject.Schema(schema)] : Array.Empty<SecurableObject>(),
        .. repository.DatabaseId is long database ? [SecurableObject.Database(database)] : Array.Empty<SecurableObject>(),
    ];
}
