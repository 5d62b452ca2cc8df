namespace Floe.Server.Hosting;

/// <summary>The first account and its admin, created on first start.</summary>
public sealed record BootstrapOptions
{
    /// <summary>The data directory; a generated admin password is written there.</summary>
    public string DataDir { get; init; } = "./floe-data";

    /// <summary>The first account, created on first start.</summary>
    public string BootstrapAccount { get; init; } = "DEV";

    /// <summary>The admin user of the bootstrap account.</summary>
    public string AdminUser { get; init; } = "ADMIN";

    /// <summary>
    /// The bootstrap admin's password, from <c>FLOE_ADMIN_PASSWORD</c> (or this setting); when unset, a strong
    /// one is generated on first start, printed once and written to <see cref="AdminPasswordFile"/>.
    /// </summary>
    public string? AdminPassword { get; init; }

    /// <summary>Where a generated bootstrap password is written, readable by the owner only.</summary>
    public string AdminPasswordFile => Path.Combine(Path.GetFullPath(DataDir), "admin-password");
}
