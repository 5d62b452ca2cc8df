using System.Globalization;
using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Floe.Server.Authentication;

/// <summary>
/// The Docker registry-token flow: <c>GET /oauth/token</c> and <c>GET /login</c>
/// with Basic credentials, and <c>POST /oauth/token</c> with an OAuth2 form that names a <c>service</c>.
/// Each answers <c>{"token","access_token","expires_in","issued_at"}</c> for the account of the request host.
/// </summary>
internal static class RegistryTokenEndpoints
{
    public static IEndpointRouteBuilder MapRegistryTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/oauth/token", new Func<HttpContext, Task<IResult>>(GetAsync));
        endpoints.MapGet("/login", new Func<HttpContext, Task<IResult>>(GetAsync));
        return endpoints;
    }

    private static async Task<IResult> GetAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        AccountRecord? account = await context.RequestServices.GetRequiredService<AccountResolver>().ResolveAsync(context.Request.Host, cancellationToken);
        if (account is null)
        {
            return TokenEndpoints.OAuthError(404, "invalid_request", $"the host '{context.Request.Host.Host}' names no account");
        }

        BasicCredentials? credentials = BasicCredentials.Parse(context.Request.Headers.Authorization);
        return await IssueAsync(context, account, credentials, context.Request.Query["scope"], cancellationToken);
    }

    /// <summary>
    /// <c>POST /oauth/token</c> with <c>service</c>: the password grant (a password, a PAT or
    /// <c>0sessiontoken</c>), the key-pair grant (<c>assertion</c>) or the refresh-token grant; <c>access_type=offline</c> adds a refresh token.
    /// </summary>
    public static async Task<IResult> PostAsync(HttpContext context, AccountRecord account, IReadOnlyDictionary<string, StringValues> form)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        string? grant = Value(form, "grant_type");
        bool offline = Value(form, "access_type") == "offline";
        StringValues scopes = form.GetValueOrDefault("scope");
        if (grant == "refresh_token")
        {
            RegistryRefreshTokens refresh = context.RequestServices.GetRequiredService<RegistryRefreshTokens>();
            return await IssueAsync(context, account, refresh.RedeemAsync(account, Value(form, "refresh_token"), cancellationToken), scopes, false, cancellationToken);
        }

        RegistryCallerVerifier callers = context.RequestServices.GetRequiredService<RegistryCallerVerifier>();
        if (grant == TokenEndpoints.JwtBearerGrant)
        {
            string? assertion = Value(form, "assertion");
            return string.IsNullOrEmpty(assertion)
                ? TokenEndpoints.OAuthError(400, "invalid_request", "assertion is required")
                : await IssueAsync(context, account, callers.VerifyKeyPairAsync(account, assertion, cancellationToken), scopes, offline, cancellationToken);
        }

        if (grant != "password")
        {
            return TokenEndpoints.OAuthError(400, "unsupported_grant_type",
                $"grant_type '{grant}' is not supported for registry tokens; use 'password', 'refresh_token' or '{TokenEndpoints.JwtBearerGrant}'");
        }

        string? username = Value(form, "username");
        string? password = Value(form, "password");
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            return TokenEndpoints.OAuthError(400, "invalid_request", "username and password are required");
        }

        Task<CallerResult> verify = callers.VerifyAsync(account, BasicCredentials.From(username, password), cancellationToken);
        return await IssueAsync(context, account, verify, scopes, offline, cancellationToken);
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context, AccountRecord account, BasicCredentials? credentials, StringValues scopeValues, CancellationToken cancellationToken)
    {
        Task<CallerResult> verify = context.RequestServices.GetRequiredService<RegistryCallerVerifier>().VerifyAsync(account, credentials, cancellationToken);
        return await IssueAsync(context, account, verify, scopeValues, false, cancellationToken);
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context, AccountRecord account, Task<CallerResult> verify, StringValues scopeValues, bool offline, CancellationToken cancellationToken)
    {
        CallerResult verified = await verify;
        if (!RegistryScope.TryParseAll(scopeValues, out IReadOnlyList<RegistryScope> scopes))
        {
            return TokenEndpoints.OAuthError(400, "invalid_scope", "a scope is not of the form type:name:action[,action]");
        }

        if (FindInvalidRepositoryName(scopes) is { } problem)
        {
            // 401, not OAuth's 400: docker, podman and skopeo print the message of a refused token request
            // only when it is a 401 (docker: "unauthorized: <details>"), and none of them retries it. Left to
            // the /v2/ endpoints, the same NAME_INVALID made docker retry its blob upload for 50 s and made
            // podman and skopeo print only "400 (Bad Request)" for their blob HEAD.
            return TokenEndpoints.OAuthError(401, "invalid_scope", $"{RegistryErrors.NameInvalid.Message}: {problem}");
        }

        if (verified.Caller is null)
        {
            LoginOutcome failure = verified.Failure!;
            return TokenEndpoints.OAuthFailure(context, failure);
        }

        Observability.AccessLogEntry.NoteUser(context, verified.Caller.User.Name);
        IssuedRegistryToken issued = await context.RequestServices.GetRequiredService<RegistryTokenIssuer>().IssueAsync(verified.Caller, scopes, cancellationToken);
        string? refreshToken = offline
            ? await context.RequestServices.GetRequiredService<RegistryRefreshTokens>().IssueAsync(verified.Caller, cancellationToken)
            : null;
        string issuedAt = issued.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new RegistryTokenResponse(issued.Token, issued.Token, issued.ExpiresIn, issuedAt, refreshToken), TokenJson.Default.RegistryTokenResponse);
    }

    /// <summary>
    /// Why the first repository scope's name is not a Floe name (<see cref="RegistryName.TryParse"/>), or null.
    /// A malformed name is the client's mistake whoever asks, so it is said before the credentials are.
    /// A well-formed name of a repository that does not exist still gets a token without that grant.
    /// </summary>
    private static string? FindInvalidRepositoryName(IReadOnlyList<RegistryScope> scopes)
    {
        foreach (RegistryScope scope in scopes)
        {
            if (scope.Type == RegistryScope.RepositoryType && !RegistryName.TryParse(scope.Name, out _, out string? problem))
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Value(IReadOnlyDictionary<string, StringValues> form, string key) =>
        form.TryGetValue(key, out StringValues value) ? value.ToString() : null;
}
