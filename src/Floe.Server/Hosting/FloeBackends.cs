using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Hosting;

/// <summary>
/// The metadata and blob backends a build of Floe offers, by the name the settings use
/// (<see cref="StorageOptions.MetadataStore"/>, <see cref="StorageOptions.BlobStore"/>). The server knows
/// no backend: the composition root (the <c>floe</c> executable, a test host) fills this with each
/// provider's registration, and the server calls the one the settings name. A name that is not here is a
/// <see cref="FloeConfigurationException"/> that lists the names that are.
/// </summary>
public sealed class FloeBackends
{
    private readonly Dictionary<string, Action<IServiceCollection, StorageOptions>> _metadata = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Action<IServiceCollection, StorageOptions>> _blobs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Offers a metadata backend; <paramref name="register"/> registers its <c>IMetadataStore</c>.</summary>
    public FloeBackends AddMetadataStore(string name, Action<IServiceCollection, StorageOptions> register)
    {
        _metadata.Add(name, register);
        return this;
    }

    /// <summary>Offers a blob backend; <paramref name="register"/> registers its <c>IBlobStore</c>.</summary>
    public FloeBackends AddBlobStore(string name, Action<IServiceCollection, StorageOptions> register)
    {
        _blobs.Add(name, register);
        return this;
    }

    /// <summary>Registers the backends <paramref name="storage"/> names, or throws naming the valid values.</summary>
    public void Register(IServiceCollection services, StorageOptions storage)
    {
        Action<IServiceCollection, StorageOptions> metadata = Choose(_metadata, nameof(StorageOptions.MetadataStore), storage.MetadataStore);
        Action<IServiceCollection, StorageOptions> blobs = Choose(_blobs, nameof(StorageOptions.BlobStore), storage.BlobStore);
        metadata(services, storage);
        blobs(services, storage);
    }

    private static Action<IServiceCollection, StorageOptions> Choose(
        Dictionary<string, Action<IServiceCollection, StorageOptions>> offered, string setting, string name) =>
        offered.TryGetValue(name.Trim(), out Action<IServiceCollection, StorageOptions>? register)
            ? register
            : throw new FloeConfigurationException(
                $"{setting} '{name}' is not available; valid values: {string.Join(", ", offered.Keys.Order(StringComparer.Ordinal))}");
}
