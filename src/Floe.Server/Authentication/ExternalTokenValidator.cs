using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Server.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>
/// Signs users in with an access token of the account's identity provider (an enabled External OAuth
/// security integration whose <c>EXTERNAL_OAUTH_ISSUER</c> is the token's <c>iss</c>). The token must be a
/// JWS signed with an asymmetric algorithm (RS, PS or ES; never <c>none</c> or HMAC, so a provider's public
/// key can never serve as a shared secret) by a key of the integration's key set (<see cref="JwksCache"/>:
/// never a key the token points to), for one of the integration's audiences, current by <c>exp</c> and
/// <c>nbf</c>. The first of <c>EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM</c> present names the user by login
/// name, or by <c>EMAIL</c> with <c>EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = 'EMAIL_ADDRESS'</c>; the role is the token's <c>session:role:&lt;R&gt;</c> scope (<c>scp</c> or <c>scope</c>), required
/// unless <c>EXTERNAL_OAUTH_ANY_ROLE_MODE = ENABLE</c>, and the session then stays within it. Integrations of
/// other accounts are never consulted. Every refusal is the generic bad-credentials answer and counts
/// against the throttle, except an unreachable provider (a clear "try again" that never lets anyone in),
/// a refusing authentication policy and a missing or blocked role.
/// </summary>
internal sealed class ExternalTokenValidator(
    IControlPlaneStore store, JwksCache keySets, LoginVerifier logins, AccountResolver accounts, TimeProvider time)
{
    /// <summary>How far the provider's clock may be off ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>The longest token read: provider tokens are a few kilobytes.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>Asymmetric signature algorithms only.</summary>
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Roles a provider's token never opens a session with (Snowflake's default blocked list).</summary>
    public static readonly IReadOnlyList<string> BlockedRoles = [SystemRoles.AccountAdmin, SystemRoles.SecurityAdmin, SystemRoles.OrgAdmin];

    public Task<LoginResult> ValidateAsync(AccountRecord account, string token, CancellationToken cancellationToken) =>
        logins.ThrottledAsync(account, string.Empty, () => CheckAsync(account, token, cancellationToken), AuthenticationMethods.OAuth);

    /// <summary>The answer when the provider's keys cannot be had: the login fails, clearly, and may be tried again.</summary>
    public static LoginOutcome ProviderUnavailable() => LoginOutcome.Fail(
        503, "temporarily_unavailable", "The identity provider's signing keys could not be fetched, so the token cannot be checked; try again later.");

    private async Task<LoginResult> CheckAsync(AccountRecord account, string token, CancellationToken cancellationToken)
    {
        JsonWebToken? jwt = Read(token);
        if (jwt is null || !Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        IReadOnlyList<SecurityIntegrationRecord> integrations = await store.ListSecurityIntegrationsAsync(account.Id, cancellationToken);
        SecurityIntegrationRecord? integration = integrations.FirstOrDefault(candidate =>
            candidate.Settings.Enabled && string.Equals(candidate.Settings.Issuer, jwt.Issuer, StringComparison.Ordinal));
        if (integration?.Settings.JwsKeysUrl is not { } keysUrl)
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        string? keyId = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
        IReadOnlyList<SecurityKey>? keys = await keySets.GetKeysAsync(keysUrl, keyId, cancellationToken);
        if (keys is null)
        {
            return LoginResult.Refused(ProviderUnavailable());
        }

        if (!IsCurrent(jwt) || !await IsSignedAsync(token, integration.Settings, Audiences(account, integration.Settings), keys, keyId))
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        string? name = integration.Settings.UserMappingClaims
            .Select(claim => jwt.TryGetPayloadValue(claim, out string? value) ? value : null)
            .FirstOrDefault(value => !string.IsNullOrEmpty(value));
        UserRecord? user = name is null ? null : integration.Settings.MappingAttribute == UserMappingAttribute.EmailAddress
            ? await FindByEmailAsync(account.Id, name, cancellationToken)
            : await logins.FindUserAsync(account.Id, name, cancellationToken);
        if (user is null || user.Disabled)
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        if (await logins.CheckPolicyAsync(account, user, AuthenticationMethods.OAuth, cancellationToken) is { } refusal)
        {
            return new LoginResult(null, AuthenticationMethods.OAuth, null, refusal);
        }

        string? role = RoleOf(jwt);
        bool anyRole = integration.Settings.AnyRoleMode == AnyRoleMode.Enable;
        if (role is null && !anyRole)
        {
            return new LoginResult(null, AuthenticationMethods.OAuth, null, LoginOutcome.Fail(400, "invalid_scope",
                $"The token has no session:role:<ROLE> scope, which security integration {integration.Name} requires (EXTERNAL_OAUTH_ANY_ROLE_MODE = DISABLE)."));
        }

        return new LoginResult(user, AuthenticationMethods.OAuth, anyRole ? null : role, null) { Role = role };
    }

    /// <summary>
    /// The one user of the account whose <c>EMAIL</c> is <paramref name="email"/> (compared ignoring case, as
    /// addresses are in practice); none when no user, or more than one, has it — an ambiguous address names nobody.
    /// </summary>
    private async Task<UserRecord?> FindByEmailAsync(long accountId, string email, CancellationToken cancellationToken)
    {
        IReadOnlyList<UserRecord> users = await store.ListUsersAsync(accountId, cancellationToken);
        UserRecord[] matches = [.. users.Where(user => string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase)).Take(2)];
        return matches.Length == 1 ? matches[0] : null;
    }

    private static JsonWebToken? Read(string token) =>
        token.Length > MaxTokenLength ? null : JwtReader.TryRead(new JsonWebTokenHandler(), token);

    /// <summary><c>exp</c> required and not past, <c>nbf</c> (when present) not in the future, both with <see cref="ClockSkew"/>.</summary>
    private bool IsCurrent(JsonWebToken jwt)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        long skew = (long)ClockSkew.TotalSeconds;
        if (!jwt.TryGetPayloadValue("exp", out long expires) || expires <= now - skew)
        {
            return false;
        }

        return !jwt.TryGetPayloadValue("nbf", out long notBefore) || notBefore <= now + skew;
    }

    /// <summary>The integration's audiences; without any, the account's own host, with and without <c>https://</c>.</summary>
    private string[] Audiences(AccountRecord account, ExternalOAuthSettings settings)
    {
        if (settings.AudienceList.Count > 0)
        {
            return [.. settings.AudienceList];
        }

        string host = accounts.HostOf(account.Name);
        return [host, "https://" + host];
    }

    private static async Task<bool> IsSignedAsync(
        string token, ExternalOAuthSettings settings, string[] audiences, IReadOnlyList<SecurityKey> keys, string? keyId)
    {
        SecurityKey[] candidates = [.. keys.Where(key => keyId is null || string.Equals(key.KeyId, keyId, StringComparison.Ordinal))];
        if (candidates.Length == 0)
        {
            return false;
        }

        TokenValidationParameters validation = new()
        {
            IssuerSigningKeys = candidates,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = true,
            ValidIssuer = settings.Issuer,
            ValidateAudience = true,
            ValidAudiences = audiences,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(token, validation);
        return result.IsValid;
    }

    /// <summary>The role of the first <c>session:role:&lt;R&gt;</c> among <c>scp</c> (a list or a string) and <c>scope</c>.</summary>
    private static string? RoleOf(JsonWebToken jwt)
    {
        List<string> scopes = [];
        if (jwt.TryGetPayloadValue("scp", out string[]? list) && list is not null)
        {
            scopes.AddRange(list);
        }
        else if (jwt.TryGetPayloadValue("scp", out string? scp) && scp is not null)
        {
            scopes.Add(scp);
        }

        if (jwt.TryGetPayloadValue("scope", out string? scope) && scope is not null)
        {
            scopes.Add(scope);
        }

        return TokenEndpoints.RoleFromScope(string.Join(' ', scopes));
    }
}
