using System.Net;
using System.Net.Sockets;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Faults;

/// <summary>
/// SIGTERM while uploads are mid-body: the server stops taking connections, lets the requests in flight
/// finish (<c>ShutdownTimeout</c>), exits 0, and what it answered is there after a restart.
/// </summary>
public sealed class SigtermDuringUploadTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private FloeProcess _floe = null!;

    public async Task InitializeAsync() => _floe = await FloeProcess.StartAsync("db/sch/repo");

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    [Fact]
    public async Task SigtermMidUpload_InFlightRequestsFinish_ExitsZeroAndTheirContentIsDurable()
    {
        using RegistryHttpClient client = new(_floe, "ADMIN", FloeProcess.AdminPassword);
        await client.AuthorizeAsync(CancellationToken.None, $"repository:{Name}:pull,push");
        Random random = new(7);
        byte[] single = Bytes(random, 6 * 1024 * 1024);
        byte[] chunked = Bytes(random, 5 * 1024 * 1024);
        byte[] finished = Bytes(random, 4 * 1024 * 1024);
        const int firstChunk = 1024 * 1024;
        string chunkedUpload = await OpenWithFirstChunkAsync(client, chunked[..firstChunk]);
        string finishedUpload = await OpenWithFirstChunkAsync(client, finished[..firstChunk]);

        // Three requests caught halfway through their bodies: a single-POST upload, a PATCH, and a PUT carrying the last chunk.
        GatedBody singleBody = new(single, single.Length / 2);
        GatedBody patchBody = new(chunked[firstChunk..], (chunked.Length - firstChunk) / 2);
        GatedBody putBody = new(finished[firstChunk..], (finished.Length - firstChunk) / 2);
        Task<HttpResponseMessage> singleRequest = SendAsync(client, HttpMethod.Post, $"/v2/{Name}/blobs/uploads/?digest={RegistryHttpClient.DigestOf(single)}", singleBody, null);
        Task<HttpResponseMessage> patchRequest = SendAsync(client, HttpMethod.Patch, chunkedUpload, patchBody, $"{firstChunk}-{chunked.Length - 1}");
        Task<HttpResponseMessage> putRequest = SendAsync(client, HttpMethod.Put, $"{finishedUpload}?digest={RegistryHttpClient.DigestOf(finished)}", putBody, null);
        await Task.WhenAll(singleBody.Paused, patchBody.Paused, putBody.Paused);

        Task<int> exit = _floe.TerminateAsync();
        await WaitUntilRefusingConnectionsAsync(_floe.Port);
        singleBody.Resume();
        patchBody.Resume();
        putBody.Resume();

        using HttpResponseMessage singleAnswer = await singleRequest;
        using HttpResponseMessage patchAnswer = await patchRequest;
        using HttpResponseMessage putAnswer = await putRequest;
        Assert.Equal(HttpStatusCode.Created, singleAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, patchAnswer.StatusCode);
        Assert.Equal($"0-{chunked.Length - 1}", patchAnswer.Headers.GetValues("Range").Single());
        Assert.Equal(HttpStatusCode.Created, putAnswer.StatusCode);
        Assert.Equal(0, await exit);

        await _floe.RestartAsync();
        await client.AuthorizeAsync(CancellationToken.None, $"repository:{Name}:pull,push");
        await AssertBlobAsync(client, single);
        await AssertBlobAsync(client, finished);
        using (HttpResponseMessage notYet = await client.HeadAsync($"/v2/{Name}/blobs/{RegistryHttpClient.DigestOf(chunked)}", CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        }

        (HttpResponseMessage completed, long offset) = await client.ResumeUploadAsync(chunkedUpload, chunked, CancellationToken.None);
        using (completed)
        {
            Assert.Equal(chunked.Length, offset);
            Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        }

        await AssertBlobAsync(client, chunked);
        PushLedger.AssertEveryStoredBlobMatchesItsName(_floe.DataDir);
    }

    private static async Task<string> OpenWithFirstChunkAsync(RegistryHttpClient client, byte[] chunk)
    {
        using HttpRequestMessage post = new(HttpMethod.Post, $"/v2/{Name}/blobs/uploads/");
        using HttpResponseMessage opened = await client.SendAsync(post, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, opened.StatusCode);
        string location = opened.Headers.Location!.OriginalString;
        using HttpResponseMessage patched = await client.PatchAsync(location, chunk, 0, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        return location;
    }

    private static async Task<HttpResponseMessage> SendAsync(RegistryHttpClient client, HttpMethod method, string path, GatedBody body, string? contentRange)
    {
        using HttpRequestMessage request = new(method, path) { Content = body.ToContent() };
        if (contentRange is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }

        return await client.SendAsync(request, CancellationToken.None);
    }

    /// <summary>Waits until a new connection is refused: the server has taken the signal and closed its listener.</summary>
    private static async Task WaitUntilRefusingConnectionsAsync(int port)
    {
        for (int attempt = 0; attempt < 600; attempt++)
        {
            using TcpClient probe = new();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the server kept accepting connections after SIGTERM");
    }

    private static async Task AssertBlobAsync(RegistryHttpClient client, byte[] content)
    {
        string digest = RegistryHttpClient.DigestOf(content);
        (HttpStatusCode status, byte[] body, string? served) = await client.ReadAsync($"/v2/{Name}/blobs/{digest}", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(digest, served);
        Assert.Equal(content, body);
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
