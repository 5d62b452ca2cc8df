using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Floe.Server.Authentication;

/// <summary>
/// The passwords this node has already verified, so a client that asks for a registry token with the
/// same user and password again and again (a CI farm's <c>docker pull</c>s) pays the full PBKDF2 cost
/// once, not on every request.
/// <para>
/// An entry is the memo of one successful <see cref="Floe.Core.Security.PasswordHasher.Verify"/>: it is
/// keyed by the user's id, an HMAC of the presented password under a key that lives only in this
/// process, and the stored password hash itself (which holds its own salt). Verification is a pure
/// function of the password and the stored hash, so an entry can never be stale: a password change
/// stores a new hash (new salt), and the next request misses and pays the full cost again — and fails,
/// with the old password. Everything else a login depends on (the user exists, is not disabled, may
/// use passwords under the authentication policy in force) is still read from the store on every
/// request, so dropping or disabling the user is refused on the very next request.
/// </para>
/// <para>
/// Only successes are remembered: a wrong password always costs the full verification. The HMAC key
/// is random per process and never leaves it, so an entry is no offline-guessable digest of a
/// password. Entries are bounded in number and expire after <see cref="Lifetime"/> of no use, which
/// only bounds memory, never decides access.
/// </para>
/// </summary>
internal sealed class VerifiedPasswords : IDisposable
{
    /// <summary>How long an unused entry is kept: a bound on memory, not a security control.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const int MaxEntries = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>Whether this password was verified before against exactly this stored hash of this user.</summary>
    public bool Contains(long userId, string password, string storedHash) =>
        _entries.TryGetValue(KeyOf(userId, password, storedHash), out _);

    /// <summary>Remembers a successful verification of <paramref name="password"/> against <paramref name="storedHash"/>.</summary>
    public void Add(long userId, string password, string storedHash) =>
        _entries.Set(KeyOf(userId, password, storedHash), true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Lifetime });

    public void Dispose() => _entries.Dispose();

    private string KeyOf(long userId, string password, string storedHash)
    {
        byte[] mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(password));
        return string.Concat(userId.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", Convert.ToBase64String(mac), ":", storedHash);
    }
}
