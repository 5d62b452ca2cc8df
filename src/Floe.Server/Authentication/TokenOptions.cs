namespace Floe.Server.Authentication;

/// <summary>Passwords, sessions and registry tokens: how they are checked and how long they live.</summary>
public sealed record TokenOptions
{
    /// <summary>The PBKDF2 iteration count for new password hashes (OWASP's recommendation by default).</summary>
    public int PasswordHashIterations { get; init; } = Floe.Core.Security.PasswordHasher.RecommendedIterations;

    /// <summary>How long a session token lives.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether <c>/v2/</c> demands a registry token: on by default. Turning it off serves the registry
    /// anonymously — only for a throwaway registry on loopback.
    /// </summary>
    public bool RequireAuthentication { get; init; } = true;

    /// <summary>How long a registry token lives; at least 60 seconds.</summary>
    public TimeSpan RegistryTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a registry refresh token (<c>access_type=offline</c>) lives.</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a key signs registry tokens before a new one replaces it.</summary>
    public TimeSpan SigningKeyLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often a node reads the signing keys again, so a rotation on one node reaches every node.</summary>
    public TimeSpan SigningKeyRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);
}
