using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Server.Observability;
using Floe.Server.Observability.History;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Authentication;

/// <summary>What a login attempt came to: the user and, for a token with one, its role restriction — or the refusal.</summary>
internal sealed record LoginResult(UserRecord? User, AuthenticationMethods Method, string? RoleRestriction, LoginOutcome? Failure)
{
    /// <summary>The role the credential itself asks for (an identity provider's <c>session:role:</c> scope), if any.</summary>
    public string? Role { get; init; }

    public static LoginResult Refused(LoginOutcome failure) => new(null, AuthenticationMethods.None, null, failure);
}

/// <summary>
/// Checks a user name and a secret — a password or a programmatic access token —
/// against the account's users, their state (disabled, service users have no password) and the
/// authentication policy in force. Bad credentials all get one generic answer, and an unknown
/// user costs the same password-hashing time as a known one.
/// </summary>
internal sealed class LoginVerifier(
    IControlPlaneStore store, PasswordHasher passwords, VerifiedPasswords verified, LoginThrottle throttle, IHttpContextAccessor http, TimeProvider time, FloeMetrics metrics,
    HistoryRecorder history)
{
    public const string GenericFailure = "Incorrect username or password was specified.";

    public Task<LoginResult> VerifyAsync(AccountRecord account, string username, string secret, CancellationToken cancellationToken) =>
        ThrottledAsync(account, username, () => CheckAsync(account, username, secret, cancellationToken));

    /// <summary>
    /// Runs a login check under the failed-login throttle: refused at once while
    /// <paramref name="username"/> from this address must wait; a generic refusal counts as a failure,
    /// a success clears the count. Every login method goes through here, and is counted in the login metrics
    /// under the method the secret turned out to be, else <paramref name="attempted"/> (a wrong password and a
    /// wrong PAT cannot be told apart: both count as <c>password</c>).
    /// </summary>
    public async Task<LoginResult> ThrottledAsync(
        AccountRecord account, string username, Func<Task<LoginResult>> check, AuthenticationMethods attempted = AuthenticationMethods.Password)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(check);
        string address = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(account.Id, username, address) is { } wait)
        {
            metrics.RecordLogin(FloeMetrics.MethodOf(AuthenticationMethods.None, attempted), LoginMetricResult.Throttled);
            LoginOutcome throttled = LoginOutcome.TooManyFailures(wait);
            history.RecordLogin(LoginEvents.Of(account, username, http.HttpContext, time, LoginEvents.Factor(attempted), throttled));
            return LoginResult.Refused(throttled);
        }

        LoginResult result = await check();
        LoginMetricResult outcome;
        if (result.Failure is null)
        {
            throttle.RecordSuccess(account.Id, username, address);
            outcome = LoginMetricResult.Success;
        }
        else if (result.Failure.Status == 401 && result.Failure.Description == GenericFailure)
        {
            throttle.RecordFailure(account.Id, username, address);
            outcome = LoginMetricResult.Failure;
        }
        else
        {
            outcome = LoginMetricResult.PolicyRefused;
        }

        metrics.RecordLogin(FloeMetrics.MethodOf(result.Method, attempted), outcome);
        history.RecordLogin(LoginEvents.Of(account, result.User?.Name ?? username, http.HttpContext, time,
            LoginEvents.Factor(result.Method == AuthenticationMethods.None ? attempted : result.Method), result.Failure));
        return result;
    }

    /// <summary>
    /// The refusal of the authentication policy in force for the user when it does not
    /// allow <paramref name="method"/> — a clear message, not the generic one — or <c>null</c>.
    /// </summary>
    public async Task<LoginOutcome?> CheckPolicyAsync(AccountRecord account, UserRecord user, AuthenticationMethods method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(user);
        AuthenticationPolicyRecord? policy = await store.FindEffectiveAuthenticationPolicyAsync(account.Id, user.Id, cancellationToken);
        if (policy is null || policy.Methods.HasFlag(method))
        {
            return null;
        }

        string name = method.ToSql()[0];
        return LoginOutcome.Fail(401, "invalid_grant",
            $"Authentication policy {policy.Name} does not allow {name} authentication for user {user.Name}; use another method (for example a programmatic access token).");
    }

    private async Task<LoginResult> CheckAsync(AccountRecord account, string username, string secret, CancellationToken cancellationToken)
    {
        UserRecord? user = await FindUserAsync(account.Id, username, cancellationToken);
        if (user is null)
        {
            passwords.VerifyAgainstNothing(secret);
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        (AuthenticationMethods method, string? restriction) = await IdentifySecretAsync(account, user, secret, cancellationToken);
        if (method == AuthenticationMethods.None || user.Disabled)
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        return await CheckPolicyAsync(account, user, method, cancellationToken) is { } refusal
            ? new LoginResult(null, method, null, refusal)
            : new LoginResult(user, method, restriction, null);
    }

    /// <summary>
    /// Which method <paramref name="secret"/> proves for <paramref name="user"/>. A PAT is looked up first:
    /// it is a 256-bit random secret found by its SHA-256, so no password can be mistaken for it, and a
    /// PAT login of a user who also has a password no longer pays for a failed PBKDF2 check first. A
    /// password is checked with PBKDF2 unless this node verified the same password against the same
    /// stored hash before (<see cref="VerifiedPasswords"/>).
    /// </summary>
    private async Task<(AuthenticationMethods Method, string? RoleRestriction)> IdentifySecretAsync(
        AccountRecord account, UserRecord user, string secret, CancellationToken cancellationToken)
    {
        AccessTokenRecord? token = await store.FindAccessTokenAsync(account.Id, SecretHasher.Hash(secret), cancellationToken);
        if (token is not null && token.UserId == user.Id && token.ExpiresOn > time.GetUtcNow())
        {
            return (AuthenticationMethods.ProgrammaticAccessToken, token.RoleRestriction);
        }

        if (user.Type == UserType.Person && user.PasswordHash is { } stored)
        {
            if (verified.Contains(user.Id, secret, stored))
            {
                return (AuthenticationMethods.Password, null);
            }

            if (PasswordHasher.Verify(secret, stored))
            {
                verified.Add(user.Id, secret, stored);
                return (AuthenticationMethods.Password, null);
            }
        }
        else
        {
            // No password to check: spend the same time, so the answer's timing says nothing.
            passwords.VerifyAgainstNothing(secret);
        }

        return (AuthenticationMethods.None, null);
    }

    /// <summary>The user behind a session or a token, when it still exists and is not disabled.</summary>
    public async Task<UserRecord?> FindUserByIdAsync(AccountRecord account, long userId, CancellationToken cancellationToken) =>
        await store.FindUserByIdAsync(account.Id, userId, cancellationToken) is { Disabled: false } user ? user : null;

    /// <summary>Users log in by login name, case-insensitively like Snowflake; the stored name is tried first.</summary>
    public async Task<UserRecord?> FindUserAsync(long accountId, string username, CancellationToken cancellationToken) =>
        await store.FindUserByLoginNameAsync(accountId, username, cancellationToken)
        ?? await store.FindUserByLoginNameAsync(accountId, username.ToUpperInvariant(), cancellationToken);
}
