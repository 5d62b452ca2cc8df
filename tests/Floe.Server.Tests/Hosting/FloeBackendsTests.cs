using Floe.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Tests.Hosting;

/// <summary>The settings choose a backend by name among those the composition root offers.</summary>
public sealed class FloeBackendsTests
{
    private readonly List<string> _registered = [];

    private FloeBackends Offered() => new FloeBackends()
        .AddMetadataStore("sqlite", (_, _) => _registered.Add("metadata:sqlite"))
        .AddMetadataStore("postgres", (_, storage) => _registered.Add("metadata:postgres " + storage.MetadataConnectionString))
        .AddBlobStore("filesystem", (_, storage) => _registered.Add("blobs:filesystem " + storage.BlobRoot));

    [Fact]
    public void Register_NamesInAnyCase_CallsOnlyTheChosenRegistrationsWithTheSettings()
    {
        StorageOptions storage = new() { DataDir = "/srv/floe", MetadataStore = "Postgres", MetadataConnectionString = "Host=db" };

        Offered().Register(new ServiceCollection(), storage);

        Assert.Equal(["metadata:postgres Host=db", "blobs:filesystem /srv/floe/storage"], _registered);
    }

    [Fact]
    public void Register_Defaults_AreSqliteAndFileSystem()
    {
        Offered().Register(new ServiceCollection(), new StorageOptions { DataDir = "/srv/floe" });

        Assert.Equal(["metadata:sqlite", "blobs:filesystem /srv/floe/storage"], _registered);
    }

    [Fact]
    public void Register_UnknownMetadataStore_ThrowsNamingTheOfferedValuesAndRegistersNothing()
    {
        FloeConfigurationException error = Assert.Throws<FloeConfigurationException>(
            () => Offered().Register(new ServiceCollection(), new StorageOptions { MetadataStore = "mysql" }));

        Assert.Equal("MetadataStore 'mysql' is not available; valid values: postgres, sqlite", error.Message);
        Assert.Empty(_registered);
    }

    [Fact]
    public void Register_UnknownBlobStore_ThrowsNamingTheOfferedValues()
    {
        FloeConfigurationException error = Assert.Throws<FloeConfigurationException>(
            () => Offered().Register(new ServiceCollection(), new StorageOptions { BlobStore = "s3" }));

        Assert.Equal("BlobStore 's3' is not available; valid values: filesystem", error.Message);
    }
}
