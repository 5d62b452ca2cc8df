using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Faults;

/// <summary>
/// What clients pushed to a server that was then stopped, split by what the server acknowledged: a
/// blob or manifest whose <c>201</c> reached the client must read back byte-exact forever after; one
/// whose request was cut off may be absent or whole, never partial.
/// </summary>
internal sealed class PushLedger
{
    private readonly ConcurrentDictionary<string, Pushed> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PushedManifest> _manifests = new();
    private readonly ConcurrentQueue<Interrupted> _interrupted = new();

    /// <summary>A blob of image <paramref name="Name"/> and its content.</summary>
    public sealed record Pushed(string Name, byte[] Content)
    {
        public string Digest { get; } = RegistryHttpClient.DigestOf(Content);
    }

    public sealed record PushedManifest(string Name, string Tag, byte[] Content)
    {
        public string Digest { get; } = RegistryHttpClient.DigestOf(Content);
    }

    /// <summary>
    /// A push cut off before its answer: a blob (with the upload's location when a POST opened one, and whether the
    /// completing PUT had been sent) or a manifest (<paramref name="Tag"/> set).
    /// </summary>
    public sealed record Interrupted(string Name, byte[] Content, string? Tag, string? Location, bool Completing = false);

    public int AcknowledgedBlobs => _blobs.Count;

    public int AcknowledgedManifests => _manifests.Count;

    public IReadOnlyCollection<Interrupted> InterruptedPushes => _interrupted;

    public void AcknowledgeBlob(string name, byte[] content) => _blobs.TryAdd(RegistryHttpClient.DigestOf(content), new Pushed(name, content));

    public void AcknowledgeManifest(string name, string tag, byte[] content) => _manifests.Enqueue(new PushedManifest(name, tag, content));

    public void Interrupt(Interrupted push) => _interrupted.Enqueue(push);

    /// <summary>The pushes cut off so far, forgotten here: the caller finishes them and acknowledges them.</summary>
    public IReadOnlyList<Interrupted> TakeInterrupted()
    {
        List<Interrupted> taken = [];
        while (_interrupted.TryDequeue(out Interrupted? push))
        {
            taken.Add(push);
        }

        return taken;
    }

    /// <summary>Every acknowledged blob and manifest (by tag and by digest) reads back byte-exact with its digest.</summary>
    public async Task AssertAcknowledgedReadBackAsync(RegistryHttpClient client)
    {
        foreach (Pushed blob in _blobs.Values)
        {
            await AssertServedWholeAsync(client, $"/v2/{blob.Name}/blobs/{blob.Digest}", blob.Content, blob.Digest);
        }

        foreach (PushedManifest manifest in _manifests)
        {
            await AssertServedWholeAsync(client, $"/v2/{manifest.Name}/manifests/{manifest.Tag}", manifest.Content, manifest.Digest);
            await AssertServedWholeAsync(client, $"/v2/{manifest.Name}/manifests/{manifest.Digest}", manifest.Content, manifest.Digest);
        }
    }

    /// <summary>A push that was cut off is either unknown or served whole: never a prefix, never other bytes.</summary>
    public async Task AssertInterruptedAbsentOrWholeAsync(RegistryHttpClient client)
    {
        foreach (Interrupted push in _interrupted)
        {
            string digest = RegistryHttpClient.DigestOf(push.Content);
            string path = push.Tag is null ? $"/v2/{push.Name}/blobs/{digest}" : $"/v2/{push.Name}/manifests/{push.Tag}";
            using HttpResponseMessage head = await client.HeadAsync(path, CancellationToken.None);
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {path} of a push cut off answered {(int)head.StatusCode}");
            Assert.Equal(push.Content.Length, head.Content.Headers.ContentLength);
            await AssertServedWholeAsync(client, path, push.Content, digest);
        }
    }

    /// <summary>No file under the store's <c>blobs/</c> is anything but the whole content its name is the digest of.</summary>
    public static void AssertEveryStoredBlobMatchesItsName(string dataDir)
    {
        string root = Path.Combine(dataDir, "storage", "blobs", "sha256");
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            using FileStream stream = File.OpenRead(file);
            Assert.Equal(Path.GetFileName(file), Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }

    private static async Task AssertServedWholeAsync(RegistryHttpClient client, string path, byte[] expected, string digest)
    {
        (HttpStatusCode status, byte[] body, string? served) = await client.ReadAsync(path, CancellationToken.None);
        Assert.True(status == HttpStatusCode.OK, $"GET {path} answered {(int)status}");
        Assert.Equal(digest, served);
        Assert.Equal(digest, RegistryHttpClient.DigestOf(body));
        Assert.Equal(expected.Length, body.Length);
    }
}
