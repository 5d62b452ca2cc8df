using System.Net;
using Floe.Clients.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Floe.Clients.Tests.Faults;

/// <summary>
/// SIGKILL of the real server while eight clients push at once (single-POST, POST+PUT and chunked
/// uploads, manifest PUTs), three times over the same data directory. The kill lands after a number
/// of acknowledged operations the test chooses, not after a delay. After each restart every blob and
/// manifest whose <c>201</c> reached a client reads back byte-exact, tags resolve, nothing cut off is
/// served partially, no file under the store's <c>blobs/</c> differs from its name, and the clients
/// finish what was cut off: an open chunked upload resumes from the offset the server reports.
/// </summary>
public sealed class SigkillDuringPushTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Repository = "db/sch/repo";
    private const int Rounds = 3;
    private const int Pushers = 8;
    private const int ImagesPerPusher = 12;
    private FloeProcess _floe = null!;

    public async Task InitializeAsync() => _floe = await FloeProcess.StartAsync(Repository);

    public async Task DisposeAsync() => await _floe.DisposeAsync();

    [Fact]
    public async Task SigkillDuringConcurrentPushes_AfterRestart_AcknowledgedContentReadsBackAndInterruptedPushesResume()
    {
        PushLedger ledger = new();
        for (int round = 0; round < Rounds; round++)
        {
            int killAfter = 16 + (8 * round);
            int acknowledged = 0;
            TaskCompletionSource enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
            void Acknowledge()
            {
                if (Interlocked.Increment(ref acknowledged) == killAfter)
                {
                    enough.TrySetResult();
                }
            }

            List<RegistryHttpClient> clients = [];
            for (int pusher = 0; pusher < Pushers; pusher++)
            {
                RegistryHttpClient client = new(_floe, "ADMIN", FloeProcess.AdminPassword);
                await client.AuthorizeAsync(CancellationToken.None, $"repository:{ImageName(pusher)}:pull,push");
                clients.Add(client);
            }

            // An upload left half done before the round: whatever the kill catches in flight, one upload is open across it.
            await ParkHalfUploadAsync(clients[0], round, ledger);
            Task[] pushers = [.. clients.Select((client, pusher) => PushUntilCutOffAsync(client, round, pusher, ledger, Acknowledge))];
            await Task.WhenAny(enough.Task, Task.WhenAll(pushers));
            await _floe.KillAsync();
            await Task.WhenAll(pushers);
            clients.ForEach(c => c.Dispose());
            Assert.True(enough.Task.IsCompleted, $"round {round}: the pushers finished before {killAfter} acknowledged operations");

            await _floe.RestartAsync();
            using RegistryHttpClient checker = new(_floe, "ADMIN", FloeProcess.AdminPassword);
            await checker.AuthorizeAsync(CancellationToken.None, [.. Enumerable.Range(0, Pushers).Select(p => $"repository:{ImageName(p)}:pull,push")]);
            await ledger.AssertAcknowledgedReadBackAsync(checker);
            await ledger.AssertInterruptedAbsentOrWholeAsync(checker);
            PushLedger.AssertEveryStoredBlobMatchesItsName(_floe.DataDir);
            (int resumed, int gone, int retried) = await FinishInterruptedAsync(checker, ledger);
            output.WriteLine(
                $"round {round}: killed after {Volatile.Read(ref acknowledged)} acknowledged operations; after the restart " +
                $"{resumed} uploads resumed, {gone} uploads gone with their completing PUT pushed again, {retried} other pushes retried; " +
                $"{ledger.AcknowledgedBlobs} blobs and {ledger.AcknowledgedManifests} manifests acknowledged so far");
        }

        using RegistryHttpClient final = new(_floe, "ADMIN", FloeProcess.AdminPassword);
        await final.AuthorizeAsync(CancellationToken.None, [.. Enumerable.Range(0, Pushers).Select(p => $"repository:{ImageName(p)}:pull,push")]);
        await ledger.AssertAcknowledgedReadBackAsync(final);
    }

    private static string ImageName(int pusher) => $"{Repository}/p{pusher}";

    private static async Task ParkHalfUploadAsync(RegistryHttpClient client, int round, PushLedger ledger)
    {
        byte[] content = new byte[2 * 1024 * 1024];
        new Random(-1 - round).NextBytes(content);
        using HttpRequestMessage post = new(HttpMethod.Post, $"/v2/{ImageName(0)}/blobs/uploads/");
        using HttpResponseMessage opened = await client.SendAsync(post, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, opened.StatusCode);
        string location = opened.Headers.Location!.OriginalString;
        using HttpResponseMessage half = await client.PatchAsync(location, content[..(content.Length / 2)], 0, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, half.StatusCode);
        ledger.Interrupt(new PushLedger.Interrupted(ImageName(0), content, null, location));
    }

    /// <summary>
    /// One client pushing images (layer, config, manifest with a tag) until a request fails because the
    /// server is gone; the push it was in is recorded as cut off. Its layers go up by each of the three modes in turn.
    /// </summary>
    private static async Task PushUntilCutOffAsync(RegistryHttpClient client, int round, int pusher, PushLedger ledger, Action acknowledge)
    {
        string name = ImageName(pusher);
        Random random = new((round * 1000) + pusher);
        for (int image = 0; image < ImagesPerPusher; image++)
        {
            TestImage content = TestImage.Create(random, random.Next(512 * 1024, 3 * 1024 * 1024), $"r{round}-p{pusher}-{image}");
            BlobPushMode mode = (BlobPushMode)((pusher + image) % 3);
            string tag = $"r{round}-{image}";
            if (!await PushBlobAsync(client, name, content.Layer, mode, ledger, acknowledge)
                || !await PushBlobAsync(client, name, content.Config, BlobPushMode.Monolithic, ledger, acknowledge))
            {
                return;
            }

            try
            {
                using HttpResponseMessage put = await client.PutManifestAsync(name, tag, content.Manifest, TestImage.ManifestMediaType, CancellationToken.None);
                Assert.True(put.StatusCode == HttpStatusCode.Created, $"manifest PUT answered {(int)put.StatusCode}");
                Assert.Equal(content.ManifestDigest, put.Headers.GetValues("Docker-Content-Digest").Single());
                ledger.AcknowledgeManifest(name, tag, content.Manifest);
                acknowledge();
            }
            catch (HttpRequestException)
            {
                ledger.Interrupt(new PushLedger.Interrupted(name, content.Manifest, tag, null));
                return;
            }
        }
    }

    /// <summary>Pushes one blob; false when the server went away under it (the push is then recorded as cut off).</summary>
    private static async Task<bool> PushBlobAsync(RegistryHttpClient client, string name, byte[] content, BlobPushMode mode, PushLedger ledger, Action acknowledge)
    {
        string? location = null;
        bool completing = false;
        try
        {
            using HttpResponseMessage response = await client.PushBlobAsync(
                name, content, mode, CancellationToken.None, opened: l => location = l, completing: () => completing = true);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{mode} blob push answered {(int)response.StatusCode}");
            Assert.Equal(RegistryHttpClient.DigestOf(content), response.Headers.GetValues("Docker-Content-Digest").Single());
            ledger.AcknowledgeBlob(name, content);
            acknowledge();
            return true;
        }
        catch (HttpRequestException)
        {
            ledger.Interrupt(new PushLedger.Interrupted(name, content, null, location, completing));
            return false;
        }
    }

    /// <summary>
    /// What a client does after the restart: an open upload resumes from the offset GET reports. Only an upload
    /// whose completing PUT was in flight may be gone (the kill can fall between the blob's commit and the
    /// upload's removal); such a blob, like anything else cut off, is pushed again.
    /// </summary>
    private static async Task<(int Resumed, int Gone, int Retried)> FinishInterruptedAsync(RegistryHttpClient client, PushLedger ledger)
    {
        int resumed = 0;
        int gone = 0;
        int retried = 0;
        foreach (PushLedger.Interrupted push in ledger.TakeInterrupted())
        {
            string digest = RegistryHttpClient.DigestOf(push.Content);
            if (push.Tag is not null)
            {
                using HttpResponseMessage put = await client.PutManifestAsync(push.Name, push.Tag, push.Content, TestImage.ManifestMediaType, CancellationToken.None);
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                ledger.AcknowledgeManifest(push.Name, push.Tag, push.Content);
                retried++;
                continue;
            }

            if (push.Location is not null)
            {
                (HttpResponseMessage response, long offset) = await client.ResumeUploadAsync(push.Location, push.Content, CancellationToken.None);
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Assert.InRange(offset, 0, push.Content.Length);
                        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
                        ledger.AcknowledgeBlob(push.Name, push.Content);
                        resumed++;
                        continue;
                    }

                    Assert.True(
                        push.Completing && response.StatusCode == HttpStatusCode.NotFound,
                        $"resuming an upload cut off {(push.Completing ? "in its completing PUT" : "before its completing PUT")} answered {(int)response.StatusCode}");
                    gone++;
                }
            }
            else
            {
                retried++;
            }

            using HttpResponseMessage again = await client.PushBlobAsync(push.Name, push.Content, BlobPushMode.Monolithic, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            ledger.AcknowledgeBlob(push.Name, push.Content);
        }

        return (resumed, gone, retried);
    }
}
