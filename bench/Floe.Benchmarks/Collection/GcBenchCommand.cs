using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Sqlite;
using Floe.Server.Maintenance;
using Floe.Storage.FileSystem;
using Microsoft.Data.Sqlite;

namespace Floe.Benchmarks.Collection;

/// <summary>
/// <c>gc --floe-dll PATH [--repositories 1000] [--blobs 10000] [--blob-size 4096] [--pulls 3000]</c>: garbage
/// collection of a large store while the real <c>floe serve</c> answers pulls. Seeds a fresh data
/// directory (repositories through the store's API; blob files and links written in bulk), starts the
/// server on it, measures blob GET latency with no collection, drops a quarter of the repositories and
/// collects with nothing else running, then drops another quarter and runs one collection (the same <see cref="BlobCollector"/> as <c>floe gc</c>) while the same pulls go on, and
/// prints the run's duration and what it removed beside the two latency distributions.
/// </summary>
internal static class GcBenchCommand
{
    public const string Name = "gc";

    private const int Concurrency = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        Dictionary<string, string> options = new(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (!options.TryGetValue("--floe-dll", out string? floeDll))
        {
            await Console.Error.WriteLineAsync("usage: gc --floe-dll PATH [--repositories 1000] [--blobs 10000] [--blob-size 4096] [--pulls 3000]");
            return 2;
        }

        int repositories = int.Parse(options.GetValueOrDefault("--repositories", "1000"), CultureInfo.InvariantCulture);
        int blobCount = int.Parse(options.GetValueOrDefault("--blobs", "10000"), CultureInfo.InvariantCulture);
        int blobSize = int.Parse(options.GetValueOrDefault("--blob-size", "4096"), CultureInfo.InvariantCulture);
        int pulls = int.Parse(options.GetValueOrDefault("--pulls", "3000"), CultureInfo.InvariantCulture);
        string dataDir = Path.Combine(Path.GetTempPath(), "floe-gc-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            await using SqliteMetadataStore store = new(new SqliteMetadataOptions { DatabasePath = Path.Combine(dataDir, "metadata.db") }, TimeProvider.System);
            Stopwatch seeding = Stopwatch.StartNew();
            (List<RepositoryRecord> repos, Digest[] digests) = await SeedAsync(store, dataDir, repositories, blobCount, blobSize);
            Console.WriteLine($"seeded {repos.Count} repositories, {digests.Length} blobs of {blobSize} bytes in {seeding.Elapsed.TotalSeconds:0.0} s");

            int port = FreePort();
            using Process floe = StartFloe(floeDll, dataDir, port);
            try
            {
                using HttpClient client = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitForHealthAsync(client);

                // Pulls read blobs of the repositories that stay (the odd ones).
                string[] paths = [.. Enumerable.Range(0, repositories / 2).Select(i => 2 * i + 1)
                    .Select(r => $"/v2/db/sch/r{r}/img/blobs/{digests[r * (blobCount / repositories)]}")];
                await PullAsync(client, paths, 200, CancellationToken.None); // warm-up
                List<double> idle = await PullAsync(client, paths, pulls, CancellationToken.None);

                FileSystemBlobStore blobs = new(new FileSystemBlobStoreOptions { RootPath = Path.Combine(dataDir, "storage") });
                BlobCollector collector = new(store, blobs, TimeProvider.System);

                // First a quarter of the repositories goes, collected with nothing else running: the collector's own cost.
                await DropAsync(store, repos, remainder: 0);
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                CollectionSummary quiet = await collector.CollectAsync(dryRun: false, CancellationToken.None);
                TimeSpan quietCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

                // Then another quarter, collected while the pulls go on.
                await DropAsync(store, repos, remainder: 2);
                using CancellationTokenSource collected = new();
                Task<CollectionSummary> collection = Task.Run(async () =>
                {
                    try
                    {
                        return await collector.CollectAsync(dryRun: false, CancellationToken.None);
                    }
                    finally
                    {
                        await collected.CancelAsync();
                    }
                });
                List<double> during = await PullAsync(client, paths, int.MaxValue, collected.Token);
                CollectionSummary busy = await collection;

                Console.WriteLine($"collection alone: {quiet}; CPU {quietCpu.TotalSeconds:0.00} s (user + system)");
                Console.WriteLine($"collection during pulls: {busy}");
                Console.WriteLine($"blob GET without a collection: {Describe(idle)}");
                Console.WriteLine($"blob GET during the collection: {Describe(during)}");
            }
            finally
            {
                floe.Kill(entireProcessTree: true);
                await floe.WaitForExitAsync();
            }

            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Repositories through the store's API (as <c>CREATE IMAGE REPOSITORY</c>); each links its own
    /// <c>blobs / repositories</c> blobs plus the first blob of the next repository (so some content is shared
    /// across a drop). Files and rows are written in bulk: this is a fixture, not a measured push.
    /// </summary>
    private static async Task<(List<RepositoryRecord> Repositories, Digest[] Digests)> SeedAsync(
        SqliteMetadataStore store, string dataDir, int repositories, int blobCount, int blobSize)
    {
        await store.MigrateAsync(CancellationToken.None);
        AccountRecord account = await store.EnsureAccountAsync("DEV", CancellationToken.None);
        List<RepositoryRecord> repos = [];
        for (int r = 0; r < repositories; r++)
        {
            repos.Add((await store.CreateRepositoryAsync(new NewRepository(account.Id, new RepositoryKey("DB", "SCH", $"R{r}"), OwnerRole: null, null), CancellationToken.None))!);
        }

        Digest[] digests = new Digest[blobCount];
        byte[] content = new byte[blobSize];
        for (int i = 0; i < blobCount; i++)
        {
            RandomNumberGenerator.Fill(content);
            digests[i] = Digest.Sha256Of(content);
            string hex = digests[i].ToString()["sha256:".Length..];
            string path = Path.Combine(dataDir, "storage", "blobs", "sha256", hex[..2], hex);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content);
        }

        await using SqliteConnection connection = new($"Data Source={Path.Combine(dataDir, "metadata.db")}");
        await connection.OpenAsync();
        await using SqliteTransaction transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        int perRepository = blobCount / repositories;
        for (int i = 0; i < blobCount; i++)
        {
            await ExecuteAsync(connection, "INSERT INTO blobs (digest, size) VALUES ($a, $b)", digests[i].ToString(), blobSize);
        }

        for (int r = 0; r < repositories; r++)
        {
            foreach (int i in Enumerable.Range(r * perRepository, perRepository).Append(((r + 1) * perRepository) % blobCount))
            {
                await ExecuteAsync(connection, "INSERT OR IGNORE INTO blob_links (repository_id, digest) VALUES ($a, $b)", repos[r].Id, digests[i].ToString());
            }
        }

        await transaction.CommitAsync();
        return (repos, digests);
    }

    /// <summary>Drops the repositories whose index is <paramref name="remainder"/> modulo 4.</summary>
    private static async Task DropAsync(SqliteMetadataStore store, List<RepositoryRecord> repos, int remainder)
    {
        foreach (RepositoryRecord dropped in repos.Where((_, i) => i % 4 == remainder))
        {
            await store.DropRepositoryAsync(dropped.Id, CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, object a, object b)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// <paramref name="count"/> blob GETs over <see cref="Concurrency"/> connections (or until
    /// <paramref name="stop"/>); the latency of each, in milliseconds.
    /// </summary>
    private static async Task<List<double>> PullAsync(HttpClient client, string[] paths, int count, CancellationToken stop)
    {
        List<double> latencies = [];
        int issued = 0;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref issued) <= count)
            {
                string path = paths[Random.Shared.Next(paths.Length)];
                long started = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await client.GetAsync(path, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
                }

                lock (latencies)
                {
                    latencies.Add(milliseconds);
                }
            }
        })));
        return latencies;
    }

    private static string Describe(List<double> latencies)
    {
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        return $"{latencies.Count} requests, p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {latencies[^1]:0.00} ms";
    }

    private static Process StartFloe(string floeDll, string dataDir, int port)
    {
        ProcessStartInfo start = new("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { floeDll, "serve", "--listen", $"http://127.0.0.1:{port}", "--data-dir", dataDir })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FLOE_REQUIREAUTHENTICATION"] = "false";
        start.Environment["FLOE_GCINTERVAL"] = "00:00:00"; // the one collection measured is the benchmark's
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(HttpClient client)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using HttpResponseMessage response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 600)
            {
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
