using System.Security.Cryptography;

namespace Floe.Core.Security;

/// <summary>
/// A user's <c>RSA_PUBLIC_KEY</c>: the base64 DER SubjectPublicKeyInfo, as Snowflake
/// takes it (the PEM body; BEGIN/END lines and line breaks are tolerated and dropped), and its
/// fingerprint <c>SHA256:&lt;base64 of SHA-256 of the DER&gt;</c> — what
/// <c>openssl rsa -pubin -outform DER | openssl dgst -sha256 -binary | base64</c> prints, and what a
/// key-pair JWT names in its issuer.
/// </summary>
public sealed record RsaPublicKey(string Body, string Fingerprint)
{
    private const string PemHeader = "-----BEGIN PUBLIC KEY-----";
    private const string PemFooter = "-----END PUBLIC KEY-----";

    /// <summary>Parses a PEM body; <c>false</c> when it is not base64 of an RSA public key.</summary>
    public static bool TryParse(string pemBody, out RsaPublicKey? key)
    {
        key = null;
        if (!TryDecode(pemBody, out byte[] der))
        {
            return false;
        }

        using RSA rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out int read);
            if (read != der.Length)
            {
                return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        byte[] canonical = rsa.ExportSubjectPublicKeyInfo();
        key = new RsaPublicKey(Convert.ToBase64String(canonical), "SHA256:" + Convert.ToBase64String(SHA256.HashData(canonical)));
        return true;
    }

    /// <summary>A new RSA object holding this key, for verifying signatures; the caller disposes it.</summary>
    public RSA ToRsa()
    {
        RSA rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(Body), out _);
        return rsa;
    }

    private static bool TryDecode(string pemBody, out byte[] der)
    {
        string base64 = string.Concat(pemBody
            .Replace(PemHeader, string.Empty, StringComparison.Ordinal)
            .Replace(PemFooter, string.Empty, StringComparison.Ordinal)
            .Where(c => !char.IsWhiteSpace(c)));
        der = new byte[base64.Length];
        if (base64.Length == 0 || !Convert.TryFromBase64String(base64, der, out int written))
        {
            return false;
        }

        der = der[..written];
        return true;
    }
}
