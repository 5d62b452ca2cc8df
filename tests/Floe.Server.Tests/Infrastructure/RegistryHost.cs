using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>
/// A Floe registry in process (ASP.NET's test server) over a temporary data directory with the real
/// SQLite and filesystem stores, and one repository, <c>db/schema/repo</c>, to push to.
/// </summary>
public sealed class RegistryHost : IAsyncDisposable
{
    public const string RepositoryPath = "db/schema/repo";

    private readonly string _dataDir;
    private readonly WebApplication _app;

    private RegistryHost(string dataDir, WebApplication app, AccountRecord account)
    {
        _dataDir = dataDir;
        _app = app;
        Account = account;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public AccountRecord Account { get; }

    public IMetadataStore Store => _app.Services.GetRequiredService<IMetadataStore>();

    public static async Task<RegistryHost> StartAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "floe-test-" + Guid.NewGuid().ToString("N"));
        // The bootstrap hashes the admin password once per host: OWASP's cost would add most of a second to every test.
        Dictionary<string, string?> values = new() { ["DataDir"] = dataDir, ["MaxPageSize"] = "50", ["PasswordHashIterations"] = "1000" };
        settings?.Invoke(values);
        WebApplication app = await FloeServer.CreateAsync(values, configFile: null, builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        IMetadataStore store = app.Services.GetRequiredService<IMetadataStore>();
        AccountRecord account = (await store.FindAccountAsync("DEV", CancellationToken.None))!;
        RegistryHost host = new(dataDir, app, account);
        await host.CreateRepositoryAsync(RepositoryPath);
        return host;
    }

    /// <summary>Creates a repository from its URL path (<c>db/schema/repo</c>), as <c>CREATE IMAGE REPOSITORY</c> will.</summary>
    public async Task<RepositoryRecord> CreateRepositoryAsync(string urlPath)
    {
        string[] parts = urlPath.Split('/');
        RepositoryKey key = new(UrlIdentifier.ToStored(parts[0])!, UrlIdentifier.ToStored(parts[1])!, UrlIdentifier.ToStored(parts[2])!);
        RepositoryRecord? created = await Store.CreateRepositoryAsync(new NewRepository(Account.Id, key, "ACCOUNTADMIN", null), CancellationToken.None);
        return created ?? throw new InvalidOperationException($"repository {urlPath} already exists");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
