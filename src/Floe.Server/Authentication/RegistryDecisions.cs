using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Core.Security;

namespace Floe.Server.Authentication;

/// <summary>
/// What the registry gate decided for one principal: whether the user may act at all (exists, not
/// disabled), and, for a repository, the repository and the actions the user's current grants allow.
/// </summary>
internal sealed record RegistryDecision(bool UserLive, RepositoryRecord? Repository, RegistryActions Actions)
{
    public static readonly RegistryDecision NoUser = new(false, null, RegistryActions.None);
}

/// <summary>
/// The registry gate's decisions, kept for as long as the store's security version has not moved
/// (<see cref="Floe.Core.Metadata.ControlPlane.IAuthorizationStore.ReadSecurityVersionAsync"/>). Every
/// request reads the version first — one primary-key read instead of the role graph, the repository and
/// the privileges — and a decision is reused only when it was made under that very version. A grant
/// revoked, a role changed, a user disabled or dropped, a repository dropped: each commits a new version
/// with the change, so the next request on any node that shares the database reads the new version and
/// decides afresh. Nothing is ever trusted by age.
/// </summary>
internal sealed class RegistryDecisions(Authorizer authorizer, IRepositoryStore repositories)
{
    /// <summary>A bound on memory: past it, the decisions of the current version are dropped and made again.</summary>
    private const int MaxDecisions = 10_000;

    private readonly VersionedMemo<DecisionKey, RegistryDecision> _decisions = new(MaxDecisions, _ => 1);

    /// <summary>
    /// The decision for <paramref name="principal"/> on the repository of <paramref name="name"/> (or, with
    /// <c>null</c>, on nothing beyond being a live user).
    /// </summary>
    public async ValueTask<RegistryDecision> DecideAsync(RegistryPrincipal principal, RegistryName? name, CancellationToken cancellationToken)
    {
        long version = await authorizer.ReadSecurityVersionAsync(cancellationToken);
        DecisionKey key = new(principal, name?.Repository);
        if (_decisions.TryGet(version, key, out RegistryDecision known))
        {
            return known;
        }

        RegistryDecision decision = await DecideAfreshAsync(principal, name, cancellationToken);
        _decisions.Keep(version, key, decision);
        return decision;
    }

    private async ValueTask<RegistryDecision> DecideAfreshAsync(RegistryPrincipal principal, RegistryName? name, CancellationToken cancellationToken)
    {
        if (await authorizer.ResolveRegistryRolesAsync(principal, cancellationToken) is not var (roles, type))
        {
            return RegistryDecision.NoUser;
        }

        if (name is null || await repositories.FindRepositoryAsync(principal.AccountId, name.Repository, cancellationToken) is not { } repository)
        {
            return new RegistryDecision(true, null, RegistryActions.None);
        }

        return new RegistryDecision(true, repository, await authorizer.AuthorizeRegistryAsync(roles, type, repository, cancellationToken));
    }

    private sealed record DecisionKey(RegistryPrincipal Principal, RepositoryKey? Repository);
}
