using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Floe.Core.Blobs;
using Floe.Core.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Floe.Storage.S3;

/// <summary>Registers the S3 blob store: blobs in a bucket of Amazon S3 or of any S3-compatible server.</summary>
public static class S3BlobServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBlobStore"/> (with its start-up probe and its sweep of incomplete commits) as an <see cref="S3BlobStore"/> over
    /// <paramref name="options"/>, with the classifier that maps S3 failures to storage faults; a store
    /// registered before wins.
    /// </summary>
    public static IServiceCollection AddFloeS3Blobs(this IServiceCollection services, S3BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton<IBlobStore>(_ => new S3BlobStore(CreateClient(options), options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBlobStoreProbe, S3BlobStore>(
            provider => (S3BlobStore)provider.GetRequiredService<IBlobStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncompleteCommits, S3BlobStore>(
            provider => (S3BlobStore)provider.GetRequiredService<IBlobStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageFaultClassifier, S3StorageFaults>());
        return services;
    }

    /// <summary>An S3 client for <paramref name="options"/>: path style, checksum mode and region as set, keys when given.</summary>
    public static AmazonS3Client CreateClient(S3BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequestChecksumCalculation checksums = options.ChecksumMode == S3ChecksumMode.WhenSupported
            ? RequestChecksumCalculation.WHEN_SUPPORTED
            : RequestChecksumCalculation.WHEN_REQUIRED;
        AmazonS3Config config = new()
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = checksums,
            ResponseChecksumValidation = options.ChecksumMode == S3ChecksumMode.WhenSupported
                ? ResponseChecksumValidation.WHEN_SUPPORTED
                : ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.Endpoint;
        }

        return string.IsNullOrEmpty(options.AccessKey) && string.IsNullOrEmpty(options.SecretKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey ?? string.Empty, options.SecretKey ?? string.Empty), config);
    }
}
