namespace Floe.Server.Registry;

/// <summary>Limits of the registry API.</summary>
public sealed record RegistryOptions
{
    /// <summary>The largest manifest body accepted.</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The cap on <c>n</c> for tag and catalog pages.</summary>
    public int MaxPageSize { get; init; } = 1000;
}
