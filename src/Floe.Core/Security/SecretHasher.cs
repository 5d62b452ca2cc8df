using System.Security.Cryptography;
using System.Text;

namespace Floe.Core.Security;

/// <summary>
/// Random bearer secrets (session tokens, programmatic access tokens) and their stored form. The
/// secrets carry 256 bits of entropy, so a single SHA-256 is the right hash: it cannot be brute
/// forced, and it lets the store look a token up by its hash.
/// </summary>
public static class SecretHasher
{
    /// <summary>A new secret: 32 random bytes, base64url without padding, after a readable prefix.</summary>
    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a secret: lower-case hex SHA-256.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
