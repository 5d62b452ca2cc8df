using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Cli;

/// <summary>
/// The real <c>floe fsck</c> over the data directory of the real <c>floe serve</c>: a blob corrupted on
/// disk is named, <c>--repair</c> quarantines it, and the restarted server then answers BLOB_UNKNOWN
/// for it instead of serving the corrupt bytes.
/// </summary>
public sealed class FsckCommandTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private FloeProcess _floe = null!;

    public async Task InitializeAsync() => _floe = await FloeProcess.StartAsync("db/sch/repo");

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    [Fact]
    public async Task Fsck_BlobCorruptedOnDisk_IsReportedThenQuarantinedAndNeverServed()
    {
        string layer = await PushImageAsync();
        await _floe.TerminateAsync();
        Tool.Run intact = await FsckAsync();
        await File.WriteAllTextAsync(BlobFile(layer), "bits flipped on disk");

        Tool.Run found = await FsckAsync();
        Tool.Run repaired = await FsckAsync("--repair");
        await _floe.RestartAsync();
        using HttpClient client = await ClientAsync();
        HttpResponseMessage get = await client.GetAsync($"/v2/{Name}/blobs/{layer}");

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("checked 2 blobs, 1 manifests: 0 problems", intact.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains($"corrupt blob {layer}", found.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, repaired.ExitCode);
        Assert.Contains(": quarantined", repaired.Stdout, StringComparison.Ordinal);
        Assert.Contains($"missing blob {layer} referenced by", repaired.Stdout, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Contains("BLOB_UNKNOWN", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(File.Exists(BlobFile(layer)));
    }

    private Task<Tool.Run> FsckAsync(params string[] options) =>
        FloeBinary.RunAsync(_floe.Environment, ["fsck", "--data-dir", _floe.DataDir, .. options]);

    private async Task<HttpClient> ClientAsync()
    {
        HttpClient client = new() { BaseAddress = _floe.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _floe.RegistryTokenAsync($"repository:{Name}:pull,push"));
        return client;
    }

    /// <summary>Pushes a config, a layer and a manifest over them; returns the layer's digest.</summary>
    private async Task<string> PushImageAsync()
    {
        using HttpClient client = await ClientAsync();
        byte[] config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}""");
        byte[] layer = RandomNumberGenerator.GetBytes(64 * 1024);
        string configDigest = await PushBlobAsync(client, config);
        string layerDigest = await PushBlobAsync(client, layer);
        string manifest = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{configDigest}}","size":{{config.Length}}},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{layerDigest}}","size":{{layer.Length}}}]}
            """;
        using StringContent body = new(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/v2/{Name}/manifests/v1", body)).StatusCode);
        return layerDigest;
    }

    private static async Task<string> PushBlobAsync(HttpClient client, byte[] content)
    {
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        HttpResponseMessage response = await client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }

    private string BlobFile(string digest)
    {
        string hex = digest["sha256:".Length..];
        return Path.Combine(_floe.DataDir, "storage", "blobs", "sha256", hex[..2], hex);
    }
}
