using Floe.Metadata.Postgres;
using Floe.Metadata.Sqlite;
using Floe.Server.Hosting;
using Floe.Storage.Azure;
using Floe.Storage.FileSystem;
using Floe.Storage.S3;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Cli;

/// <summary>
/// The backends this build of <c>floe</c> offers, by the names the <c>MetadataStore</c> and
/// <c>BlobStore</c> settings use. This is the one place that knows every provider: the server only
/// calls the registration the settings name (see docs/design/backends.md). A new provider is one line.
/// </summary>
public static class Backends
{
    /// <summary>Every backend of this build.</summary>
    public static FloeBackends All() => new FloeBackends()
        .AddMetadataStore(StorageOptions.Sqlite, AddSqlite)
        .AddMetadataStore(StorageOptions.Postgres, AddPostgres)
        .AddBlobStore(StorageOptions.FileSystem, AddFileSystem)
        .AddBlobStore(StorageOptions.S3, AddS3)
        .AddBlobStore(StorageOptions.Azure, AddAzure);

    /// <summary>
    /// Blobs under <c>DataDir</c>: the node serves them itself, so a redirect to a store URL is refused
    /// rather than ignored. A single node has its uploads to itself; nodes sharing the directory do not.
    /// </summary>
    private static void AddFileSystem(IServiceCollection services, StorageOptions storage)
    {
        if (storage.BlobRedirect)
        {
            throw new FloeConfigurationException(
                "BlobRedirect needs BlobStore 's3' or 'azure': the filesystem store has no URL to send a client to; remove BlobRedirect or choose an object store");
        }

        services.AddFloeFileSystemBlobs(new FileSystemBlobStoreOptions { RootPath = storage.BlobRoot, ExclusiveUploads = storage.IsSingleNode });
    }

    /// <summary>The settings every object store shares: how many parts an upload sends at once, and the redirect's expiry.</summary>
    private static void CheckObjectStoreSettings(StorageOptions storage)
    {
        if (storage.BlobUploadConcurrency is < 1 or > 64)
        {
            throw new FloeConfigurationException($"BlobUploadConcurrency {storage.BlobUploadConcurrency} is not between 1 and 64");
        }

        // Seven days is the longest an S3 pre-signed URL may live.
        if (storage.BlobRedirectExpirySeconds is < 1 or > 604800)
        {
            throw new FloeConfigurationException($"BlobRedirectExpirySeconds {storage.BlobRedirectExpirySeconds} is not between 1 and 604800 (7 days)");
        }
    }

    /// <summary>The embedded store keeps its file in <c>DataDir</c>; a connection string would be ignored, so it is refused.</summary>
    private static void AddSqlite(IServiceCollection services, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(storage.MetadataConnectionString))
        {
            throw new FloeConfigurationException(
                "MetadataConnectionString is for a database server; MetadataStore 'sqlite' keeps its file in DataDir: remove the connection string or choose another MetadataStore");
        }

        services.AddFloeSqlite(new SqliteMetadataOptions { DatabasePath = storage.DatabasePath });
    }

    /// <summary>A PostgreSQL database shared by every node; it needs the connection string to reach it.</summary>
    private static void AddPostgres(IServiceCollection services, StorageOptions storage)
    {
        if (string.IsNullOrWhiteSpace(storage.MetadataConnectionString))
        {
            throw new FloeConfigurationException(
                "MetadataStore 'postgres' needs MetadataConnectionString (an Npgsql connection string such as 'Host=db;Username=floe;Password=...;Database=floe')");
        }

        services.AddFloePostgres(new PostgresMetadataOptions { ConnectionString = storage.MetadataConnectionString });
    }

    /// <summary>A bucket shared by every node; it needs at least the bucket's name.</summary>
    private static void AddS3(IServiceCollection services, StorageOptions storage)
    {
        if (string.IsNullOrWhiteSpace(storage.S3Bucket))
        {
            throw new FloeConfigurationException("BlobStore 's3' needs S3Bucket (and S3Endpoint for a server other than Amazon S3)");
        }

        S3ChecksumMode checksums = storage.S3ChecksumMode.Trim().ToUpperInvariant() switch
        {
            "WHEN-REQUIRED" or "WHENREQUIRED" => S3ChecksumMode.WhenRequired,
            "WHEN-SUPPORTED" or "WHENSUPPORTED" => S3ChecksumMode.WhenSupported,
            _ => throw new FloeConfigurationException($"S3ChecksumMode '{storage.S3ChecksumMode}' is not one of 'when-required' or 'when-supported'"),
        };
        if (storage.S3PartSizeMiB is < 5 or > 5120)
        {
            throw new FloeConfigurationException($"S3PartSizeMiB {storage.S3PartSizeMiB} is not between 5 and 5120");
        }

        if (string.IsNullOrWhiteSpace(storage.S3AccessKey) != string.IsNullOrWhiteSpace(storage.S3SecretKey))
        {
            throw new FloeConfigurationException("S3AccessKey and S3SecretKey go together: give both, or neither to use the AWS SDK's default credentials");
        }

        if (!string.IsNullOrWhiteSpace(storage.S3Endpoint)
            && !(Uri.TryCreate(storage.S3Endpoint, UriKind.Absolute, out Uri? endpoint) && endpoint.Scheme is "http" or "https"))
        {
            throw new FloeConfigurationException($"S3Endpoint '{storage.S3Endpoint}' is not an http:// or https:// URL");
        }

        CheckObjectStoreSettings(storage);

        services.AddFloeS3Blobs(new S3BlobStoreOptions
        {
            Endpoint = string.IsNullOrWhiteSpace(storage.S3Endpoint) ? null : storage.S3Endpoint,
            Region = storage.S3Region,
            Bucket = storage.S3Bucket,
            Prefix = storage.S3Prefix,
            AccessKey = storage.S3AccessKey,
            SecretKey = storage.S3SecretKey,
            ForcePathStyle = storage.S3ForcePathStyle,
            ChecksumMode = checksums,
            PartSize = (long)storage.S3PartSizeMiB << 20,
            UploadConcurrency = storage.BlobUploadConcurrency,
        });
    }

    /// <summary>A container shared by every node, reached with a connection string.</summary>
    private static void AddAzure(IServiceCollection services, StorageOptions storage)
    {
        if (string.IsNullOrWhiteSpace(storage.AzureConnectionString) || string.IsNullOrWhiteSpace(storage.AzureContainer))
        {
            throw new FloeConfigurationException(
                "BlobStore 'azure' needs AzureConnectionString (an Azure Storage connection string) and AzureContainer");
        }

        CheckObjectStoreSettings(storage);
        if (storage.BlobRedirect && !storage.AzureConnectionString.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase))
        {
            throw new FloeConfigurationException(
                "BlobRedirect on BlobStore 'azure' signs SAS URLs with the account key: AzureConnectionString needs AccountKey=");
        }

        services.AddFloeAzureBlobs(new AzureBlobStoreOptions
        {
            ConnectionString = storage.AzureConnectionString,
            Container = storage.AzureContainer,
            Prefix = storage.AzurePrefix,
            UploadConcurrency = storage.BlobUploadConcurrency,
        });
    }
}
