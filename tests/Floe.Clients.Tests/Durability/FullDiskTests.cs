using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Durability;

/// <summary>
/// The real <c>floe serve</c> with its data directory on a real 40 MiB tmpfs that fills up: every write
/// surface answers in its own protocol's error format (never a bare 500), a failed write leaves no upload
/// or partial blob behind, reads keep working, and writes work again once space is freed.
/// </summary>
// The data directory (SQLite file and blobs) on a small tmpfs: a test of the embedded store and the local disk.
[Trait("MetadataStore", "sqlite-only")]
public sealed class FullDiskTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private SmallDisk _disk = null!;
    private FloeProcess _floe = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _disk = await SmallDisk.MountAsync(sizeMiB: 40);
        _floe = await FloeProcess.StartInAsync(_disk.Combine("data"), "db/sch/repo");
        _client = _floe.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new("Bearer", await _floe.RegistryTokenAsync($"repository:{Name}:pull,push"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _floe.DisposeAsync();
        await _disk.DisposeAsync();
    }

    [Fact]
    public async Task Writes_DiskFull_AnswerEachProtocolsErrorLeaveNothingBehindAndWorkAgainWhenSpaceReturns()
    {
        byte[] config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        byte[] layer = RandomBytes(100_000);
        Assert.Equal(HttpStatusCode.Created, (await PostWholeAsync(config)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostWholeAsync(layer)).StatusCode);
        byte[] manifest = Manifest(config, layer, "before");
        Assert.Equal(HttpStatusCode.Created, (await PutManifestAsync("v1", manifest)).StatusCode);
        string session = await LoginAsync();
        string chunked = await StartUploadAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await PatchAsync(chunked, RandomBytes(1 << 20))).StatusCode);
        string completed = await StartUploadAsync();

        // A single-request upload larger than the disk: refused in the OCI format, and its partial file is gone at once.
        await AssertUnavailableAsync(await PostWholeAsync(RandomBytes(45 << 20)));
        Assert.Equal(2, Directory.GetFiles(UploadsDirectory).Length);
        Assert.InRange(await SmallDisk.DiskUsageAsync(_floe.DataDir), 0, 8L << 20);

        // The filler is topped up before each write: a failed write frees what its upload held.
        string filler = _disk.Combine("filler");
        _disk.Fill(filler);
        await AssertUnavailableAsync(await PostWholeAsync(RandomBytes(1 << 20)));
        _disk.Fill(filler);
        await AssertUnavailableAsync(await PatchAsync(chunked, RandomBytes(1 << 20)));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(chunked)).StatusCode);
        _disk.Fill(filler);
        byte[] last = RandomBytes(1 << 20);
        await AssertUnavailableAsync(await PutChunkAsync(completed, last));
        _disk.Fill(filler);
        await AssertUnavailableAsync(await PutManifestAsync("v2", Manifest(config, layer, "while full")));
        _disk.Fill(filler);
        await AssertOAuthUnavailableAsync(await SendLoginAsync());
        _disk.Fill(filler);
        await AssertSqlUnavailableAsync(await SqlAsync(session, "CREATE DATABASE FULLDB"));

        Assert.Equal(manifest, await _client.GetByteArrayAsync($"/v2/{Name}/manifests/v1"));
        Assert.Equal(layer, await _client.GetByteArrayAsync($"/v2/{Name}/blobs/{DigestOf(layer)}"));
        Assert.Empty(Directory.GetFiles(UploadsDirectory));
        Assert.Equal(
            new[] { DigestOf(config), DigestOf(layer) }.Order(StringComparer.Ordinal),
            Directory.GetFiles(BlobsDirectory, "*", SearchOption.AllDirectories).Select(path => "sha256:" + Path.GetFileName(path)).Order(StringComparer.Ordinal));
        Assert.InRange(await SmallDisk.DiskUsageAsync(_floe.DataDir), 0, 8L << 20);

        File.Delete(filler);

        Assert.Equal(HttpStatusCode.Created, (await PostWholeAsync(RandomBytes(1 << 20))).StatusCode);
        string again = await StartUploadAsync();
        Assert.Equal(HttpStatusCode.Created, (await PutChunkAsync(again, last)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutManifestAsync("v2", Manifest(config, layer, "after"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SqlAsync(await LoginAsync(), "CREATE DATABASE FULLDB")).StatusCode);
        Assert.DoesNotContain("nhandled exception", _floe.Output, StringComparison.OrdinalIgnoreCase);
    }

    private string UploadsDirectory => Path.Combine(_floe.DataDir, "storage", "uploads");

    private string BlobsDirectory => Path.Combine(_floe.DataDir, "storage", "blobs");

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-Api-Version").Single());
        JsonElement error = JsonDocument.Parse(body).RootElement.GetProperty("errors")[0];
        Assert.Equal("UNAVAILABLE", error.GetProperty("code").GetString());
    }

    private static async Task AssertOAuthUnavailableAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("temporarily_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    private static async Task AssertSqlUnavailableAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        JsonElement error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("000603", error.GetProperty("code").GetString());
        Assert.Equal("53100", error.GetProperty("sqlState").GetString());
    }

    private async Task<HttpResponseMessage> PostWholeAsync(byte[] content) =>
        await _client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={DigestOf(content)}", Octets(content));

    private async Task<string> StartUploadAsync()
    {
        HttpResponseMessage started = await _client.PostAsync($"/v2/{Name}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return started.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> PatchAsync(string location, byte[] chunk) =>
        await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, location) { Content = Octets(chunk) });

    /// <summary>Completes an upload with its last chunk in the PUT.</summary>
    private async Task<HttpResponseMessage> PutChunkAsync(string location, byte[] chunk)
    {
        string separator = location.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return await _client.PutAsync($"{location}{separator}digest={DigestOf(chunk)}", Octets(chunk));
    }

    private async Task<HttpResponseMessage> PutManifestAsync(string tag, byte[] manifest)
    {
        ByteArrayContent content = new(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        return await _client.PutAsync($"/v2/{Name}/manifests/{tag}", content);
    }

    private async Task<HttpResponseMessage> SendLoginAsync()
    {
        using HttpClient client = _floe.CreateClient();
        using FormUrlEncodedContent form = new(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "ADMIN",
            ["password"] = FloeProcess.AdminPassword,
        });
        return await client.PostAsync("/oauth/token", form);
    }

    private async Task<string> LoginAsync()
    {
        HttpResponseMessage login = await SendLoginAsync();
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> SqlAsync(string session, string sql)
    {
        using HttpClient client = _floe.CreateClient();
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string> { ["statement"] = sql }),
        };
        request.Headers.Authorization = new("Bearer", session);
        return await client.SendAsync(request);
    }

    private static byte[] Manifest(byte[] config, byte[] layer, string note) => Encoding.UTF8.GetBytes(
        $$$"""
        {"schemaVersion":2,"mediaType":"{{{ManifestType}}}",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{DigestOf(config)}}}","size":{{{config.Length}}}},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{{DigestOf(layer)}}}","size":{{{layer.Length}}}}],
         "annotations":{"note":"{{{note}}}"}}
        """);

    private static ByteArrayContent Octets(byte[] content)
    {
        ByteArrayContent body = new(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    private static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
