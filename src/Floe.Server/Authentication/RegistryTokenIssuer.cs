using System.Globalization;
using System.Text.Json;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Server.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>A signed registry token and the times the answer reports.</summary>
internal sealed record IssuedRegistryToken(string Token, int ExpiresIn, DateTimeOffset IssuedAt, IReadOnlyList<RegistryScope> Granted);

/// <summary>
/// Issues registry tokens: an ES256 JWT from issuer <c>floe</c> for the caller
/// (<c>sub</c>) and the account host (<c>aud</c>), whose <c>access</c> claim grants the intersection of
/// the scopes asked for and what the caller's roles allow now. A repository that does not exist, or a
/// name that is not a repository's, gets no actions — the same as one the caller may not touch.
/// </summary>
internal sealed class RegistryTokenIssuer(
    RegistryTokenKeys keys, RegistryDecisions decisions, AccountResolver accounts,
    TimeProvider time, TokenOptions options)
{
    public const string Issuer = "floe";
    public const string AccessClaim = "access";
    public const string AccountIdClaim = "floe_account_id";
    public const string UserIdClaim = "floe_user_id";
    public const string RoleRestrictionClaim = "floe_role_restriction_id";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The audience of the account's tokens: its own host, whatever alias the request used.</summary>
    public string AudienceOf(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return accounts.HostOf(account.Name);
    }

    public async Task<IssuedRegistryToken> IssueAsync(RegistryCaller caller, IReadOnlyList<RegistryScope> asked, CancellationToken cancellationToken)
    {
        List<RegistryScope> granted = [];
        foreach (RegistryScope scope in asked)
        {
            RegistryScope grant = await GrantAsync(caller, scope, cancellationToken);
            if (grant.Actions.Count > 0)
            {
                granted.Add(grant);
            }
        }

        RegistryKeySet keySet = await keys.CurrentAsync(cancellationToken);
        DateTimeOffset now = time.GetUtcNow();
        TimeSpan lifetime = options.RegistryTokenLifetime < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : options.RegistryTokenLifetime;
        SecurityTokenDescriptor descriptor = new()
        {
            Issuer = Issuer,
            Audience = AudienceOf(caller.Account),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(keySet.Signing, RegistryTokenKeys.Algorithm),
            Claims = Claims(caller, granted),
        };
        return new IssuedRegistryToken(Handler.CreateToken(descriptor), (int)lifetime.TotalSeconds, now, granted);
    }

    private static Dictionary<string, object> Claims(RegistryCaller caller, IReadOnlyList<RegistryScope> granted)
    {
        Dictionary<string, object> claims = new(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = caller.User.Name,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [AccessClaim] = JsonSerializer.SerializeToElement(
                granted.Select(g => new AccessEntry(g.Type, g.Name, [.. g.Actions])).ToList(), TokenJson.Default.ListAccessEntry),
            [AccountIdClaim] = caller.Account.Id.ToString(CultureInfo.InvariantCulture),
            [UserIdClaim] = caller.User.Id.ToString(CultureInfo.InvariantCulture),
        };
        if (caller.RoleRestrictionId is long restriction)
        {
            claims[RoleRestrictionClaim] = restriction.ToString(CultureInfo.InvariantCulture);
        }

        return claims;
    }

    /// <summary>The part of one scope the caller gets: catalog to anyone signed in, repository actions by the authorizer.</summary>
    private async ValueTask<RegistryScope> GrantAsync(RegistryCaller caller, RegistryScope scope, CancellationToken cancellationToken)
    {
        if (scope.IsCatalog)
        {
            return scope.Restrict(action => action == RegistryScope.All);
        }

        if (scope.Type != RegistryScope.RepositoryType || !RegistryName.TryParse(scope.Name, out RegistryName? name, out _))
        {
            return scope.Restrict(_ => false);
        }

        // The same decision the /v2/ gate makes, kept under the same security version (RegistryDecisions).
        RegistryDecision decision = await decisions.DecideAsync(caller.Principal, name, cancellationToken);
        RegistryActions allowed = decision.Repository is null ? RegistryActions.None : decision.Actions;
        return scope.Restrict(action => Allows(allowed, action));
    }

    public static bool Allows(RegistryActions allowed, string action) => action switch
    {
        RegistryScope.Pull => allowed.HasFlag(RegistryActions.Pull),
        RegistryScope.Push => allowed.HasFlag(RegistryActions.Push),
        _ => false,
    };
}
