using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Authorization;

/// <summary>
/// Two accounts of one deployment with the same database, schema, repository and user names
///: nothing one holds — tokens, upload sessions, blobs, manifests, catalog
/// entries, session tokens — is reachable through the other's host.
/// </summary>
public sealed class TenantIsolationTests(TenantIsolationTests.TwoAccounts accounts) : IClassFixture<TenantIsolationTests.TwoAccounts>
{
    private const string A = RegistryHost.AccountHost;
    private const string B = "local-acme.registry.localhost:5000";
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string OnlyInA = RegistryHost.RepositoryPath + "/only-in-a";
    private const string Password = "pw-tenant-12345";
    private const string Scope = "repository:" + Image + ":pull,push";

    private HttpClient Client => accounts.Registry.RawClient;

    /// <summary>
    /// Account A (the bootstrap account DEV) and B (ACME, created with SQL by the org admin), each with
    /// <c>db.sch.repo</c> and a user ALICE who may push to it; A holds an image B does not.
    /// </summary>
    public sealed class TwoAccounts : IAsyncLifetime
    {
        public RegistryHost Registry { get; private set; } = null!;

        public string SessionA { get; private set; } = null!;

        /// <summary>The manifest and the layer pushed only in A.</summary>
        public (string Manifest, string Layer) PushedInA { get; private set; }

        public async Task InitializeAsync()
        {
            Registry = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "true");
            HttpClient client = Registry.RawClient;
            string adminA = await client.LoginAsync("ADMIN", RegistryHost.AdminPassword, A);
            await client.SqlOkAsync(adminA, "CREATE ACCOUNT acme ADMIN_NAME = boss ADMIN_PASSWORD = 'acme-secret-1'", A);
            string adminB = await client.LoginAsync("boss", "acme-secret-1", B);
            await client.SqlOkAsync(adminB, "CREATE DATABASE db; CREATE SCHEMA db.sch; CREATE IMAGE REPOSITORY db.sch.repo", B);
            const string alice =
                "CREATE ROLE pusher; GRANT USAGE ON DATABASE db TO ROLE pusher; GRANT USAGE ON SCHEMA db.sch TO ROLE pusher; " +
                "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE pusher; " +
                "CREATE USER alice PASSWORD = '" + Password + "'; GRANT ROLE pusher TO USER alice;";
            await client.SqlOkAsync(adminA, alice, A);
            await client.SqlOkAsync(adminB, alice, B);
            SessionA = await client.LoginAsync("alice", Password, A);

            string token = await RegistryTokenAsync(client, A, "repository:" + OnlyInA + ":pull,push");
            byte[] config = Encoding.UTF8.GetBytes("{\"tenant\":\"a\"}");
            byte[] layer = Encoding.UTF8.GetBytes("a layer only account A holds");
            await PushBlobAsync(client, A, token, OnlyInA, config);
            string layerDigest = await PushBlobAsync(client, A, token, OnlyInA, layer);
            byte[] manifest = OciClient.ImageManifest(OciClient.DigestOf(config), config.Length, OciClient.DigestOf(layer), layer.Length);
            using ByteArrayContent body = new(manifest);
            body.Headers.ContentType = new MediaTypeHeaderValue(OciClient.OciManifestType);
            HttpResponseMessage put = await SendAsync(client, HttpMethod.Put, $"/v2/{OnlyInA}/manifests/latest", A, token, body);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            PushedInA = (OciClient.DigestOf(manifest).ToString(), layerDigest);
        }

        public async Task DisposeAsync() => await Registry.DisposeAsync();
    }

    [Fact]
    public async Task RegistryTokenOfA_RefusedOnBsHost()
    {
        string tokenA = await RegistryTokenAsync(Client, A, Scope);

        HttpResponseMessage onB = await SendAsync(Client, HttpMethod.Get, $"/v2/{Image}/tags/list", B, tokenA);
        HttpResponseMessage onA = await SendAsync(Client, HttpMethod.Get, $"/v2/{Image}/tags/list", A, tokenA);

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (onB.StatusCode, await onB.ErrorCodeAsync()));
        Assert.StartsWith($"Bearer realm=\"http://{B}/oauth/token\",service=\"{B}\"", onB.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Unauthorized, onA.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("PUT-empty")]
    [InlineData("DELETE")]
    public async Task UploadOpenedOnA_UnknownOnB(string method)
    {
        string tokenA = await RegistryTokenAsync(Client, A, Scope);
        string tokenB = await RegistryTokenAsync(Client, B, Scope);
        HttpResponseMessage start = await SendAsync(Client, HttpMethod.Post, $"/v2/{Image}/blobs/uploads/", A, tokenA);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        string location = start.Headers.Location!.OriginalString;
        byte[] chunk = Encoding.UTF8.GetBytes("chunk");
        using ByteArrayContent body = new(chunk);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (method == "PUT-empty")
        {
            // A's bytes are in the upload already; B names them by digest with an empty body.
            using ByteArrayContent first = new(chunk);
            first.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Client, HttpMethod.Patch, location, A, tokenA, first)).StatusCode);
        }

        string verb = method == "PUT-empty" ? "PUT" : method;
        string path = verb == "PUT" ? $"{location}?digest={OciClient.DigestOf(chunk)}" : location;

        HttpResponseMessage onB = await SendAsync(Client, new HttpMethod(verb), path, B, tokenB, method is "PATCH" or "PUT" ? body : null);
        HttpResponseMessage onA = await SendAsync(Client, HttpMethod.Get, location, A, tokenA);

        Assert.Equal((HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN"), (onB.StatusCode, await onB.ErrorCodeAsync()));
        Assert.Equal(HttpStatusCode.NoContent, onA.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(Client, HttpMethod.Head, $"/v2/{Image}/blobs/{OciClient.DigestOf(chunk)}", B, tokenB)).StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task BlobOfA_UnknownOnB(string method)
    {
        string tokenB = await RegistryTokenAsync(Client, B, "repository:" + OnlyInA + ":pull");
        string tokenA = await RegistryTokenAsync(Client, A, "repository:" + OnlyInA + ":pull");
        string path = $"/v2/{OnlyInA}/blobs/{accounts.PushedInA.Layer}";

        HttpResponseMessage onB = await SendAsync(Client, new HttpMethod(method), path, B, tokenB);
        HttpResponseMessage onA = await SendAsync(Client, new HttpMethod(method), path, A, tokenA);

        Assert.Equal(HttpStatusCode.NotFound, onB.StatusCode);
        if (method == "GET")
        {
            Assert.Equal("BLOB_UNKNOWN", await onB.ErrorCodeAsync());
        }

        Assert.Equal(HttpStatusCode.OK, onA.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MountOnB_DoesNotReachABlob(bool namedSource)
    {
        string tokenB = await RegistryTokenAsync(Client, B, Scope, "repository:" + OnlyInA + ":pull");
        string from = namedSource ? "&from=" + OnlyInA : string.Empty;

        HttpResponseMessage mount = await SendAsync(Client, HttpMethod.Post, $"/v2/{Image}/blobs/uploads/?mount={accounts.PushedInA.Layer}{from}", B, tokenB);
        HttpResponseMessage blob = await SendAsync(Client, HttpMethod.Head, $"/v2/{Image}/blobs/{accounts.PushedInA.Layer}", B, tokenB);

        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, blob.StatusCode);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData(null)]
    public async Task ManifestOfA_UnknownOnB(string? tag)
    {
        string tokenB = await RegistryTokenAsync(Client, B, "repository:" + OnlyInA + ":pull");
        string reference = tag ?? accounts.PushedInA.Manifest;

        HttpResponseMessage manifest = await SendAsync(Client, HttpMethod.Get, $"/v2/{OnlyInA}/manifests/{reference}", B, tokenB);
        HttpResponseMessage tags = await SendAsync(Client, HttpMethod.Get, $"/v2/{OnlyInA}/tags/list", B, tokenB);

        Assert.Equal((HttpStatusCode.NotFound, "MANIFEST_UNKNOWN"), (manifest.StatusCode, await manifest.ErrorCodeAsync()));
        Assert.DoesNotContain("latest", await tags.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogOfB_DoesNotListAsImages()
    {
        string tokenA = await RegistryTokenAsync(Client, A, "registry:catalog:*");
        string tokenB = await RegistryTokenAsync(Client, B, "registry:catalog:*");

        Assert.Contains(OnlyInA, await CatalogAsync(A, tokenA));
        Assert.Empty(await CatalogAsync(B, tokenB));
    }

    [Fact]
    public async Task SessionTokenOfA_RefusedByBsSqlApiAndTokenEndpoint()
    {
        HttpResponseMessage sql = await Client.SqlAsync(accounts.SessionA, "SELECT CURRENT_USER()", host: B);
        HttpResponseMessage registryToken = await Client.GetRegistryTokenAsync("0sessiontoken", accounts.SessionA, [Scope], host: B);
        HttpResponseMessage sameOnA = await Client.GetRegistryTokenAsync("0sessiontoken", accounts.SessionA, [Scope], host: A);

        Assert.Equal(HttpStatusCode.Unauthorized, sql.StatusCode);
        using (JsonDocument body = JsonDocument.Parse(await sql.Content.ReadAsStringAsync()))
        {
            Assert.Equal("390303", body.RootElement.GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, registryToken.StatusCode);
        using (JsonDocument body = JsonDocument.Parse(await registryToken.Content.ReadAsStringAsync()))
        {
            Assert.True(body.RootElement.TryGetProperty("error", out _));
        }

        Assert.Equal(HttpStatusCode.OK, sameOnA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.SqlAsync(accounts.SessionA, "SELECT CURRENT_USER()", host: A)).StatusCode);
    }

    /// <summary>An account dropped and created again under the same name is a new tenant: what the old one issued is worthless.</summary>
    [Fact]
    public async Task AccountDroppedAndRecreated_OldTokensRefused()
    {
        const string reborn = "local-reborn.registry.localhost:5000";
        string orgAdmin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, A);
        await CreateAccountWithAliceAsync(orgAdmin, reborn);
        string oldRegistryToken = await RegistryTokenAsync(Client, reborn, Scope);
        string oldSession = await Client.LoginAsync("alice", Password, reborn);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(Client, HttpMethod.Get, $"/v2/{Image}/tags/list", reborn, oldRegistryToken)).StatusCode);

        await Client.SqlOkAsync(orgAdmin, "DROP ACCOUNT reborn", A);
        await CreateAccountWithAliceAsync(orgAdmin, reborn);

        HttpResponseMessage registry = await SendAsync(Client, HttpMethod.Get, $"/v2/{Image}/tags/list", reborn, oldRegistryToken);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (registry.StatusCode, await registry.ErrorCodeAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SqlAsync(oldSession, "SELECT CURRENT_USER()", host: reborn)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetRegistryTokenAsync("0sessiontoken", oldSession, [Scope], host: reborn)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(Client, HttpMethod.Get, $"/v2/{Image}/tags/list", reborn, await RegistryTokenAsync(Client, reborn, Scope))).StatusCode);
    }

    private async Task CreateAccountWithAliceAsync(string orgAdmin, string host)
    {
        await Client.SqlOkAsync(orgAdmin, "CREATE ACCOUNT reborn ADMIN_NAME = boss ADMIN_PASSWORD = 'reborn-secret-1'", A);
        string admin = await Client.LoginAsync("boss", "reborn-secret-1", host);
        await Client.SqlOkAsync(admin,
            "CREATE DATABASE db; CREATE SCHEMA db.sch; CREATE IMAGE REPOSITORY db.sch.repo; " +
            "CREATE ROLE pusher; GRANT USAGE ON DATABASE db TO ROLE pusher; GRANT USAGE ON SCHEMA db.sch TO ROLE pusher; " +
            "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE pusher; " +
            $"CREATE USER alice PASSWORD = '{Password}'; GRANT ROLE pusher TO USER alice;", host);
    }

    private async Task<string[]> CatalogAsync(string host, string token)
    {
        HttpResponseMessage response = await SendAsync(Client, HttpMethod.Get, "/v2/_catalog", host, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!)];
    }

    private static async Task<string> RegistryTokenAsync(HttpClient client, string host, params string[] scopes)
    {
        JsonElement body = await (await client.GetRegistryTokenAsync("alice", Password, scopes, host: host)).TokenBodyAsync();
        return body.GetProperty("token").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string host, string token, HttpContent? content = null)
    {
        using HttpRequestMessage request = new(method, path) { Content = content };
        request.Headers.Host = host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd(OciClient.OciManifestType);
        return await client.SendAsync(request);
    }

    private static async Task<string> PushBlobAsync(HttpClient client, string host, string token, string image, byte[] blob)
    {
        string digest = OciClient.DigestOf(blob).ToString();
        using ByteArrayContent body = new(blob);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage response = await SendAsync(client, HttpMethod.Post, $"/v2/{image}/blobs/uploads/?digest={digest}", host, token, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }
}
