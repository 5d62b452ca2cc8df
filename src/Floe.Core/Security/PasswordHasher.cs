using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Floe.Core.Security;

/// <summary>
/// Password hashing with PBKDF2-HMAC-SHA256 at OWASP's recommended cost (600,000 iterations),
/// from the framework's own implementation. A hash is self-describing —
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c> (base64) — so the cost can rise later
/// without breaking stored hashes. Verification compares in constant time, and
/// <see cref="VerifyAgainstNothing"/> spends the same time for a user that does not exist.
/// </summary>
public sealed class PasswordHasher(int iterations = PasswordHasher.RecommendedIterations)
{
    public const int RecommendedIterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly Lazy<string> _decoy = new(() => new PasswordHasher(iterations).Hash("floe-decoy-" + Guid.NewGuid()));

    public int Iterations { get; } = iterations > 0 ? iterations : throw new ArgumentOutOfRangeException(nameof(iterations));

    public string Hash(string password)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string? stored)
    {
        if (stored is null || !TryParse(stored, out int iterations, out byte[] salt, out byte[] expected))
        {
            return false;
        }

        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Does the work of a verification and fails: for unknown users, so timing does not tell.</summary>
    public bool VerifyAgainstNothing(string password)
    {
        _ = Verify(password, _decoy.Value);
        return false;
    }

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations <= 0)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
            return hash.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
