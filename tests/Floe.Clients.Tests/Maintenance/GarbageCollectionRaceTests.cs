using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Maintenance;

/// <summary>
/// The race between online garbage collection and pushes, against the real <c>floe serve</c>: workers push
/// images made of a small pool of shared layers into new repositories, mount them into second
/// repositories (content discovery, so from any repository that links them, including ones being dropped),
/// and drop repositories all the time, so the shared layers are garbage again and again while the next
/// push of the same digests commits them. The server collects every 20 ms, and <c>floe gc</c> runs in a loop
/// beside it as a second collector. Every image acknowledged must pull byte-exact, and afterwards the blob
/// store must hold exactly what the surviving images use. Run with the writers' guard switched off (a
/// startup hook only tests pass to the process), the same workload must lose an acknowledged blob: the
/// proof that this test can fail.
/// </summary>
public sealed class GarbageCollectionRaceTests
{
    private const int Workers = 4;
    private const int PoolSize = 6;

    /// <summary>The shared layers (same digests in every round): small, so a round is quick and many rounds race.</summary>
    private static readonly byte[][] Pool = [.. Enumerable.Range(0, PoolSize).Select(i => RandomNumberGenerator.GetBytes(2048 + (i * 512)))];

    [Fact]
    public async Task Collector_RacingPushesMountsAndDrops_EveryAcknowledgedImagePullsAndNoGarbageIsLeft()
    {
        await using FloeProcess floe = await StartAsync(skipGuard: false);
        Race race = new(floe, stopAtFirstLoss: false);

        using CancellationTokenSource collectorsStop = new();
        Task<(int Runs, long Removed)> cliRuns = RunGcInALoopAsync(floe, collectorsStop.Token);
        await race.RunAsync(TimeSpan.FromSeconds(14));
        await collectorsStop.CancelAsync();
        (int cliCollections, long cliRemoved) = await cliRuns;

        List<string> lostAtTheEnd = await race.VerifySurvivorsAsync();
        Tool.Run finalGc = await GcAsync(floe);
        HashSet<string> onDisk = BlobFiles(floe.DataDir);
        string metrics = await MetricsAsync(floe);

        Assert.True(race.Failures.IsEmpty, string.Join("\n", race.Failures));
        Assert.True(race.Lost.IsEmpty, "acknowledged, then missing:\n" + string.Join("\n", race.Lost));
        Assert.Empty(lostAtTheEnd);
        Assert.True(race.Acknowledged >= 2 * Workers, $"only {race.Acknowledged} images were acknowledged: not every worker finished a round");
        Assert.True(cliCollections > 0, "floe gc never ran beside the server");
        Assert.Equal(0, finalGc.ExitCode);
        Assert.Equal(race.SurvivingDigests.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
        // The collectors (the server's and floe gc, whichever got there first) really collected shared
        // layers while they were being pushed again, and the server's runs succeeded. On PostgreSQL a run can
        // still lose a serialization conflict against the pushes now and then (it is retried on the next
        // tick, and the checks above show nothing was lost); a collector that is broken fails every run.
        Assert.True(MetricValue(metrics, "floe_gc_blobs_deleted_total") + cliRemoved > PoolSize, metrics);
        double succeeded = MetricValue(metrics, "floe_gc_runs_total{outcome=\"success\"}");
        Assert.True(succeeded > 0, metrics);
        Assert.True(MetricValue(metrics, "floe_gc_runs_total{outcome=\"failure\"}") * 10 <= succeeded, metrics);
    }

    [Fact]
    public async Task Collector_WriterGuardSwitchedOff_TheRaceLosesAnAcknowledgedBlob()
    {
        await using FloeProcess floe = await StartAsync(skipGuard: true);
        Race race = new(floe, stopAtFirstLoss: true);

        await race.RunAsync(TimeSpan.FromSeconds(20));

        Assert.False(race.Lost.IsEmpty, $"with the guard off, {race.Acknowledged} acknowledged images all pulled: the race test could not fail");
    }

    private static Task<FloeProcess> StartAsync(bool skipGuard) =>
        FloeProcess.StartAsync(new Dictionary<string, string>
        {
            ["FLOE_GCINTERVAL"] = "00:00:00.020",
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
            [StartupHook.Variable] = skipGuard ? "pause=15,skip-guard" : "pause=15",
        }, "db/sch/seed");

    /// <summary>Runs <c>floe gc</c> until stopped: how many runs, and how many blobs they said they removed.</summary>
    private static async Task<(int Runs, long Removed)> RunGcInALoopAsync(FloeProcess floe, CancellationToken stop)
    {
        int runs = 0;
        long removed = 0;
        while (!stop.IsCancellationRequested)
        {
            Tool.Run run = await GcAsync(floe);
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            runs++;
            removed += long.Parse(run.Stdout.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return (runs, removed);
    }

    private static Task<Tool.Run> GcAsync(FloeProcess floe) =>
        FloeBinary.RunAsync(floe.Environment, "gc", "--data-dir", floe.DataDir);

    private static HashSet<string> BlobFiles(string dataDir)
    {
        string root = Path.Combine(dataDir, "storage", "blobs", "sha256");
        return Directory.Exists(root)
            ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(path => "sha256:" + Path.GetFileName(path))]
            : [];
    }

    private static async Task<string> MetricsAsync(FloeProcess floe)
    {
        using HttpClient client = floe.CreateClient();
        return await client.GetStringAsync("/metrics");
    }

    private static double MetricValue(string metrics, string name) =>
        metrics.Split('\n').Where(line => line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Single();

    /// <summary>An image the registry acknowledged, and where it still lives.</summary>
    private sealed record PushedImage(string Repository, IReadOnlyList<byte[]> Blobs);

    /// <summary>The workers, what they were told and what they found.</summary>
    private sealed class Race(FloeProcess floe, bool stopAtFirstLoss)
    {
        private readonly ConcurrentDictionary<int, PushedImage> _survivors = new();
        private int _acknowledged;
        private volatile bool _lossFound;

        public ConcurrentQueue<string> Lost { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public int Acknowledged => _acknowledged;

        public IEnumerable<string> SurvivingDigests =>
            _survivors.Values.SelectMany(image => image.Blobs).Select(blob => RegistryHttpClient.DigestOf(blob)).Distinct();

        public async Task RunAsync(TimeSpan budget)
        {
            Stopwatch elapsed = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                for (int round = 0; elapsed.Elapsed < budget && !_lossFound; round++)
                {
                    try
                    {
                        await RoundAsync(worker, round);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
                    {
                        Failures.Enqueue($"worker {worker} round {round}: {ex.Message}");
                        return;
                    }
                }
            })));
        }

        /// <summary>Pulls every surviving image again, once the collectors have run many more times.</summary>
        public async Task<List<string>> VerifySurvivorsAsync()
        {
            List<string> lost = [];
            foreach (PushedImage image in _survivors.Values)
            {
                using HttpClient client = await ClientAsync(image.Repository);
                await VerifyAsync(client, image, lost);
            }

            return lost;
        }

        /// <summary>
        /// One round: push an image to a new repository A, mount it into a new repository B, drop A and the
        /// previous round's B. Each acknowledged image is pulled back at once.
        /// </summary>
        private async Task RoundAsync(int worker, int round)
        {
            string a = $"db/sch/w{worker}a{round}";
            string b = $"db/sch/w{worker}b{round}";
            await floe.SqlAsync($"CREATE IMAGE REPOSITORY db.sch.w{worker}a{round}; CREATE IMAGE REPOSITORY db.sch.w{worker}b{round};");
            byte[] config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","round":"{{worker}}-{{round}}"}""");
            byte[][] layers = [.. Pool.OrderBy(_ => Random.Shared.Next()).Take(3)];
            PushedImage imageA = new(a, [config, .. layers]);
            PushedImage imageB = new(b, [config, .. layers]);

            using (HttpClient client = await ClientAsync(a))
            {
                foreach (byte[] blob in imageA.Blobs)
                {
                    await UploadAsync(client, a, blob);
                }

                await PutManifestAsync(client, imageA);
                await VerifyAsync(client, imageA, null);
            }

            using (HttpClient client = await ClientAsync(b))
            {
                foreach (byte[] blob in imageB.Blobs)
                {
                    await MountOrUploadAsync(client, b, blob);
                }

                await PutManifestAsync(client, imageB);
                await VerifyAsync(client, imageB, null);
            }

            await floe.SqlAsync($"DROP IMAGE REPOSITORY db.sch.w{worker}a{round};");
            if (_survivors.TryGetValue(worker, out PushedImage? previous))
            {
                await floe.SqlAsync($"DROP IMAGE REPOSITORY {previous.Repository.Replace('/', '.')};");
            }

            _survivors[worker] = imageB;
        }

        private async Task<HttpClient> ClientAsync(string repository)
        {
            HttpClient client = floe.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", await floe.RegistryTokenAsync($"repository:{repository}/img:pull,push"));
            return client;
        }

        /// <summary>A single-request upload; a 503 (the digest is being collected this very moment) is retried, as clients do.</summary>
        private static async Task UploadAsync(HttpClient client, string repository, byte[] blob)
        {
            string digest = RegistryHttpClient.DigestOf(blob);
            for (int attempt = 1; ; attempt++)
            {
                using ByteArrayContent content = new(blob);
                using HttpResponseMessage response = await client.PostAsync($"/v2/{repository}/img/blobs/uploads/?digest={digest}", content);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
                {
                    throw new InvalidOperationException($"upload of {digest} to {repository}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        /// <summary>A mount from wherever the account holds the blob; when the registry cannot mount it (202), the upload it opened is filled.</summary>
        private static async Task MountOrUploadAsync(HttpClient client, string repository, byte[] blob)
        {
            string digest = RegistryHttpClient.DigestOf(blob);
            using HttpResponseMessage mount = await client.PostAsync($"/v2/{repository}/img/blobs/uploads/?mount={digest}", null);
            if (mount.StatusCode == HttpStatusCode.Created)
            {
                return;
            }

            if (mount.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"mount of {digest} into {repository}: {(int)mount.StatusCode} {await mount.Content.ReadAsStringAsync()}");
            }

            string location = mount.Headers.Location!.OriginalString;
            using ByteArrayContent content = new(blob);
            using HttpResponseMessage put = await client.PutAsync($"{location}{(location.Contains('?', StringComparison.Ordinal) ? '&' : '?')}digest={digest}", content);
            if (put.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await UploadAsync(client, repository, blob);
            }
            else if (put.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"upload of {digest} to {repository} after a refused mount: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
            }
        }

        private async Task PutManifestAsync(HttpClient client, PushedImage image)
        {
            string Descriptor(string mediaType, byte[] blob) =>
                $$"""{"mediaType":"{{mediaType}}","digest":"{{RegistryHttpClient.DigestOf(blob)}}","size":{{blob.Length}}}""";
            string manifest = $$"""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{{Descriptor("application/vnd.oci.image.config.v1+json", image.Blobs[0])}},
                 "layers":[{{string.Join(",", image.Blobs.Skip(1).Select(layer => Descriptor("application/vnd.oci.image.layer.v1.tar", layer)))}}]}
                """;
            using StringContent body = new(manifest);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
            using HttpResponseMessage response = await client.PutAsync($"/v2/{image.Repository}/img/manifests/v1", body);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"manifest PUT to {image.Repository}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            Interlocked.Increment(ref _acknowledged);
        }

        /// <summary>Pulls every blob of an acknowledged image; what does not come back byte-exact is lost.</summary>
        private async Task VerifyAsync(HttpClient client, PushedImage image, List<string>? lost)
        {
            foreach (byte[] blob in image.Blobs)
            {
                string digest = RegistryHttpClient.DigestOf(blob);
                using HttpResponseMessage response = await client.GetAsync($"/v2/{image.Repository}/img/blobs/{digest}");
                byte[] pulled = response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : [];
                if (!pulled.AsSpan().SequenceEqual(blob))
                {
                    string problem = $"{image.Repository}: blob {digest} answered {(int)response.StatusCode} with {pulled.Length} of {blob.Length} bytes";
                    if (lost is null)
                    {
                        Lost.Enqueue(problem);
                    }
                    else
                    {
                        lost.Add(problem);
                    }

                    if (stopAtFirstLoss)
                    {
                        _lossFound = true;
                    }
                }
            }
        }
    }
}
