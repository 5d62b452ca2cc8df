using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Durability;

/// <summary>
/// SIGKILL the real server while eight clients push tags at once — the writes SQLite commits as a
/// group — and check that every tag answered 201 before the kill is there after the restart.
/// </summary>
public sealed class CrashDuringTagPushTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private const int Clients = 8;
    private FloeProcess _floe = null!;

    public async Task InitializeAsync() => _floe = await FloeProcess.StartAsync("db/sch/repo");

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    [Fact]
    public async Task SigkillDuringConcurrentTagPuts_AfterRestart_EveryTagAnswered201IsThere()
    {
        using HttpClient client = new() { BaseAddress = _floe.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _floe.RegistryTokenAsync($"repository:{Name}:pull,push"));
        byte[] manifest = await PushImageAsync(client);
        ConcurrentBag<string> created = [];
        using CancellationTokenSource stop = new();

        Task[] pushers = [.. Enumerable.Range(0, Clients).Select(c => Task.Run(() => PushTagsAsync(client, manifest, c, created, stop.Token)))];
        while (created.Count < 4 * Clients)
        {
            await Task.Delay(20);
        }

        await _floe.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(pushers);
        string[] answered = [.. created];
        await _floe.RestartAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await _floe.RegistryTokenAsync($"repository:{Name}:pull"));

        foreach (string tag in answered)
        {
            using HttpRequestMessage get = new(HttpMethod.Get, $"/v2/{Name}/manifests/{tag}");
            get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestType));
            HttpResponseMessage response = await client.SendAsync(get);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"tag {tag} was answered 201 before the kill but is {(int)response.StatusCode} after the restart");
        }
    }

    /// <summary>PUTs tags c&lt;client&gt;-0, -1, … until stopped or the server is gone; records each one answered 201.</summary>
    private static async Task PushTagsAsync(HttpClient client, byte[] manifest, int clientNumber, ConcurrentBag<string> created, CancellationToken stop)
    {
        for (int i = 0; !stop.IsCancellationRequested; i++)
        {
            string tag = $"c{clientNumber}-{i}";
            using ByteArrayContent body = new(manifest);
            body.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
            try
            {
                HttpResponseMessage response = await client.PutAsync($"/v2/{Name}/manifests/{tag}", body, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    created.Add(tag);
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return; // killed, or told to stop: an unanswered PUT promises nothing
            }
        }
    }

    /// <summary>Pushes a config blob and returns a manifest that references only it.</summary>
    private static async Task<byte[]> PushImageAsync(HttpClient client)
    {
        byte[] config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}""");
        string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config));
        HttpResponseMessage pushed = await client.PostAsync($"/v2/{Name}/blobs/uploads/?digest={digest}", new ByteArrayContent(config));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        return Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{ManifestType}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{digest}}","size":{{config.Length}}},"layers":[]}""");
    }
}
