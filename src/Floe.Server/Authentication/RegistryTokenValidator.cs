using System.Globalization;
using System.Text.Json;
using Floe.Core.Metadata;
using Floe.Core.Security;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>A registry token that checked out: whose it is and the access it carries.</summary>
internal sealed record ValidatedRegistryToken(RegistryPrincipal Principal, IReadOnlyList<RegistryScope> Access, string? UserName = null)
{
    /// <summary>Whether the token's access names <paramref name="action"/> on the resource.</summary>
    public bool Covers(string type, string name, string action) =>
        Access.Any(scope => scope.Type == type && scope.Name == name && scope.Actions.Contains(action));
}

/// <summary>
/// Checks the bearer token of a <c>/v2/</c> request: signed by one of the deployment's keys with ES256
/// (nothing else, <c>none</c> least of all), issued by Floe for this account's host, within its times
/// (allowing <see cref="RegistryTokenKeys.ClockSkew"/>), and for this account.
/// <para>
/// A client presents the same token on every request until it expires, so a token that checked out is
/// remembered with the key set it was verified against: while that key set is still the node's current
/// one, the next presentation skips the signature check and only its times are checked again. A token
/// is immutable and its signature either verifies or not, so the memo cannot go stale; a new key set
/// (a refresh or a rotation) makes every token verify afresh once. Whether the caller may still do
/// what the token says is not remembered here: <see cref="RegistryAccessGate"/> decides it.
/// </para>
/// </summary>
internal sealed class RegistryTokenValidator(RegistryTokenKeys keys, RegistryTokenIssuer issuer, TimeProvider time) : IDisposable
{
    private const int MaxRemembered = 10_000;
    private static readonly JsonWebTokenHandler Handler = new() { MaximumTokenSizeInBytes = 64 * 1024 };

    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = MaxRemembered });

    /// <summary>A token whose signature and claims checked out against <see cref="KeySet"/>, with its times.</summary>
    private sealed record Verified(RegistryKeySet KeySet, long AccountId, DateTime? NotBefore, DateTime Expires, ValidatedRegistryToken Token);

    public void Dispose() => _verified.Dispose();

    public async Task<ValidatedRegistryToken?> ValidateAsync(AccountRecord account, string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string encoded = authorization[scheme.Length..].Trim();
        RegistryKeySet keySet = await keys.CurrentAsync(cancellationToken);
        if (_verified.TryGetValue(encoded, out Verified? seen) && seen is not null
            && ReferenceEquals(seen.KeySet, keySet) && seen.AccountId == account.Id)
        {
            return InLifetime(seen.NotBefore, seen.Expires) ? seen.Token : null;
        }

        if (KeyIdOf(encoded) is { } keyId && !keySet.Verifying.Any(key => string.Equals(key.KeyId, keyId, StringComparison.Ordinal)))
        {
            // Signed by a key this node has not read: another node may have just rotated.
            keySet = await keys.ReloadForUnknownKeyAsync(keySet, cancellationToken) ?? keySet;
        }

        TokenValidationResult result = await Handler.ValidateTokenAsync(encoded, Parameters(account, keySet));
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token || TryRead(account, token) is not { } validated)
        {
            return null;
        }

        DateTime? notBefore = token.ValidFrom == DateTime.MinValue ? null : token.ValidFrom;
        _verified.Set(encoded, new Verified(keySet, account.Id, notBefore, token.ValidTo, validated), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpiration = new DateTimeOffset(token.ValidTo, TimeSpan.Zero) + RegistryTokenKeys.ClockSkew,
        });
        return validated;
    }

    /// <summary>The <c>kid</c> of a token's header; <c>null</c> when it has none or is not a JWT at all.</summary>
    private static string? KeyIdOf(string token) =>
        JwtReader.TryRead(Handler, token)?.Kid is { Length: > 0 } kid ? kid : null;

    /// <summary>
    /// The token's claims; <c>null</c> when a string in them is not valid UTF-8, which the JWT handler does not
    /// check and which only a token this server did not issue (yet carrying a valid signature) could hold.
    /// </summary>
    private static ValidatedRegistryToken? TryRead(AccountRecord account, JsonWebToken token)
    {
        try
        {
            return Read(account, token);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private TokenValidationParameters Parameters(AccountRecord account, RegistryKeySet keySet) => new()
    {
        ValidIssuer = RegistryTokenIssuer.Issuer,
        ValidAudience = issuer.AudienceOf(account),
        IssuerSigningKeys = keySet.Verifying,
        ValidAlgorithms = [RegistryTokenKeys.Algorithm],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = RegistryTokenKeys.ClockSkew,
        LifetimeValidator = ValidLifetime,
    };

    /// <summary>Token times against this server's clock (the handler's own check reads the system clock).</summary>
    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters) =>
        InLifetime(notBefore, expires);

    private bool InLifetime(DateTime? notBefore, DateTime? expires)
    {
        DateTime now = time.GetUtcNow().UtcDateTime;
        return expires is { } end && now < end.ToUniversalTime() + RegistryTokenKeys.ClockSkew
            && (notBefore is not { } start || now >= start.ToUniversalTime() - RegistryTokenKeys.ClockSkew);
    }

    private static ValidatedRegistryToken? Read(AccountRecord account, JsonWebToken token)
    {
        if (!TryLong(token, RegistryTokenIssuer.AccountIdClaim, out long accountId) || accountId != account.Id
            || !TryLong(token, RegistryTokenIssuer.UserIdClaim, out long userId)
            || !token.TryGetPayloadValue(RegistryTokenIssuer.AccessClaim, out JsonElement access) || access.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        long? restriction = TryLong(token, RegistryTokenIssuer.RoleRestrictionClaim, out long role) ? role : null;
        List<RegistryScope> scopes = [];
        foreach (JsonElement entry in access.EnumerateArray())
        {
            if (ReadEntry(entry) is { } scope)
            {
                scopes.Add(scope);
            }
        }

        return new ValidatedRegistryToken(new RegistryPrincipal(accountId, userId, restriction), scopes, token.Subject);
    }

    private static RegistryScope? ReadEntry(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || Text(entry, "type") is not { Length: > 0 } typeText
            || Text(entry, "name") is not { Length: > 0 } nameText
            || !entry.TryGetProperty("actions", out JsonElement actions) || actions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return RegistryScope.Create(typeText, nameText, actions.EnumerateArray()
            .Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
    }

    private static string? Text(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryLong(JsonWebToken token, string claim, out long value)
    {
        value = 0;
        return token.TryGetPayloadValue(claim, out string? text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
