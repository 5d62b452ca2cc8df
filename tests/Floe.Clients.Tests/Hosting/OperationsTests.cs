using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Hosting;

/// <summary>
/// What an operator relies on from the real <c>floe serve</c> process: structured logs
/// a collector can read, and a graceful stop — SIGTERM lets an upload in flight finish before the
/// process exits cleanly.
/// </summary>
public sealed class OperationsTests
{
    private const string Repository = "db/sch/repo";

    [Fact]
    public async Task LogFormatJson_EveryLineIsAJsonObjectWithLevelCategoryAndMessage()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["FLOE_LOGFORMAT"] = "json" });

        string[] lines = floe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.NotEmpty(lines);
        List<JsonElement> entries = [.. lines.Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.All(entries, entry =>
        {
            Assert.True(entry.TryGetProperty("Timestamp", out _), entry.ToString());
            Assert.True(entry.TryGetProperty("LogLevel", out _), entry.ToString());
            Assert.True(entry.TryGetProperty("Category", out _), entry.ToString());
        });
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.Contains($"127.0.0.1:{floe.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigTerm_DuringAChunkedUpload_TheChunkIsAcceptedAndTheProcessExitsCleanly()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(Repository);
        using HttpClient client = floe.CreateClient();
        string token = await floe.RegistryTokenAsync($"repository:{Repository}/img:pull,push");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage started = await client.PostAsync($"/v2/{Repository}/img/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        byte[] chunk = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        GatedContent body = new(chunk);
        using HttpRequestMessage patch = new(HttpMethod.Patch, started.Headers.Location) { Content = body };
        Task<HttpResponseMessage> sending = client.SendAsync(patch);
        await body.HalfSent;

        Task<int> stopping = floe.TerminateAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(stopping.IsCompleted, "the server stopped with a request in flight");
        body.SendTheRest();

        HttpResponseMessage accepted = await sending;
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"0-{chunk.Length - 1}", accepted.Headers.GetValues("Range").Single());
        Assert.Equal(0, await stopping);
    }

    /// <summary>A request body that sends its first half, then waits until the test lets it send the rest.</summary>
    private sealed class GatedContent(byte[] bytes) : HttpContent
    {
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HalfSent => _halfSent.Task;

        public void SendTheRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            int half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _halfSent.TrySetResult();
            await _rest.Task;
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
