using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Server.Tenancy;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Authentication;

/// <summary>
/// Key-pair authentication (Snowflake's scheme): the client signs a short JWT with
/// its private key, and this checks it against the user's <c>RSA_PUBLIC_KEY</c>. RS256 only; the
/// claims must name this account and the user, <c>iss</c> must carry the fingerprint of the user's key,
/// and the token must be current: <c>iat</c> not in the future, <c>exp</c> not past, and <c>exp</c> at
/// most an hour after <c>iat</c>, each with <see cref="ClockSkew"/> of tolerance. Every failure is the
/// generic bad-credentials answer and counts against the throttle like a wrong password; user lookup,
/// throttling and the authentication policy are <see cref="LoginVerifier"/>'s.
/// </summary>
internal sealed class KeyPairVerifier(LoginVerifier logins, TimeProvider time, TenancyOptions options)
{
    /// <summary>How far the client's clock may be off ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>The longest lifetime (<c>exp - iat</c>) an assertion may claim.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    public async Task<LoginResult> VerifyAsync(AccountRecord account, string assertion, CancellationToken cancellationToken)
    {
        KeyPairAssertion? claims = KeyPairAssertion.TryRead(assertion);
        return await logins.ThrottledAsync(account, claims?.User ?? string.Empty, () => CheckAsync(account, assertion, claims, cancellationToken), AuthenticationMethods.KeyPair);
    }

    private async Task<LoginResult> CheckAsync(AccountRecord account, string assertion, KeyPairAssertion? claims, CancellationToken cancellationToken)
    {
        if (claims is null || !claims.Names(options.Organization, account.Name) || !IsCurrent(claims))
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        UserRecord? user = await logins.FindUserAsync(account.Id, claims.User, cancellationToken);
        if (user is null || user.Disabled || user.RsaPublicKey is not { } key
            || !string.Equals(key.Fingerprint, claims.Fingerprint, StringComparison.Ordinal)
            || !await IsSignedWithAsync(assertion, key))
        {
            return LoginResult.Refused(LoginOutcome.BadCredentials());
        }

        return await logins.CheckPolicyAsync(account, user, AuthenticationMethods.KeyPair, cancellationToken) is { } refusal
            ? LoginResult.Refused(refusal)
            : new LoginResult(user, AuthenticationMethods.KeyPair, null, null);
    }

    private bool IsCurrent(KeyPairAssertion claims)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        long skew = (long)ClockSkew.TotalSeconds;
        return claims.IssuedAt <= now + skew
            && claims.ExpiresAt > now - skew
            && claims.ExpiresAt > claims.IssuedAt
            && claims.ExpiresAt - claims.IssuedAt <= (long)MaxLifetime.TotalSeconds;
    }

    /// <summary>Whether the assertion is an RS256 JWS whose signature verifies with <paramref name="key"/>.</summary>
    private static async Task<bool> IsSignedWithAsync(string assertion, RsaPublicKey key)
    {
        RSAParameters parameters;
        using (RSA rsa = key.ToRsa())
        {
            parameters = rsa.ExportParameters(includePrivateParameters: false);
        }

        TokenValidationParameters validation = new()
        {
            IssuerSigningKey = new RsaSecurityKey(parameters),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            // Lifetime is checked against the server's clock in IsCurrent.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        JsonWebTokenHandler handler = new() { MaximumTokenSizeInBytes = KeyPairAssertion.MaxBytes };
        TokenValidationResult result = await handler.ValidateTokenAsync(assertion, validation);
        return result.IsValid;
    }
}
