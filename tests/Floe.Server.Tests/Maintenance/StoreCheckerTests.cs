using System.Net;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Server.Maintenance;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Maintenance;

/// <summary>The checker behind <c>floe fsck</c>, over the real stores of an in-process registry.</summary>
public sealed class StoreCheckerTests
{
    private const string Name = "db/sch/repo/app";

    [Fact]
    public async Task CheckAsync_IntactStore_ReportsNoProblem()
    {
        await using RegistryHost host = await RegistryHost.StartAsync();
        await PushImageAsync(host, "intact");

        (CheckSummary summary, string[] lines) = await CheckAsync(host, repair: false);

        Assert.Equal(new CheckSummary(2, 1, 0), summary);
        Assert.Equal(["checked 2 blobs, 1 manifests: 0 problems"], lines);
    }

    [Fact]
    public async Task CheckAsync_CorruptBlob_NamesItAndLeavesItInPlace()
    {
        await using RegistryHost host = await RegistryHost.StartAsync();
        Digest layer = await PushImageAsync(host, "to be corrupted");
        await File.WriteAllTextAsync(Blobs(host).GetExpectedPath(layer), "flipped bits");

        (CheckSummary summary, string[] lines) = await CheckAsync(host, repair: false);

        Assert.Equal(1, summary.Problems);
        Assert.StartsWith($"corrupt blob {layer} (its content hashes to sha256:", lines[0], StringComparison.Ordinal);
        Assert.Equal("checked 2 blobs, 1 manifests: 1 problems", lines[^1]);
        Assert.NotNull(Blobs(host).GetLocalPath(layer));
    }

    [Fact]
    public async Task CheckAsync_RepairCorruptBlob_QuarantinesItAndItIsReportedMissingNextTime()
    {
        await using RegistryHost host = await RegistryHost.StartAsync();
        Digest layer = await PushImageAsync(host, "to be quarantined");
        await File.WriteAllTextAsync(Blobs(host).GetExpectedPath(layer), "flipped bits");

        (CheckSummary repaired, string[] repairLines) = await CheckAsync(host, repair: true);
        (CheckSummary after, string[] afterLines) = await CheckAsync(host, repair: false);

        Assert.EndsWith(": quarantined", repairLines[0], StringComparison.Ordinal);
        Assert.Equal(2, repaired.Problems);
        Assert.StartsWith($"missing blob {layer} referenced by DEV/{Name}@sha256:", repairLines[1], StringComparison.Ordinal);
        Assert.Equal(new CheckSummary(1, 1, 1), after);
        Assert.StartsWith($"missing blob {layer} referenced by", afterLines[0], StringComparison.Ordinal);
        Assert.Null(Blobs(host).GetLocalPath(layer));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/v2/{Name}/blobs/{layer}")).StatusCode);
    }

    [Fact]
    public async Task CheckAsync_IndexWithAChildThatIsNotStored_ReportsTheMissingManifest()
    {
        await using RegistryHost host = await RegistryHost.StartAsync();
        await PushImageAsync(host, "child");
        RepositoryRecord repository = (await host.Store.ListRepositoriesAsync(host.Account.Id, CancellationToken.None)).Single();
        Digest absent = Digest.Sha256Of("never pushed"u8);
        byte[] body = OciClient.Bytes("{\"schemaVersion\":2,\"manifests\":[]}");
        await host.Store.PutManifestAsync(new ManifestWrite(
            repository.Id, "app", Digest.Sha256Of(body), OciClient.OciIndexType, null, null, body, null, null, [], [absent]), CancellationToken.None);

        (CheckSummary summary, string[] lines) = await CheckAsync(host, repair: false);

        Assert.Equal(new CheckSummary(2, 2, 1), summary);
        Assert.Equal($"missing manifest {absent} referenced by DEV/{Name}@{Digest.Sha256Of(body)}", lines[0]);
    }

    private static IBlobLocalFiles Blobs(RegistryHost host) => (IBlobLocalFiles)host.Service<IBlobStore, IBlobStore>();

    /// <summary>Pushes a config, a layer and a manifest over them; returns the layer's digest.</summary>
    private static async Task<Digest> PushImageAsync(RegistryHost host, string layerText)
    {
        byte[] manifest = await host.Client.PrepareImageAsync(Name, layerText);
        Assert.Equal(HttpStatusCode.Created, (await host.Client.PutManifestAsync(Name, "v1", manifest)).StatusCode);
        return Digest.Sha256Of(OciClient.Bytes(layerText));
    }

    private static async Task<(CheckSummary Summary, string[] Lines)> CheckAsync(RegistryHost host, bool repair)
    {
        IBlobStore blobs = host.Service<IBlobStore, IBlobStore>();
        StoreChecker checker = new(blobs, blobs, host.Store);
        using StringWriter output = new();
        CheckSummary summary = await checker.CheckAsync(repair, output, CancellationToken.None);
        return (summary, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
