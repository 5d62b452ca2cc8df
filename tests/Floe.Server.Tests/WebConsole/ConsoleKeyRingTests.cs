using System.Text;
using System.Xml.Linq;
using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Sqlite;
using Floe.Server.WebConsole;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Tests.WebConsole;

/// <summary>
/// The console's data protection over a real SQLite metadata store: what one node protects, another node
/// on the same store reads, with the one key the first node created; a name stored twice is no error.
/// </summary>
[Trait("MetadataStore", "sqlite-only")]
public sealed class ConsoleKeyRingTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-keyring-");
    private SqliteMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(_directory.FullName, "metadata.db") }, TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task AddConsoleKeyRing_ProtectedOnOneNode_UnprotectsOnAnotherWithTheSameKey()
    {
        using ServiceProvider nodeA = Node();
        using ServiceProvider nodeB = Node();

        byte[] sealedOnA = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello"u8.ToArray());
        byte[] openedOnB = nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedOnA);

        Assert.Equal("hello", Encoding.UTF8.GetString(openedOnB));
        Assert.StartsWith("key-", Assert.Single(await _store.ListDataProtectionKeysAsync(CancellationToken.None)).FriendlyName, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreElement_NameAlreadyStored_KeepsTheFirstWithoutError()
    {
        ConsoleKeyRing.MetadataXmlRepository repository = new(_store, TimeProvider.System);

        repository.StoreElement(new XElement("key", new XAttribute("id", "first")), "key-1");
        repository.StoreElement(new XElement("key", new XAttribute("id", "second")), "key-1");

        Assert.Equal("first", Assert.Single(repository.GetAllElements()).Attribute("id")?.Value);
    }

    /// <summary>A node's data protection as the server registers it, over the shared store.</summary>
    private ServiceProvider Node()
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDataProtectionKeyStore>(_store);
        services.AddConsoleKeyRing();
        return services.BuildServiceProvider();
    }
}
