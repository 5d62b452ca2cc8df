using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Cli.Client;

/// <summary>
/// The key-pair login assertion, Snowflake's scheme: an RS256 JWT whose
/// <c>sub</c> is <c>&lt;ORG&gt;-&lt;ACCOUNT&gt;.&lt;USER&gt;</c> and whose <c>iss</c> adds
/// <c>.SHA256:&lt;base64 SHA-256 of the public key's DER SubjectPublicKeyInfo&gt;</c>, valid 59 minutes.
/// </summary>
internal static class KeyPairJwt
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(59);

    private const string EncryptedKeyMarker = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

    /// <summary>Whether <paramref name="path"/> is a readable PEM file holding an encrypted PKCS#8 key (one that needs a passphrase).</summary>
    public static bool IsEncryptedKeyFile(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Contains(EncryptedKeyMarker, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads an RSA private key from PEM: PKCS#8, PKCS#1, or encrypted PKCS#8 with <paramref name="passphrase"/>.</summary>
    public static bool TryLoadKey(string path, string? passphrase, out RSA key, out string error)
    {
        key = null!;
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read private key file {path}: {e.Message}";
            return false;
        }
        bool encrypted = pem.Contains(EncryptedKeyMarker, StringComparison.Ordinal);
        if (!encrypted && !pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            error = $"private key file {path} holds no PEM private key (expected PKCS#8 or PKCS#1 RSA)";
            return false;
        }
        if (encrypted && passphrase is null)
        {
            error = $"private key file {path} is encrypted: set 'private_key_passphrase' or FLOE_PRIVATE_KEY_PASSPHRASE";
            return false;
        }
        RSA rsa = RSA.Create();
        try
        {
            if (encrypted)
            {
                rsa.ImportFromEncryptedPem(pem, passphrase);
            }
            else
            {
                rsa.ImportFromPem(pem);
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            error = encrypted
                ? $"cannot decrypt private key file {path}: wrong passphrase or not an RSA key"
                : $"cannot read private key file {path}: not an RSA private key ({e.Message})";
            return false;
        }
        key = rsa;
        error = "";
        return true;
    }

    /// <summary><c>SHA256:</c> and the base64 SHA-256 of the DER SubjectPublicKeyInfo: what Snowflake shows as <c>RSA_PUBLIC_KEY_FP</c>.</summary>
    public static string Fingerprint(RSA key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>The signed JWT for <paramref name="account"/> (<c>ORG-ACCOUNT</c>) and <paramref name="user"/>, issued at <paramref name="now"/>.</summary>
    public static string Create(RSA key, string account, string user, DateTimeOffset now)
    {
        string subject = account.ToUpperInvariant() + "." + user.ToUpperInvariant();
        SecurityTokenDescriptor descriptor = new()
        {
            Issuer = subject + "." + Fingerprint(key),
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        };
        JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }
}
