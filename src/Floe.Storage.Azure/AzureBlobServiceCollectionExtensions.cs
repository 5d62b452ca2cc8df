using Azure.Storage;
using Azure.Storage.Blobs;
using Floe.Core.Blobs;
using Floe.Core.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Floe.Storage.Azure;

/// <summary>Registers the Azure blob store: blobs in a container of an Azure Storage account.</summary>
public static class AzureBlobServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBlobStore"/> (and its start-up probe) as an <see cref="AzureBlobStore"/> over
    /// <paramref name="options"/>, with the classifier that maps Azure failures to storage faults; a store
    /// registered before wins.
    /// </summary>
    public static IServiceCollection AddFloeAzureBlobs(this IServiceCollection services, AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<IBlobStore>(_ => new AzureBlobStore(CreateContainerClient(options), options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlobStoreProbe, AzureBlobStore>(
            provider => (AzureBlobStore)provider.GetRequiredService<IBlobStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageFaultClassifier, AzureStorageFaults>());
        return services;
    }

    /// <summary>
    /// A client of the container. Uploads carry no extra transfer checksum: the blob's digest is verified
    /// at commit, and emulators and older service versions refuse the newer checksum formats.
    /// </summary>
    public static BlobContainerClient CreateContainerClient(AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BlobClientOptions client = new();
        client.TransferValidation.Upload.ChecksumAlgorithm = StorageChecksumAlgorithm.None;
        client.TransferValidation.Download.ChecksumAlgorithm = StorageChecksumAlgorithm.None;
        client.Retry.MaxRetries = 3;
        client.Retry.Delay = TimeSpan.FromMilliseconds(200);
        client.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        return new BlobContainerClient(options.ConnectionString, options.Container, client);
    }
}
