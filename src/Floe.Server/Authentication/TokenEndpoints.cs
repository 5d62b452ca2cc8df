using System.Text.Json;
using Floe.Core.Metadata;
using Floe.Server.Endpoints;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Floe.Server.Authentication;

/// <summary>
/// <c>POST /oauth/token</c>: a form without <c>service</c> is a session login
/// (<c>grant_type=password</c> with a password or a programmatic access token, or
/// <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer</c> with a key-pair JWT as <c>assertion</c>;
/// or <c>grant_type=urn:ietf:params:oauth:grant-type:token-exchange</c> with an identity provider's access token as
/// <c>subject_token</c>; optional <c>scope=session:role:&lt;ROLE&gt;</c>) answered with <c>{"token","expires_in","token_type"}</c>;
/// a form with <c>service</c> is the registry-token flow of <see cref="RegistryTokenEndpoints"/>.
/// </summary>
public static class TokenEndpoints
{
    /// <summary>The largest token request accepted: a form of a few short fields.</summary>
    public const int MaxFormBytes = 64 * 1024;

    /// <summary>The key-pair grant (RFC 7523): <c>assertion</c> is a JWT signed with the user's private key.</summary>
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>Token exchange (RFC 8693): <c>subject_token</c> is an access token of the account's identity provider.</summary>
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    private const string RolePrefix = "session:role:";

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/oauth/token", new Func<HttpContext, Task<IResult>>(PostAsync));
        endpoints.MapRegistryTokenEndpoints();
        return endpoints;
    }

    private static async Task<IResult> PostAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        AccountRecord? account = await context.RequestServices.GetRequiredService<AccountResolver>().ResolveAsync(context.Request.Host, cancellationToken);
        if (account is null)
        {
            return OAuthError(404, "invalid_request", $"the host '{context.Request.Host.Host}' names no account");
        }

        Dictionary<string, StringValues>? form = await ReadFormAsync(context.Request, cancellationToken);
        if (form is null)
        {
            return OAuthError(400, "invalid_request", $"the body must be an application/x-www-form-urlencoded form of at most {MaxFormBytes} bytes");
        }

        if (form.ContainsKey("service"))
        {
            return await RegistryTokenEndpoints.PostAsync(context, account, form);
        }

        SessionService sessions = context.RequestServices.GetRequiredService<SessionService>();
        string? scopeRole = RoleFromScope(form.GetValueOrDefault("scope"));
        string? grant = form.GetValueOrDefault("grant_type");
        LoginOutcome outcome;
        if (grant == JwtBearerGrant)
        {
            string? assertion = form.GetValueOrDefault("assertion");
            if (string.IsNullOrEmpty(assertion))
            {
                return OAuthError(400, "invalid_request", "assertion is required");
            }

            outcome = await sessions.LoginWithKeyPairAsync(account, assertion, scopeRole, cancellationToken);
        }
        else if (grant == "password")
        {
            string? username = form.GetValueOrDefault("username");
            string? password = form.GetValueOrDefault("password");
            if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            {
                return OAuthError(400, "invalid_request", "username and password are required");
            }

            outcome = await sessions.LoginAsync(account, username, password, scopeRole, cancellationToken);
        }
        else if (grant == TokenExchangeGrant)
        {
            string? subject = form.GetValueOrDefault("subject_token");
            string? subjectType = form.GetValueOrDefault("subject_token_type");
            if (string.IsNullOrEmpty(subject))
            {
                return OAuthError(400, "invalid_request", "subject_token is required");
            }

            if (subjectType is not (null or "urn:ietf:params:oauth:token-type:access_token" or "urn:ietf:params:oauth:token-type:jwt"))
            {
                return OAuthError(400, "invalid_request", "subject_token_type must be urn:ietf:params:oauth:token-type:access_token or urn:ietf:params:oauth:token-type:jwt");
            }

            outcome = await sessions.LoginWithExternalTokenAsync(account, subject, scopeRole, cancellationToken);
        }
        else
        {
            return OAuthError(400, "unsupported_grant_type", $"grant_type '{grant}' is not supported; use 'password', '{JwtBearerGrant}' or '{TokenExchangeGrant}'");
        }

        return outcome.Succeeded
            ? Results.Json(new SessionTokenResponse(outcome.Token!, outcome.ExpiresIn, "Bearer"), TokenJson.Default.SessionTokenResponse)
            : OAuthFailure(context, outcome);
    }

    /// <summary>The role of <c>scope=session:role:&lt;ROLE&gt;</c>, normalized like an identifier.</summary>
    internal static string? RoleFromScope(string? scope)
    {
        string? requested = scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(s => s.StartsWith(RolePrefix, StringComparison.OrdinalIgnoreCase))?[RolePrefix.Length..];
        if (string.IsNullOrEmpty(requested))
        {
            return null;
        }

        return Floe.Sql.Ast.Identifier.TryParse(requested, out Floe.Sql.Ast.Identifier identifier) ? identifier.Normalized : requested;
    }

    private static async Task<Dictionary<string, StringValues>?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        byte[]? body = await RequestBody.ReadCappedAsync(request, MaxFormBytes, cancellationToken);
        return body is null ? null : QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
    }

    /// <summary>A refused login as an OAuth error, with <c>Retry-After</c> when the client must wait.</summary>
    internal static IResult OAuthFailure(HttpContext context, LoginOutcome failure)
    {
        if (failure.RetryAfterSeconds is int seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return OAuthError(failure.Status, failure.Error!, failure.Description!);
    }

    internal static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new OAuthErrorResponse(error, description), TokenJson.Default.OAuthErrorResponse, statusCode: status);

    private static string? GetValueOrDefault(this Dictionary<string, StringValues> form, string key) =>
        form.TryGetValue(key, out StringValues value) ? value.ToString() : null;
}
