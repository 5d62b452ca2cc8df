using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Execution;

namespace Floe.Server.Authentication;

/// <summary>A session a bearer token stands for: its stored record and the state the SQL engine uses.</summary>
internal sealed record AuthenticatedSession(SessionRecord Record, SqlSession State)
{
    /// <summary>Whether the session is stored; one made for a single request (an identity provider's token) is not.</summary>
    public bool Stored { get; init; } = true;
}

/// <summary>
/// SQL sessions: logs users in with a password, a programmatic access token or a key-pair JWT,
/// issues the session token, and turns a bearer token back into its session. Only the token's hash
/// is stored; the session's state is in the metadata store, so any node serves it.
/// </summary>
internal sealed class SessionService(
    IControlPlaneStore store, Authorizer authorizer, LoginVerifier verifier, KeyPairVerifier keyPairs, ExternalTokenValidator external,
    TimeProvider time, TokenOptions options)
{
    public const string TokenPrefix = "floe-session-";

    public async Task<LoginOutcome> LoginAsync(AccountRecord account, string username, string secret, string? scopeRole, CancellationToken cancellationToken) =>
        await StartAsync(account, await verifier.VerifyAsync(account, username, secret, cancellationToken), scopeRole, cancellationToken);

    /// <summary>A session for the user a key-pair JWT (<c>assertion</c>) proves to be.</summary>
    public async Task<LoginOutcome> LoginWithKeyPairAsync(AccountRecord account, string assertion, string? scopeRole, CancellationToken cancellationToken) =>
        await StartAsync(account, await keyPairs.VerifyAsync(account, assertion, cancellationToken), scopeRole, cancellationToken);

    /// <summary>
    /// A session for the user an identity provider's access token maps to (token exchange). The role is
    /// the one asked for in the form, else the token's <c>session:role:</c> scope, else the user's default.
    /// </summary>
    public async Task<LoginOutcome> LoginWithExternalTokenAsync(AccountRecord account, string token, string? scopeRole, CancellationToken cancellationToken)
    {
        LoginResult login = await external.ValidateAsync(account, token, cancellationToken);
        return await StartAsync(account, login, scopeRole ?? login.Role, cancellationToken);
    }

    /// <summary>
    /// A session for one SQL API request made with an identity provider's access token
    /// (<c>X-Snowflake-Authorization-Token-Type: OAUTH</c>): checked like a token exchange, never stored.
    /// </summary>
    public async Task<(AuthenticatedSession? Session, LoginOutcome? Failure)> AuthenticateExternalAsync(
        AccountRecord account, string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, LoginOutcome.BadCredentials());
        }

        LoginResult login = await external.ValidateAsync(account, authorization[scheme.Length..].Trim(), cancellationToken);
        if (login.Failure is not null)
        {
            return (null, login.Failure);
        }

        UserRecord user = login.User!;
        string? role = await ChooseRoleAsync(account, user, login.Role ?? login.RoleRestriction, login.RoleRestriction, cancellationToken);
        if (Refusal(login, role) is { } refused)
        {
            return (null, refused);
        }

        DateTimeOffset now = time.GetUtcNow();
        SecondaryRoles secondary = login.RoleRestriction is null ? SecondaryRoles.All : SecondaryRoles.None;
        SessionRecord record = new(string.Empty, account.Id, user.Id, role, null, null, secondary, now, now, login.RoleRestriction);
        SqlSession state = new(account.Id, account.Name, user.Id, user.Name, role, null, null, secondary == SecondaryRoles.All, login.RoleRestriction);
        return (new AuthenticatedSession(record, state) { Stored = false }, null);
    }

    /// <summary>
    /// Why the chosen role cannot open the session: not granted (or outside the restriction), or, for an
    /// identity provider's token, one of <see cref="ExternalTokenValidator.BlockedRoles"/>.
    /// </summary>
    private static LoginOutcome? Refusal(LoginResult login, string? role) =>
        role is null
            ? LoginOutcome.Fail(400, "invalid_scope", $"Role '{login.Role ?? login.RoleRestriction}' specified in the connect string is not granted to this user.")
            : login.Method == AuthenticationMethods.OAuth && ExternalTokenValidator.BlockedRoles.Contains(role, StringComparer.Ordinal)
                ? LoginOutcome.Fail(400, "invalid_scope", $"Role '{role}' cannot be used with an identity provider's token; choose another role.")
                : null;

    /// <summary>
    /// Opens the session of a successful login. A role-restricted token's session keeps the restriction
    ///: it starts in that role (or the one asked for, which must lie within it) without
    /// secondary roles, and can never act outside the restriction role's hierarchy.
    /// </summary>
    private async Task<LoginOutcome> StartAsync(AccountRecord account, LoginResult login, string? scopeRole, CancellationToken cancellationToken)
    {
        if (login.Failure is not null)
        {
            return login.Failure;
        }

        UserRecord user = login.User!;
        string? role = await ChooseRoleAsync(account, user, scopeRole ?? login.RoleRestriction, login.RoleRestriction, cancellationToken);
        if (Refusal(login with { Role = scopeRole ?? login.RoleRestriction }, role) is { } refused)
        {
            return refused;
        }

        string token = SecretHasher.NewSecret(TokenPrefix);
        DateTimeOffset now = time.GetUtcNow();
        SessionRecord session = new(
            SecretHasher.Hash(token), account.Id, user.Id, role, null, null,
            login.RoleRestriction is null ? SecondaryRoles.All : SecondaryRoles.None, now, now + options.SessionLifetime, login.RoleRestriction);
        await store.CreateSessionAsync(session, cancellationToken);
        return LoginOutcome.Success(token, (int)options.SessionLifetime.TotalSeconds);
    }

    /// <summary>The session of an <c>Authorization: Bearer &lt;token&gt;</c> header, when it is valid now.</summary>
    public async Task<AuthenticatedSession?> AuthenticateBearerAsync(AccountRecord account, string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return await FindSessionAsync(account, authorization[scheme.Length..].Trim(), cancellationToken);
    }

    /// <summary>The session of a token, when it exists, has not expired, and its user may still log in.</summary>
    public async Task<AuthenticatedSession?> FindSessionAsync(AccountRecord account, string token, CancellationToken cancellationToken)
    {
        SessionRecord? record = await store.FindSessionAsync(account.Id, SecretHasher.Hash(token), cancellationToken);
        if (record is null || record.ExpiresOn <= time.GetUtcNow())
        {
            return null;
        }

        UserRecord? user = await store.FindUserByIdAsync(account.Id, record.UserId, cancellationToken);
        if (user is null || user.Disabled)
        {
            return null;
        }

        SqlSession state = new(account.Id, account.Name, user.Id, user.Name, record.Role, record.Database, record.Schema,
            record.SecondaryRoles == SecondaryRoles.All, record.RoleRestriction);
        return new AuthenticatedSession(record, state);
    }

    /// <summary>Keeps what the statements changed (USE …) for the session's next request.</summary>
    public async Task SaveAsync(AuthenticatedSession session, SqlSession state, CancellationToken cancellationToken)
    {
        if (!session.Stored)
        {
            return;
        }

        SessionRecord updated = session.Record with
        {
            Role = state.Role,
            Database = state.Database,
            Schema = state.Schema,
            SecondaryRoles = state.SecondaryRolesAll ? SecondaryRoles.All : SecondaryRoles.None,
        };
        if (updated != session.Record)
        {
            await store.UpdateSessionAsync(updated, cancellationToken);
        }
    }

    /// <summary>
    /// The session's primary role: the one asked for (it must be granted to the user), else the user's
    /// default role when it is still granted, else PUBLIC. <c>null</c> when the role asked for is not granted
    /// (or, for a restricted login, lies outside the restriction).
    /// </summary>
    private async Task<string?> ChooseRoleAsync(
        AccountRecord account, UserRecord user, string? requested, string? restriction, CancellationToken cancellationToken)
    {
        SessionRecord probe = new(string.Empty, account.Id, user.Id, null, null, null, SecondaryRoles.All, default, default, restriction);
        SessionRoles? roles = await authorizer.ResolveSessionAsync(probe, cancellationToken);
        if (requested is not null)
        {
            return roles is not null && roles.Effective.Contains(requested) ? requested : null;
        }

        return user.DefaultRole is { } fallback && roles is not null && roles.Effective.Contains(fallback) ? fallback : SystemRoles.Public;
    }
}
