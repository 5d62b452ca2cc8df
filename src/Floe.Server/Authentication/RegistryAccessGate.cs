using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Server.Endpoints;
using Floe.Server.Errors;
using Microsoft.AspNetCore.Http;

namespace Floe.Server.Authentication;

/// <summary>What a <c>/v2/</c> request needs: actions on one resource, or none beyond a valid token.</summary>
internal sealed record RequiredAccess(string Type, string Name, string[] Actions)
{
    private static readonly string[] Pull = [RegistryScope.Pull];
    private static readonly string[] PullPush = [RegistryScope.Pull, RegistryScope.Push];

    public string Scope => $"{Type}:{Name}:{string.Join(',', Actions)}";

    /// <summary>
    /// <c>null</c> for <c>/v2/</c> and for DELETE of manifests and blobs (answered 405 to anyone signed
    /// in); the catalog scope for <c>/v2/_catalog</c>; push and pull for uploads and manifest writes;
    /// pull for everything else.
    /// </summary>
    public static RequiredAccess? Of(string method, RegistryRoute route) => route.Endpoint switch
    {
        RegistryEndpoint.Base => null,
        RegistryEndpoint.Catalog => new(RegistryScope.RegistryType, RegistryScope.CatalogName, [RegistryScope.All]),
        RegistryEndpoint.Manifest or RegistryEndpoint.Blob when HttpMethods.IsDelete(method) => null,
        RegistryEndpoint.UploadStart or RegistryEndpoint.Upload => new(RegistryScope.RepositoryType, route.Name, PullPush),
        RegistryEndpoint.Manifest when HttpMethods.IsPut(method) => new(RegistryScope.RepositoryType, route.Name, PullPush),
        _ => new(RegistryScope.RepositoryType, route.Name, Pull),
    };
}

/// <summary>The gate's answer: go on as the principal (none when authentication is off), or the refusal.</summary>
internal sealed record RegistryAccess(RegistryPrincipal? Principal, IResult? Refusal)
{
    /// <summary>The repository the gate looked up to re-check grants, so the request does not look it up again.</summary>
    public RepositoryRecord? Repository { get; init; }
}

/// <summary>
/// Enforces registry tokens on <c>/v2/</c> when <see cref="TokenOptions.RequireAuthentication"/> is on.
/// No valid token: 401 <c>UNAUTHORIZED</c> with the Bearer challenge.
/// A valid token must name the action, and the caller's current grants must still allow it — tokens are
/// re-checked on every request, so a revocation takes effect on the next one. A valid token that falls
/// short gets 403 <c>DENIED</c>, the same whether the repository exists or not.
/// </summary>
internal sealed class RegistryAccessGate(RegistryTokenValidator validator, RegistryDecisions decisions, TokenOptions options)
{
    private const string DeniedMessage = "the repository does not exist or the token does not allow this action on it";

    /// <summary>
    /// Decides a request; <paramref name="name"/> is the repository name the dispatcher has already parsed
    /// (<c>null</c> for <c>/v2/</c> and the catalog).
    /// </summary>
    public async Task<RegistryAccess> CheckAsync(
        HttpContext context, AccountRecord account, RegistryRoute route, RegistryName? name, CancellationToken cancellationToken)
    {
        if (!options.RequireAuthentication)
        {
            return new RegistryAccess(null, null);
        }

        RequiredAccess? needed = RequiredAccess.Of(context.Request.Method, route);
        ValidatedRegistryToken? token = await validator.ValidateAsync(account, context.Request.Headers.Authorization, cancellationToken);
        if (token is null)
        {
            return new RegistryAccess(null, Challenge(context, needed));
        }

        // The grants of now, not of when the token was issued: the catalog needs nothing more than a live user.
        bool forRepository = needed is not null && needed.Type == RegistryScope.RepositoryType;
        RegistryDecision decision = await decisions.DecideAsync(token.Principal, forRepository ? name : null, cancellationToken);
        if (!decision.UserLive)
        {
            return new RegistryAccess(null, Challenge(context, needed));
        }

        Observability.AccessLogEntry.NoteUser(context, token.UserName);

        if (needed is null)
        {
            return new RegistryAccess(token.Principal, null);
        }

        bool allowed = needed.Actions.All(action => token.Covers(needed.Type, needed.Name, action))
            && (!forRepository || (decision.Repository is not null && needed.Actions.All(action => RegistryTokenIssuer.Allows(decision.Actions, action))));
        return allowed
            ? new RegistryAccess(token.Principal, null) { Repository = decision.Repository }
            : new RegistryAccess(null, RegistryErrors.Denied.ToResult(DeniedMessage));
    }

    private static IResult Challenge(HttpContext context, RequiredAccess? needed)
    {
        string host = context.Request.Host.Value ?? string.Empty;
        string challenge = $"Bearer realm=\"{context.Request.Scheme}://{host}/oauth/token\",service=\"{host}\"";
        if (needed is not null)
        {
            // A name is only echoed when it cannot break out of the quoted parameter.
            string scope = needed.Scope;
            challenge += scope.Contains('"', StringComparison.Ordinal) || scope.Contains('\\', StringComparison.Ordinal) ? string.Empty : $",scope=\"{scope}\"";
        }

        context.Response.Headers.WWWAuthenticate = challenge;
        return RegistryErrors.Unauthorized.ToResult("authentication required: get a token from the realm of the WWW-Authenticate header");
    }
}
