using System.Net;
using System.Text.RegularExpressions;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Faults;

/// <summary>
/// A client that hangs up in the middle of a request body: the upload stays consistent (its status names
/// an offset within what was sent, and the bytes before it are the ones sent), the client resumes from
/// there, nothing is served until the upload completes, and the hang-up logs no exception.
/// </summary>
public sealed partial class ClientDisconnectTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private FloeProcess _floe = null!;

    public async Task InitializeAsync() => _floe = await FloeProcess.StartAsync("db/sch/repo");

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    [Fact]
    public async Task DisconnectMidPatch_StatusThenResume_CompletesWithTheRightDigest()
    {
        using RegistryHttpClient client = new(_floe, "ADMIN", FloeProcess.AdminPassword);
        await client.AuthorizeAsync(CancellationToken.None, $"repository:{Name}:pull,push");
        byte[] content = new byte[4 * 1024 * 1024];
        new Random(11).NextBytes(content);
        string digest = RegistryHttpClient.DigestOf(content);
        const int firstChunk = 1024 * 1024;
        const int sentOfSecond = 1024 * 1024;
        using HttpRequestMessage post = new(HttpMethod.Post, $"/v2/{Name}/blobs/uploads/");
        using HttpResponseMessage opened = await client.SendAsync(post, CancellationToken.None);
        string location = opened.Headers.Location!.OriginalString;
        using (HttpResponseMessage first = await client.PatchAsync(location, content[..firstChunk], 0, CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        // The second chunk declares the rest of the blob, sends a quarter of it, and the client hangs up.
        GatedBody body = new(content[firstChunk..], sentOfSecond);
        using CancellationTokenSource hangUp = new();
        using HttpRequestMessage patch = new(HttpMethod.Patch, location) { Content = body.ToContent() };
        patch.Content.Headers.TryAddWithoutValidation("Content-Range", $"{firstChunk}-{content.Length - 1}");
        Task<HttpResponseMessage> inFlight = client.SendAsync(patch, hangUp.Token);
        await body.Paused;
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);

        using (HttpResponseMessage head = await client.HeadAsync($"/v2/{Name}/blobs/{digest}", CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        // The server may still be draining the hung-up request when the client asks; a chunk sent from a
        // stale offset is refused with 416 and the client asks again, as a real client does.
        HttpResponseMessage? completed = null;
        for (int attempt = 0; attempt < 20 && completed is null; attempt++)
        {
            (HttpResponseMessage answer, long offset) = await client.ResumeUploadAsync(location, content, CancellationToken.None);
            Assert.InRange(offset, firstChunk, firstChunk + sentOfSecond);
            if (answer.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                answer.Dispose();
                continue;
            }

            completed = answer;
        }

        using (completed)
        {
            Assert.NotNull(completed);
            Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
            Assert.Equal(digest, completed.Headers.GetValues("Docker-Content-Digest").Single());
        }

        (HttpStatusCode status, byte[] served, string? servedDigest) = await client.ReadAsync($"/v2/{Name}/blobs/{digest}", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(digest, servedDigest);
        Assert.Equal(content, served);
        await AssertHangUpLoggedNoStackTraceAsync();
    }

    [Fact]
    public async Task DisconnectMidSinglePostUpload_NothingServed_SamePushSucceedsAfter()
    {
        using RegistryHttpClient client = new(_floe, "ADMIN", FloeProcess.AdminPassword);
        await client.AuthorizeAsync(CancellationToken.None, $"repository:{Name}:pull,push");
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(12).NextBytes(content);
        string digest = RegistryHttpClient.DigestOf(content);
        GatedBody body = new(content, content.Length / 3);
        using CancellationTokenSource hangUp = new();
        using HttpRequestMessage post = new(HttpMethod.Post, $"/v2/{Name}/blobs/uploads/?digest={digest}") { Content = body.ToContent() };
        Task<HttpResponseMessage> inFlight = client.SendAsync(post, hangUp.Token);
        await body.Paused;
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);

        using (HttpResponseMessage head = await client.HeadAsync($"/v2/{Name}/blobs/{digest}", CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        using (HttpResponseMessage again = await client.PushBlobAsync(Name, content, BlobPushMode.Monolithic, CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        (HttpStatusCode status, byte[] served, _) = await client.ReadAsync($"/v2/{Name}/blobs/{digest}", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(content, served);
        await AssertHangUpLoggedNoStackTraceAsync();
    }

    /// <summary>
    /// A hung-up client is the client's doing, not a server fault: no exception and no stack trace in the log.
    /// The server is stopped first (and must exit 0), so everything it had to say about the hang-up is written.
    /// </summary>
    private async Task AssertHangUpLoggedNoStackTraceAsync()
    {
        Assert.Equal(0, await _floe.TerminateAsync());
        string log = _floe.Output;
        Assert.False(StackFrame().IsMatch(log), $"the server logged a stack trace for a client hang-up:\n{log}");
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
