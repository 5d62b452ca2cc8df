using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Cli;

/// <summary>
/// Garbage collection as an operator meets it, on the real <c>floe serve</c>: after <c>DROP IMAGE
/// REPOSITORY</c>, <c>floe gc --dry-run</c> names what would go, <c>floe gc</c> gives the disk space of the
/// content no other repository uses back, and the layers another repository shares still pull; the
/// collector inside <c>floe serve</c> does the same every <c>GcInterval</c> and reports it in its log and
/// <c>/metrics</c>.
/// </summary>
public sealed class GcCommandTests
{
    private static readonly byte[] SharedLayer = RandomNumberGenerator.GetBytes(256 * 1024);
    private static readonly byte[] DroppedLayer = RandomNumberGenerator.GetBytes(1024 * 1024);
    private static readonly byte[] KeptLayer = RandomNumberGenerator.GetBytes(128 * 1024);
    private static readonly byte[] DroppedConfig = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","image":"dropped"}""");
    private static readonly byte[] KeptConfig = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","image":"kept"}""");

    [Fact]
    public async Task Gc_AfterDropImageRepository_ReclaimsTheUnsharedContentAndSharedLayersStillPull()
    {
        // The server's own collector is off, so what is removed is the command's doing.
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["FLOE_GCINTERVAL"] = "00:00:00" }, "db/sch/dropped", "db/sch/kept");
        await PushAsync(floe, "db/sch/dropped/img", DroppedConfig, SharedLayer, DroppedLayer);
        await PushAsync(floe, "db/sch/kept/img", KeptConfig, SharedLayer, KeptLayer);
        long reclaimable = DroppedConfig.Length + DroppedLayer.Length;
        long before = BlobBytesOnDisk(floe.DataDir);

        await floe.SqlAsync("DROP IMAGE REPOSITORY db.sch.dropped;");
        Tool.Run dryRun = await FloeBinary.RunAsync(floe.Environment, "gc", "--dry-run", "--data-dir", floe.DataDir);
        long afterDryRun = BlobBytesOnDisk(floe.DataDir);
        Tool.Run gc = await FloeBinary.RunAsync(floe.Environment, "gc", "--data-dir", floe.DataDir);
        long after = BlobBytesOnDisk(floe.DataDir);
        Tool.Run again = await FloeBinary.RunAsync(floe.Environment, "gc", "--data-dir", floe.DataDir);
        using HttpClient client = await ClientAsync(floe, "db/sch/kept/img");

        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains($"dry run: 2 unreferenced blobs, {reclaimable} bytes would be removed", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, afterDryRun);
        Assert.Equal(0, gc.ExitCode);
        Assert.Contains($"removed 2 blobs, reclaimed {reclaimable} bytes", gc.Stdout, StringComparison.Ordinal);
        Assert.Equal(before - reclaimable, after);
        Assert.Contains("removed 0 blobs, reclaimed 0 bytes", again.Stdout, StringComparison.Ordinal);
        foreach (byte[] blob in new[] { KeptConfig, SharedLayer, KeptLayer })
        {
            Assert.Equal(blob, await client.GetByteArrayAsync($"/v2/db/sch/kept/img/blobs/{RegistryHttpClient.DigestOf(blob)}"));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/db/sch/kept/img/manifests/v1")).StatusCode);
    }

    [Fact]
    public async Task Serve_GcInterval_CollectsADroppedRepositoryAndReportsItInTheLogAndMetrics()
    {
        await using FloeProcess floe = await FloeProcess.StartAsync(new Dictionary<string, string> { ["FLOE_GCINTERVAL"] = "00:00:00.200" }, "db/sch/dropped");
        await PushAsync(floe, "db/sch/dropped/img", DroppedConfig, DroppedLayer);
        long reclaimable = DroppedConfig.Length + DroppedLayer.Length;

        await floe.SqlAsync("DROP IMAGE REPOSITORY db.sch.dropped;");
        string metrics = await WaitForMetricAsync(floe, "floe_gc_blobs_deleted_total", 2);

        Assert.Equal(2, Metric(metrics, "floe_gc_blobs_deleted_total"));
        Assert.Equal(reclaimable, Metric(metrics, "floe_gc_bytes_reclaimed_total"));
        Assert.True(Metric(metrics, "floe_gc_runs_total{outcome=\"success\"}") >= 1);
        Assert.True(Metric(metrics, "floe_gc_run_duration_seconds_count") >= 1);
        Assert.Equal(0, BlobBytesOnDisk(floe.DataDir));
        Assert.Contains($"Garbage collection removed 2 blob(s), reclaimed {reclaimable} bytes", floe.Output, StringComparison.Ordinal);
    }

    /// <summary>Scrapes <c>/metrics</c> until <paramref name="name"/> reaches <paramref name="least"/> (the collector runs on its own clock); at most a minute.</summary>
    private static async Task<string> WaitForMetricAsync(FloeProcess floe, string name, double least)
    {
        using HttpClient client = floe.CreateClient();
        for (int attempt = 0; ; attempt++)
        {
            string metrics = await client.GetStringAsync("/metrics");
            if (Metric(metrics, name) >= least || attempt == 600)
            {
                return metrics;
            }

            await Task.Delay(100);
        }
    }

    private static double Metric(string metrics, string series) =>
        metrics.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Single();

    private static long BlobBytesOnDisk(string dataDir)
    {
        string root = Path.Combine(dataDir, "storage", "blobs");
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(path => new FileInfo(path).Length)
            : 0;
    }

    private static async Task<HttpClient> ClientAsync(FloeProcess floe, string name)
    {
        HttpClient client = floe.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await floe.RegistryTokenAsync($"repository:{name}:pull,push"));
        return client;
    }

    /// <summary>Pushes a config, layers and a manifest tagged v1 over them.</summary>
    private static async Task PushAsync(FloeProcess floe, string name, byte[] config, params byte[][] layers)
    {
        using HttpClient client = await ClientAsync(floe, name);
        foreach (byte[] blob in new[] { config }.Concat(layers))
        {
            using ByteArrayContent content = new(blob);
            HttpResponseMessage response = await client.PostAsync($"/v2/{name}/blobs/uploads/?digest={RegistryHttpClient.DigestOf(blob)}", content);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        static string Descriptor(string mediaType, byte[] blob) =>
            $$"""{"mediaType":"{{mediaType}}","digest":"{{RegistryHttpClient.DigestOf(blob)}}","size":{{blob.Length}}}""";
        string manifest = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{{Descriptor("application/vnd.oci.image.config.v1+json", config)}},
             "layers":[{{string.Join(",", layers.Select(layer => Descriptor("application/vnd.oci.image.layer.v1.tar", layer)))}}]}
            """;
        using StringContent body = new(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/v2/{name}/manifests/v1", body)).StatusCode);
    }
}
