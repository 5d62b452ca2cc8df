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
        .AddBlobStore(StorageOptions.FileSystem, (services, storage) =>
            services.AddFloeFileSystemBlobs(new FileSystemBlobStoreOptions { RootPath = storage.BlobRoot }))
        .AddBlobStore(StorageOptions.S3, AddS3)
        .AddBlobStore(StorageOptions.Azure, AddAzure);

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

        services.AddFloeAzureBlobs(new AzureBlobStoreOptions
        {
            ConnectionString = storage.AzureConnectionString,
            Container = storage.AzureContainer,
            Prefix = storage.AzurePrefix,
        });
    }
}
