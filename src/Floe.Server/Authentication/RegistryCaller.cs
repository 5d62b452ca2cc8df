using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Server.Observability;
using Floe.Server.Observability.History;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Authentication;

/// <summary>Who asks for a registry token: the user, and the role its credentials are restricted to, if any.</summary>
internal sealed record RegistryCaller(AccountRecord Account, UserRecord User, long? RoleRestrictionId)
{
    public RegistryPrincipal Principal => new(Account.Id, User.Id, RoleRestrictionId);
}

/// <summary>What checking Basic credentials came to: the caller, or the refusal to answer.</summary>
internal sealed record CallerResult(RegistryCaller? Caller, LoginOutcome? Failure);

/// <summary>
/// Checks the credentials of the registry-token flow: a password or a PAT through
/// <see cref="LoginVerifier"/> (so policies, disabled users and the generic failure apply), a key-pair
/// JWT through <see cref="KeyPairVerifier"/>, or a session token. A PAT's role restriction, or a session that acts with its primary role only, limits
/// the token to that role and the roles below it.
/// </summary>
internal sealed class RegistryCallerVerifier(
    LoginVerifier verifier, KeyPairVerifier keyPairs, SessionService sessions, IRoleStore roles, FloeMetrics metrics,
    HistoryRecorder history, IHttpContextAccessor http, TimeProvider time)
{
    /// <summary>The caller a key-pair JWT proves (the <c>jwt-bearer</c> grant of <c>POST /oauth/token</c> with <c>service</c>).</summary>
    public async Task<CallerResult> VerifyKeyPairAsync(AccountRecord account, string assertion, CancellationToken cancellationToken) =>
        await FromLoginAsync(account, await keyPairs.VerifyAsync(account, assertion, cancellationToken), cancellationToken);

    public async Task<CallerResult> VerifyAsync(AccountRecord account, BasicCredentials? credentials, CancellationToken cancellationToken)
    {
        if (credentials is null)
        {
            return new CallerResult(null, LoginOutcome.Fail(401, "invalid_client", "Basic credentials are required"));
        }

        return credentials.IsSessionToken
            ? await FromSessionAsync(account, credentials.Secret, cancellationToken)
            : await FromLoginAsync(account, credentials, cancellationToken);
    }

    private async Task<CallerResult> FromLoginAsync(AccountRecord account, BasicCredentials credentials, CancellationToken cancellationToken) =>
        await FromLoginAsync(account, await verifier.VerifyAsync(account, credentials.Username, credentials.Secret, cancellationToken), cancellationToken);

    private async Task<CallerResult> FromLoginAsync(AccountRecord account, LoginResult login, CancellationToken cancellationToken)
    {
        if (login.Failure is not null)
        {
            return new CallerResult(null, login.Failure);
        }

        long? restriction = await RoleIdAsync(account, login.RoleRestriction, cancellationToken);
        return restriction is null && login.RoleRestriction is not null
            ? new CallerResult(null, LoginOutcome.BadCredentials())
            : new CallerResult(new RegistryCaller(account, login.User!, restriction), null);
    }

    private async Task<CallerResult> FromSessionAsync(AccountRecord account, string token, CancellationToken cancellationToken)
    {
        CallerResult result = await CheckSessionAsync(account, token, cancellationToken);
        metrics.RecordLogin(LoginMetricMethod.SessionToken, result.Failure is null ? LoginMetricResult.Success : LoginMetricResult.Failure);
        history.RecordLogin(LoginEvents.Of(
            account, result.Caller?.User.Name ?? BasicCredentials.SessionTokenUser, http.HttpContext, time, LoginEvents.SessionToken, result.Failure));
        return result;
    }

    private async Task<CallerResult> CheckSessionAsync(AccountRecord account, string token, CancellationToken cancellationToken)
    {
        AuthenticatedSession? session = await sessions.FindSessionAsync(account, token, cancellationToken);
        UserRecord? user = session is null ? null : await FindUserAsync(account, session.Record.UserId, cancellationToken);
        if (session is null || user is null)
        {
            return new CallerResult(null, LoginOutcome.BadCredentials());
        }

        // A session without secondary roles acts with its primary role alone; with them, with every role of
        // the user — or, for a session opened with a restricted PAT, the restriction role's hierarchy.
        // The primary role of a restricted session lies within the restriction (the authorizer sees to it).
        string? restrictedTo = session.State.SecondaryRolesAll ? session.Record.RoleRestriction : session.State.Role ?? SystemRoles.Public;
        long? restriction = await RoleIdAsync(account, restrictedTo, cancellationToken);
        return restriction is null && restrictedTo is not null
            ? new CallerResult(null, LoginOutcome.BadCredentials())
            : new CallerResult(new RegistryCaller(account, user, restriction), null);
    }

    private async Task<UserRecord?> FindUserAsync(AccountRecord account, long userId, CancellationToken cancellationToken) =>
        await verifier.FindUserByIdAsync(account, userId, cancellationToken);

    private async Task<long?> RoleIdAsync(AccountRecord account, string? role, CancellationToken cancellationToken) =>
        role is null ? null : (await roles.FindRoleAsync(account.Id, role, cancellationToken))?.Id;
}
