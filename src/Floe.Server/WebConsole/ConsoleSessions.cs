using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Server.Authentication;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.WebConsole;

/// <summary>
/// The console's sign-in: the same SQL session a <c>POST /oauth/token</c> login opens (same password
/// check, failed-login throttle, refusal messages and lifetime), its token kept in an
/// <c>HttpOnly</c>, <c>SameSite=Strict</c> cookie (<c>Secure</c> over HTTPS) that no script can read.
/// </summary>
internal sealed class ConsoleSessions(AccountResolver accounts, SessionService sessions, IControlPlaneStore store)
{
    public const string CookieName = "floe_console_session";

    /// <summary>The account of the request's host, or <c>null</c> when the host names none.</summary>
    public async Task<AccountRecord?> AccountAsync(HttpContext context) =>
        await accounts.ResolveAsync(context.Request.Host, context.RequestAborted);

    /// <summary>The signed-in session of the request's cookie, when it is valid now (not expired, user enabled).</summary>
    public async Task<ConsoleUser?> CurrentAsync(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out string? token) || string.IsNullOrEmpty(token))
        {
            return null;
        }

        AccountRecord? account = await AccountAsync(context);
        if (account is null)
        {
            return null;
        }

        AuthenticatedSession? session = await sessions.FindSessionAsync(account, token, context.RequestAborted);
        return session is null ? null : new ConsoleUser(account, session);
    }

    /// <summary>Signs in with a password; on success the cookie holds the new session. The refusal otherwise.</summary>
    public async Task<LoginOutcome> SignInAsync(HttpContext context, AccountRecord account, string user, string password)
    {
        LoginOutcome outcome = await sessions.LoginAsync(account, user, password, null, context.RequestAborted);
        return Keep(context, outcome);
    }

    /// <summary>Signs in with an identity provider's access token, as a token exchange does; on success the cookie holds the new session.</summary>
    public async Task<LoginOutcome> SignInWithExternalTokenAsync(HttpContext context, AccountRecord account, string accessToken)
    {
        LoginOutcome outcome = await sessions.LoginWithExternalTokenAsync(account, accessToken, null, context.RequestAborted);
        return Keep(context, outcome);
    }

    private static LoginOutcome Keep(HttpContext context, LoginOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            context.Response.Cookies.Append(CookieName, outcome.Token!, CookieOptions(context, TimeSpan.FromSeconds(outcome.ExpiresIn)));
        }

        return outcome;
    }

    /// <summary>Ends the session (its stored record is deleted, so the token is dead everywhere) and clears the cookie.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out string? token) && !string.IsNullOrEmpty(token)
            && await AccountAsync(context) is { } account)
        {
            await store.DeleteSessionAsync(account.Id, SecretHasher.Hash(token), context.RequestAborted);
        }

        context.Response.Cookies.Delete(CookieName, CookieOptions(context, null));
    }

    private static CookieOptions CookieOptions(HttpContext context, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = ConsoleEndpoints.Root,
        MaxAge = lifetime,
        IsEssential = true,
    };
}

/// <summary>A signed-in console user: the account and the SQL session everything runs as.</summary>
internal sealed record ConsoleUser(AccountRecord Account, AuthenticatedSession Session)
{
    public string Name => Session.State.UserName;

    public string? Role => Session.State.Role;
}
