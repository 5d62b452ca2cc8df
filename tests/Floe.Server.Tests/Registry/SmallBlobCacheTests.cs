using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;
using Floe.Storage.FileSystem;

namespace Floe.Server.Tests.Registry;

/// <summary>
/// Small blobs are answered from memory after their first read: the answer is the one the store
/// gives (bytes, headers, ranges, conditions), and only bytes that match their digest are kept.
/// </summary>
public sealed class SmallBlobCacheTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Get_SecondRead_SameBytesHeadersRangesAndConditionsAsTheFirst()
    {
        byte[] content = RandomNumberGenerator.GetBytes(3000);
        Digest digest = await Client.PushBlobAsync(Name, content);
        string path = $"/v2/{Name}/blobs/{digest}";

        HttpResponseMessage first = await Client.GetAsync(path);
        HttpResponseMessage second = await Client.GetAsync(path);
        HttpResponseMessage head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        HttpRequestMessage ranged = new(HttpMethod.Get, path);
        ranged.Headers.Range = new RangeHeaderValue(10, 19);
        HttpResponseMessage range = await Client.SendAsync(ranged);
        HttpRequestMessage conditional = new(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        HttpResponseMessage notModified = await Client.SendAsync(conditional);

        foreach (HttpResponseMessage answer in new[] { first, second, head })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(content.Length, answer.Content.Headers.ContentLength);
            Assert.Equal("application/octet-stream", answer.Content.Headers.ContentType!.MediaType);
            Assert.Equal(first.Headers.ETag, answer.Headers.ETag);
            Assert.Equal(first.Content.Headers.LastModified, answer.Content.Headers.LastModified);
            Assert.Equal(digest.ToString(), answer.Header("Docker-Content-Digest"));
        }

        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Equal(content, await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(content, await second.Content.ReadAsByteArrayAsync());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(content[10..20], await range.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Get_BlobRottenOnDiskBeforeItsFirstRead_IsNotKept()
    {
        byte[] content = RandomNumberGenerator.GetBytes(3000);
        Digest digest = await Client.PushBlobAsync(Name, content);
        string file = _host.Service<IBlobStore, FileSystemBlobStore>().GetExpectedPath(digest);
        byte[] rotten = (byte[])content.Clone();
        rotten[100] ^= 0xFF;
        await File.WriteAllBytesAsync(file, rotten);

        byte[] whileRotten = await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}");
        await File.WriteAllBytesAsync(file, content);
        byte[] repaired = await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}");

        Assert.Equal(rotten, whileRotten);
        Assert.Equal(content, repaired);
    }

    [Fact]
    public async Task Get_BlobReadOnceThenRottenOnDisk_ServesTheBytesOfItsDigest()
    {
        byte[] content = RandomNumberGenerator.GetBytes(3000);
        Digest digest = await Client.PushBlobAsync(Name, content);
        string file = _host.Service<IBlobStore, FileSystemBlobStore>().GetExpectedPath(digest);

        Assert.Equal(content, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
        await File.WriteAllBytesAsync(file, new byte[content.Length]);

        Assert.Equal(content, await Client.GetByteArrayAsync($"/v2/{Name}/blobs/{digest}"));
    }
}
