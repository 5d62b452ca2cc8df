using Floe.Metadata.Sqlite;
using Floe.Server.Hosting;
using Floe.Storage.FileSystem;
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
        .AddBlobStore(StorageOptions.FileSystem, (services, storage) =>
            services.AddFloeFileSystemBlobs(new FileSystemBlobStoreOptions { RootPath = storage.BlobRoot }));

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
}
