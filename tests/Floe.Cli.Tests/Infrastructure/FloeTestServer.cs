using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Floe.Server.Hosting;
using Floe.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Floe.Cli.Tests.Infrastructure;

/// <summary>
/// A real Floe server in process (ASP.NET's test server, real SQLite and filesystem stores in a temporary
/// data directory) for the client commands to talk to, and a registry client to push images with.
/// </summary>
internal sealed class FloeTestServer : IAsyncDisposable
{
    /// <summary>The bootstrap account's host; the server listens (nominally) on 127.0.0.1:5000, so URLs carry :5000.</summary>
    public const string AccountHost = "local-dev.registry.localhost:5000";

    public const string AdminPassword = "admin-secret-1";

    private readonly string _dataDir;
    private readonly WebApplication _app;
    private readonly TestMetadataDatabase _database;

    private FloeTestServer(string dataDir, WebApplication app, TestMetadataDatabase database)
    {
        _dataDir = dataDir;
        _app = app;
        _database = database;
    }

    public static async Task<FloeTestServer> StartAsync()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "floe-cli-server-" + Guid.NewGuid().ToString("N"));
        Dictionary<string, string?> settings = new()
        {
            ["DataDir"] = dataDir,
            ["AdminPassword"] = AdminPassword,
            ["PasswordHashIterations"] = "1000",
        };
        // The default store, or a PostgreSQL database of its own with FLOE_TEST_METADATASTORE=postgres.
        TestMetadataDatabase database = TestMetadataDatabase.Create();
        foreach ((string name, string value) in database.Settings)
        {
            settings[name] = value;
        }

        WebApplication app = await FloeServer.CreateAsync(settings, configFile: null, Backends.All(), builder => builder.WebHost.UseTestServer());
        await app.StartAsync();
        return new FloeTestServer(dataDir, app, database);
    }

    /// <summary>A fresh handler into the server (the API client disposes the one it is given).</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>An environment whose HTTP goes to this server; no real home, variables or PATH leak in.</summary>
    public CliEnvironment Environment(string home, IReadOnlyDictionary<string, string>? variables = null) => new()
    {
        Variables = variables ?? new Dictionary<string, string> { ["PATH"] = "" },
        HomeDirectory = home,
        CreateHttpHandler = CreateHandler,
    };

    /// <summary><c>GET /oauth/token</c> with Basic credentials: the registry token for <paramref name="scope"/>.</summary>
    public async Task<(HttpStatusCode Status, string? Token)> RegistryTokenAsync(string user, string password, string scope)
    {
        using HttpClient client = Client();
        using HttpRequestMessage request = new(HttpMethod.Get,
            $"oauth/token?service={Uri.EscapeDataString(AccountHost)}&scope={Uri.EscapeDataString(scope)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        using HttpResponseMessage response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("token").GetString());
    }

    /// <summary>Pushes a tiny OCI image (config, one layer, manifest) as the admin; answers the manifest digest.</summary>
    public async Task<string> PushImageAsync(string name, string tag)
    {
        (_, string? token) = await RegistryTokenAsync("ADMIN", AdminPassword, $"repository:{name}:push,pull");
        using HttpClient client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        byte[] config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}""");
        byte[] layer = Encoding.UTF8.GetBytes("layer of " + name + ":" + tag);
        string configDigest = await PushBlobAsync(client, name, config);
        string layerDigest = await PushBlobAsync(client, name, layer);
        string manifest =
            $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configDigest}}","size":{{config.Length}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layerDigest}}","size":{{layer.Length}}}]}""";
        using ByteArrayContent content = new(Encoding.UTF8.GetBytes(manifest));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        using HttpResponseMessage response = await client.PutAsync($"v2/{name}/manifests/{tag}", content);
        await EnsureAsync(response);
        return Digest(Encoding.UTF8.GetBytes(manifest));
    }

    private static async Task<string> PushBlobAsync(HttpClient client, string name, byte[] blob)
    {
        string digest = Digest(blob);
        using ByteArrayContent content = new(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await client.PostAsync($"v2/{name}/blobs/uploads/?digest={Uri.EscapeDataString(digest)}", content);
        await EnsureAsync(response);
        return digest;
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private HttpClient Client() => new(CreateHandler()) { BaseAddress = new Uri("http://" + AccountHost + "/") };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _database.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}

/// <summary>One server for a test class (xunit class fixture).</summary>
public sealed class FloeServerFixture : IAsyncLifetime
{
    internal FloeTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FloeTestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
