using System.Data.Common;
using Floe.Cli;
using Floe.Core.Metadata;
using Floe.Server.Hosting;
using Floe.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>
/// A Floe registry in process (ASP.NET's test server) over a temporary data directory, and one
/// repository, <c>db/sch/repo</c>, to push to. The backends are chosen like <c>floe serve</c> chooses
/// them, from the same settings (by default the real SQLite and filesystem stores; <c>FLOE_METADATASTORE</c>
/// and the other <c>FLOE_</c> variables choose others).
/// </summary>
public sealed class RegistryHost : IAsyncDisposable
{
    public const string RepositoryPath = "db/sch/repo";

    /// <summary>The bootstrap account's own host (reached whatever the default account is).</summary>
    public const string AccountHost = "local-dev.registry.localhost:5000";

    /// <summary>The bootstrap admin's password in tests (a low hashing cost keeps them fast).</summary>
    public const string AdminPassword = "admin-secret-1";

    private readonly string _dataDir;
    private readonly WebApplication _app;
    private readonly TestMetadataDatabase _database;
    private string? _adminToken;
    private HttpClient? _rawClient;

    private RegistryHost(string dataDir, WebApplication app, TestMetadataDatabase database, AccountRecord account)
    {
        _dataDir = dataDir;
        _app = app;
        _database = database;
        Account = account;
        // Like docker: follow the Bearer challenge with the bootstrap admin's credentials.
        Client = new HttpClient(new BearerChallengeHandler("ADMIN", AdminPassword) { InnerHandler = app.GetTestServer().CreateHandler() })
        {
            BaseAddress = app.GetTestServer().BaseAddress,
        };
    }

    /// <summary>A client that logs in like docker when the registry challenges it (as the bootstrap admin).</summary>
    public HttpClient Client { get; }

    /// <summary>A client that sends requests as they are: for tests of authentication itself.</summary>
    public HttpClient RawClient => _rawClient ??= _app.GetTestClient();

    public AccountRecord Account { get; }

    /// <summary>The data directory of this registry (SQLite file, <c>storage/</c>).</summary>
    public string DataDir => _dataDir;

    public IMetadataStore Store => _app.Services.GetRequiredService<IMetadataStore>();

    /// <summary>The registered <typeparamref name="TService"/> that is a <typeparamref name="TImplementation"/>.</summary>
    internal TImplementation Service<TService, TImplementation>()
        where TService : class
        where TImplementation : TService =>
        _app.Services.GetServices<TService>().OfType<TImplementation>().Single();

    /// <summary>
    /// Starts a registry; <paramref name="clock"/> replaces the system clock everywhere in it. Its
    /// metadata store is the default (SQLite in the data directory) or, with
    /// <c>FLOE_TEST_METADATASTORE=postgres</c>, a new PostgreSQL database of its own (<see cref="TestMetadataDatabase"/>).
    /// <paramref name="services"/> may replace registered services (options records, for instance).
    /// </summary>
    public static async Task<RegistryHost> StartAsync(
        Action<Dictionary<string, string?>>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "floe-test-" + Guid.NewGuid().ToString("N"));
        Dictionary<string, string?> values = new()
        {
            ["DataDir"] = dataDir,
            ["MaxPageSize"] = "50",
            ["AdminPassword"] = AdminPassword,
            ["PasswordHashIterations"] = "1000",
        };
        TestMetadataDatabase database = TestMetadataDatabase.Create();
        try
        {
            foreach ((string name, string value) in database.Settings)
            {
                values[name] = value;
            }

            settings?.Invoke(values);
            WebApplication app = await FloeServer.CreateAsync(values, configFile: null, Backends.All(), builder =>
            {
                builder.WebHost.UseTestServer();
                if (clock is not null)
                {
                    builder.Services.AddSingleton(clock);
                }

                services?.Invoke(builder.Services);
            });
            await app.StartAsync();
            IMetadataStore store = app.Services.GetRequiredService<IMetadataStore>();
            AccountRecord account = (await store.FindAccountAsync("DEV", CancellationToken.None))!;
            RegistryHost host = new(dataDir, app, database, account);
            await host.CreateRepositoryAsync(RepositoryPath);
            return host;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Creates a repository from its URL path (<c>db/sch/repo</c>) with SQL, as the bootstrap admin.</summary>
    public async Task CreateRepositoryAsync(string urlPath)
    {
        string[] parts = urlPath.Split('/');
        _adminToken ??= await Client.LoginAsync("ADMIN", AdminPassword, AccountHost);
        await Client.SqlOkAsync(_adminToken,
            $"CREATE DATABASE IF NOT EXISTS {parts[0]}; CREATE SCHEMA IF NOT EXISTS {parts[0]}.{parts[1]}; " +
            $"CREATE IMAGE REPOSITORY {parts[0]}.{parts[1]}.{parts[2]};",
            AccountHost);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> on this registry's metadata database through a connection of its own,
    /// as another process sharing the database would (the SQLite file, or the PostgreSQL database).
    /// </summary>
    public async Task<int> ExecuteAsAnotherWriterAsync(string sql)
    {
        await using DbConnection connection = _database.ConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={Path.Combine(_dataDir, "metadata.db")};Pooling=False;Foreign Keys=True");
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _rawClient?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _database.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
