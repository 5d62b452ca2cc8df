using Microsoft.IdentityModel.JsonWebTokens;

namespace Floe.Server.Authentication;

/// <summary>
/// What a key-pair JWT (Snowflake's scheme) claims, read before its signature is
/// checked: <c>sub</c> = <c>&lt;ORG&gt;-&lt;ACCOUNT&gt;.&lt;USER&gt;</c> and <c>iss</c> = the same followed by
/// <c>.SHA256:&lt;fingerprint of the public key&gt;</c>, with <c>iat</c> and <c>exp</c>. Nothing here is
/// trusted until <see cref="KeyPairVerifier"/> has verified the signature with the user's key.
/// </summary>
internal sealed record KeyPairAssertion(JsonWebToken Token, string AccountQualifier, string User, string Fingerprint, long IssuedAt, long ExpiresAt)
{
    /// <summary>The largest assertion read: a JWT signed with a 4096-bit key is well under 2 KB.</summary>
    public const int MaxBytes = 8 * 1024;

    private const string FingerprintMarker = ".SHA256:";

    /// <summary>The claims of <paramref name="assertion"/>; <c>null</c> when it is not a JWT of this form.</summary>
    public static KeyPairAssertion? TryRead(string assertion)
    {
        if (assertion.Length > MaxBytes)
        {
            return null;
        }

        JsonWebTokenHandler handler = new() { MaximumTokenSizeInBytes = MaxBytes };
        if (JwtReader.TryRead(handler, assertion) is not { } token)
        {
            return null;
        }

        if (!TryGetString(token, "iss", out string issuer) || !TryGetString(token, "sub", out string subject)
            || !TryGetNumber(token, "iat", out long issuedAt) || !TryGetNumber(token, "exp", out long expiresAt))
        {
            return null;
        }

        int marker = issuer.LastIndexOf(FingerprintMarker, StringComparison.OrdinalIgnoreCase);
        int dot = subject.IndexOf('.', StringComparison.Ordinal);
        if (marker <= 0 || dot <= 0 || dot == subject.Length - 1
            || !string.Equals(issuer[..marker], subject, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string fingerprint = "SHA256:" + issuer[(marker + FingerprintMarker.Length)..];
        return new KeyPairAssertion(token, subject[..dot], subject[(dot + 1)..], fingerprint, issuedAt, expiresAt);
    }

    /// <summary>
    /// Whether the claims name the account <c>&lt;org&gt;-&lt;account&gt;</c>: case-insensitively, and with
    /// <c>_</c> and <c>-</c> taken as the same character (Snowflake accepts either in an account name).
    /// </summary>
    public bool Names(string organization, string account) =>
        string.Equals(Fold(AccountQualifier), Fold(organization + "-" + account), StringComparison.Ordinal);

    private static string Fold(string name) => name.ToUpperInvariant().Replace('_', '-');

    private static bool TryGetString(JsonWebToken token, string claim, out string value)
    {
        value = string.Empty;
        try
        {
            return token.TryGetPayloadValue(claim, out string? read) && !string.IsNullOrEmpty(value = read ?? string.Empty);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool TryGetNumber(JsonWebToken token, string claim, out long value)
    {
        value = 0;
        try
        {
            return token.TryGetPayloadValue(claim, out value);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
