namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// Privileges on objects. One grants table covers every object type;
/// OWNERSHIP is exactly one row per owned object and moves only by <see cref="TransferOwnershipAsync"/>.
/// </summary>
public interface IGrantStore
{
    /// <summary>
    /// Grants every privilege of the list, all or none. Granting a held privilege again keeps it and
    /// adds the grant option when asked (never removes it).
    /// </summary>
    ValueTask<GrantStatus> GrantPrivilegesAsync(PrivilegeGrant grant, CancellationToken cancellationToken);

    /// <summary>
    /// Revokes the privileges (or only their grant option) from the role; the number of grants
    /// changed. OWNERSHIP is never revoked here.
    /// </summary>
    ValueTask<int> RevokePrivilegesAsync(
        long accountId, SecurableObject target, IReadOnlyCollection<Privilege> privileges, long granteeRoleId, bool grantOptionOnly, CancellationToken cancellationToken);

    /// <summary>GRANT OWNERSHIP ... [COPY | REVOKE] CURRENT GRANTS (see <see cref="CurrentGrants"/>).</summary>
    ValueTask<TransferStatus> TransferOwnershipAsync(
        long accountId, SecurableObject target, long newOwnerRoleId, long? grantedByRoleId, CurrentGrants currentGrants, CancellationToken cancellationToken);

    /// <summary><c>SHOW GRANTS ON</c>: OWNERSHIP first, then by privilege and grantee.</summary>
    ValueTask<IReadOnlyList<GrantRecord>> ListGrantsOnAsync(long accountId, SecurableObject target, CancellationToken cancellationToken);

    /// <summary><c>SHOW GRANTS TO ROLE</c>, privileges part: ordered by object type, object, privilege.</summary>
    ValueTask<IReadOnlyList<GrantRecord>> ListGrantsToRoleAsync(long accountId, long roleId, CancellationToken cancellationToken);

    /// <summary>
    /// GRANT ... ON FUTURE &lt;type&gt;S IN SCHEMA. Only image repositories have future grants. A future
    /// OWNERSHIP replaces the schema's previous future owner for that type.
    /// </summary>
    ValueTask<GrantStatus> GrantFuturePrivilegesAsync(FuturePrivilegeGrant grant, CancellationToken cancellationToken);

    ValueTask<int> RevokeFuturePrivilegesAsync(
        long accountId, long schemaId, SecurableType objectType, IReadOnlyCollection<Privilege> privileges, long granteeRoleId, bool grantOptionOnly,
        CancellationToken cancellationToken);

    /// <summary><c>SHOW FUTURE GRANTS IN SCHEMA</c>, by object type, privilege, grantee.</summary>
    ValueTask<IReadOnlyList<FutureGrantRecord>> ListFutureGrantsAsync(long accountId, long schemaId, CancellationToken cancellationToken);
}

/// <summary>A GRANT ... ON FUTURE &lt;ObjectType&gt;S IN SCHEMA &lt;SchemaId&gt;.</summary>
public sealed record FuturePrivilegeGrant(
    long AccountId,
    long SchemaId,
    SecurableType ObjectType,
    IReadOnlyCollection<Privilege> Privileges,
    long GranteeRoleId,
    bool WithGrantOption,
    long? GrantedByRoleId);

/// <summary>What the authorizer reads: a user's roles and the privileges of a role set, each in one query.</summary>
public interface IAuthorizationStore
{
    /// <summary>The user's role graph (see <see cref="UserRoleGraph"/>); <c>null</c> when the user is not in the account.</summary>
    ValueTask<UserRoleGraph?> LoadUserRoleGraphAsync(long accountId, long userId, CancellationToken cancellationToken);

    /// <summary>What any of <paramref name="roleIds"/> holds on any of <paramref name="targets"/>.</summary>
    ValueTask<IReadOnlyList<HeldPrivilege>> ListHeldPrivilegesAsync(
        long accountId, IReadOnlyCollection<long> roleIds, IReadOnlyCollection<SecurableObject> targets, CancellationToken cancellationToken);

    /// <summary>What any of <paramref name="roleIds"/> holds on any object of one of <paramref name="types"/> (for SHOW and the catalog).</summary>
    ValueTask<IReadOnlyList<HeldPrivilege>> ListHeldPrivilegesOfTypesAsync(
        long accountId, IReadOnlyCollection<long> roleIds, IReadOnlyCollection<SecurableType> types, CancellationToken cancellationToken);

    /// <summary>
    /// The security version: a number that grows in the same transaction as every commit that can change
    /// a registry decision — a user created, altered, disabled or dropped; a role created, renamed or
    /// dropped; a role granted or revoked; a privilege granted or revoked; a repository, schema,
    /// database or account created, altered or dropped. Whoever reads the version before reading
    /// what a decision depends on may reuse the decision for as long as the version has not moved.
    /// </summary>
    ValueTask<long> ReadSecurityVersionAsync(CancellationToken cancellationToken);
}

/// <summary>Programmatic access tokens; the store only ever sees their hashes.</summary>
public interface IAccessTokenStore
{
    /// <summary>
    /// <see cref="CreateStatus.AlreadyExists"/> when the user has a token of that name;
    /// <see cref="CreateStatus.NotFound"/> when the user or the restricted role is not in the account.
    /// </summary>
    ValueTask<CreateResult<AccessTokenRecord>> AddAccessTokenAsync(NewAccessToken token, CancellationToken cancellationToken);

    ValueTask<bool> RemoveAccessTokenAsync(long accountId, long userId, string name, CancellationToken cancellationToken);

    /// <summary>The user's tokens, expired ones included, by name: for SHOW and for verifying a presented secret.</summary>
    ValueTask<IReadOnlyList<AccessTokenRecord>> ListAccessTokensAsync(long accountId, long userId, CancellationToken cancellationToken);

    /// <summary>The unexpired token with that hash, whoever's it is within the account.</summary>
    ValueTask<AccessTokenRecord?> FindAccessTokenAsync(long accountId, string tokenHash, CancellationToken cancellationToken);
}

/// <summary>Authentication policies: schema objects, set on the account or on users.</summary>
public interface IAuthenticationPolicyStore
{
    /// <summary>OR REPLACE of a policy set on the account or a user is <see cref="CreateStatus.Protected"/>.</summary>
    ValueTask<CreateResult<AuthenticationPolicyRecord>> CreateAuthenticationPolicyAsync(
        NewAuthenticationPolicy policy, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<AuthenticationPolicyRecord?> FindAuthenticationPolicyAsync(long accountId, long schemaId, string name, CancellationToken cancellationToken);

    ValueTask<AuthenticationPolicyRecord?> FindAuthenticationPolicyByIdAsync(long accountId, long policyId, CancellationToken cancellationToken);

    /// <summary>Ordered by database, schema, name.</summary>
    ValueTask<IReadOnlyList<AuthenticationPolicyRecord>> ListAuthenticationPoliciesAsync(long accountId, CancellationToken cancellationToken);

    /// <summary><see cref="DropStatus.InUse"/> while it is set on the account or a user.</summary>
    ValueTask<DropStatus> DropAuthenticationPolicyAsync(long accountId, long policyId, CancellationToken cancellationToken);

    /// <summary>Sets (or with <c>null</c> unsets) the account's policy; <c>false</c> when the policy is not in the account.</summary>
    ValueTask<bool> SetAccountAuthenticationPolicyAsync(long accountId, long? policyId, CancellationToken cancellationToken);

    /// <summary>Sets (or unsets) the user's policy; <see cref="AlterStatus.NotFound"/> when the user or policy is not in the account.</summary>
    ValueTask<AlterStatus> SetUserAuthenticationPolicyAsync(long accountId, long userId, long? policyId, CancellationToken cancellationToken);

    /// <summary>The policy that governs the user's sign-in: the user's own, else the account's, else <c>null</c>.</summary>
    ValueTask<AuthenticationPolicyRecord?> FindEffectiveAuthenticationPolicyAsync(long accountId, long userId, CancellationToken cancellationToken);
}

/// <summary>SQL sessions, shared by every node.</summary>
public interface ISessionStore
{
    /// <summary><c>false</c> when the user is not in the session's account.</summary>
    ValueTask<bool> CreateSessionAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>The session, unless it has expired by the store's clock.</summary>
    ValueTask<SessionRecord?> FindSessionAsync(long accountId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>Saves role, database, schema, secondary roles and expiry; <c>false</c> when the session is gone.</summary>
    ValueTask<bool> UpdateSessionAsync(SessionRecord session, CancellationToken cancellationToken);

    ValueTask<bool> DeleteSessionAsync(long accountId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>Removes every session of every account that expired at or before <paramref name="now"/>; how many.</summary>
    ValueTask<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Every control-plane role in one object.</summary>
public interface IControlPlaneStore :
    IAccountCatalog, IDatabaseStore, IImageRepositoryStore, IRoleStore, IUserStore, IGrantStore,
    IAuthorizationStore, IAccessTokenStore, IAuthenticationPolicyStore, ISessionStore, ISigningKeyStore, IRefreshTokenStore,
    ISecurityIntegrationStore, IDataProtectionKeyStore;
