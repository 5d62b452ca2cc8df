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
            (int resumed, int retried) = await FinishInterruptedAsync(checker, ledger);
            output.WriteLine(
                $"round {round}: killed after {Volatile.Read(ref acknowledged)} acknowledged operations; " +
                $"{resumed} uploads resumed and {retried} pushes retried after the restart; " +
                $"{ledger.AcknowledgedBlobs} blobs and {ledger.AcknowledgedManifests} manifests acknowledged so far");
        }

        using RegistryHttpClient final = new(_floe, "ADMIN", FloeProcess.AdminPassword);
        await final.AuthorizeAsync(CancellationToken.None, [.. Enumerable.Range(0, Pushers).Select(p => $"repository:{ImageName(p)}:pull,push")]);
        await ledger.AssertAcknowledgedReadBackAsync(final);
    }

    private static string ImageName(int pusher) => $"{Repository}/p{pusher}";

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
        try
        {
            using HttpResponseMessage response = await client.PushBlobAsync(name, content, mode, CancellationToken.None, opened: l => location = l);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{mode} blob push answered {(int)response.StatusCode}");
            Assert.Equal(RegistryHttpClient.DigestOf(content), response.Headers.GetValues("Docker-Content-Digest").Single());
            ledger.AcknowledgeBlob(name, content);
            acknowledge();
            return true;
        }
        catch (HttpRequestException)
        {
            ledger.Interrupt(new PushLedger.Interrupted(name, content, null, location));
            return false;
        }
    }

    /// <summary>
    /// What a client does after the restart: an upload that was open resumes from the offset GET reports;
    /// an upload whose completing PUT went through unanswered is gone and its blob is whole; anything else is pushed again.
    /// </summary>
    private static async Task<(int Resumed, int Retried)> FinishInterruptedAsync(RegistryHttpClient client, PushLedger ledger)
    {
        int resumed = 0;
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

                    // Only an upload that was completed (its PUT reached the server, the answer did not reach us) may be gone.
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET of an open upload after the restart answered {(int)response.StatusCode}");
                    using HttpResponseMessage head = await client.HeadAsync($"/v2/{push.Name}/blobs/{digest}", CancellationToken.None);
                    Assert.Equal(HttpStatusCode.OK, head.StatusCode);
                }
            }

            using HttpResponseMessage again = await client.PushBlobAsync(push.Name, push.Content, BlobPushMode.Monolithic, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            ledger.AcknowledgeBlob(push.Name, push.Content);
            retried++;
        }

        return (resumed, retried);
    }
}
