using Floe.Core.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Floe.Storage.FileSystem;

/// <summary>Registers the filesystem blob store: blobs as files under one directory of this machine.</summary>
public static class FileSystemBlobServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBlobStore"/> as a <see cref="FileSystemBlobStore"/> under
    /// <see cref="FileSystemBlobStoreOptions.RootPath"/>; a store registered before wins.
    /// </summary>
    public static IServiceCollection AddFloeFileSystemBlobs(this IServiceCollection services, FileSystemBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<IBlobStore>(_ => new FileSystemBlobStore(options));
        return services;
    }
}
