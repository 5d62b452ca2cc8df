using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Durability;

/// <summary>
/// SIGKILL the real server while uploads are in flight: after a restart no partial or corrupt blob
/// is visible, the same content can be pushed again, and blobs answered 201 before the kill survive.
/// </summary>
public sealed class CrashDuringUploadTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private FloeProcess _floe = null!;

    public async Task InitializeAsync() => _floe = await FloeProcess.StartAsync("db/sch/repo");

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    [Fact]
    public async Task SigkillMidUpload_AfterRestart_NoPartialBlobIsVisibleAndRetrySucceeds()
    {
        using HttpClient client = new() { BaseAddress = _floe.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _floe.RegistryTokenAsync($"repository:{Name}:pull,push"));
        byte[] committed = RandomBytes(3 * 1024 * 1024, seed: 1);
        string committedDigest = await PushWholeAsync(client, committed);
        byte[] chunked = RandomBytes(4 * 1024 * 1024, seed: 2);
        string chunkedDigest = DigestOf(chunked);
        string location = (await client.PostAsync($"/v2/{Name}/blobs/uploads/", null)).Headers.Location!.OriginalString;
        HttpResponseMessage firstHalf = await PatchAsync(client, location, chunked[..(chunked.Length / 2)]);
        Assert.Equal(HttpStatusCode.Accepted, firstHalf.StatusCode);
        byte[] streamed = RandomBytes(64 * 1024 * 1024, seed: 3);
        string streamedDigest = DigestOf(streamed);
        using CancellationTokenSource stopStreaming = new();
        Task<HttpResponseMessage> inFlight = StartSlowMonolithicUploadAsync(client, streamed, streamedDigest, stopStreaming.Token);
        await Task.Delay(500);

        await _floe.KillAsync();
        await stopStreaming.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => inFlight);
        await _floe.RestartAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _floe.RegistryTokenAsync($"repository:{Name}:pull,push"));

        Assert.Equal(HttpStatusCode.NotFound, await HeadBlobAsync(client, chunkedDigest));
        Assert.Equal(HttpStatusCode.NotFound, await HeadBlobAsync(client, streamedDigest));
        Assert.False(File.Exists(BlobFile(chunkedDigest)), "no file may appear at the chunked blob's path");
        Assert.False(File.Exists(BlobFile(streamedDigest)), "no file may appear at the streamed blob's path");
        Assert.Equal(committed, await client.GetByteArrayAsync($"/v2/{Name}/blobs/{committedDigest}"));
        Assert.Equal(chunkedDigest, await PushWholeAsync(client, chunked));
        Assert.Equal(chunked, await client.GetByteArrayAsync($"/v2/{Name}/blobs/{chunkedDigest}"));
    }

    private string BlobFile(string digest)
    {
        string hex = digest["sha256:".Length..];
        return Path.Combine(_floe.DataDir, "storage", "blobs", "sha256", hex[..2], hex);
    }

    private static async Task<HttpStatusCode> HeadBlobAsync(HttpClient client, string digest)
    {
        using HttpRequestMessage head = new(HttpMethod.Head, $"/v2/{Name}/blobs/{digest}");
        return (await client.SendAsync(head)).StatusCode;
    }

    private static async Task<string> PushWholeAsync(HttpClient client, byte[] content)
    {
        string digest = DigestOf(content);
        HttpResponseMessage response = await client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return digest;
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string location, byte[] content)
    {
        using HttpRequestMessage request = new(HttpMethod.Patch, location) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.SendAsync(request);
    }

    /// <summary>A single-POST upload whose body trickles in, so the server is killed with it half received.</summary>
    private static Task<HttpResponseMessage> StartSlowMonolithicUploadAsync(HttpClient client, byte[] content, string digest, CancellationToken cancellationToken)
    {
        StreamContent body = new(new TricklingStream(content));
        body.Headers.ContentLength = content.Length;
        return client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", body, cancellationToken);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Hands out 64 KiB every 10 ms: a slow client.</summary>
    private sealed class TricklingStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(10, cancellationToken);
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
        }
    }
}
