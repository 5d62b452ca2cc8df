using System.Net;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Server.Hosting;
using Floe.Server.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Floe.Server.Tests.Hosting;

public sealed class HousekeeperTests
{
    [Fact]
    public async Task SweepUploads_UploadIdleLongerThanTimeout_IsRemoved()
    {
        await using RegistryHost host = await RegistryHost.StartAsync(s =>
        {
            s["UploadIdleTimeout"] = "00:00:00.050";
            s["UploadSweepInterval"] = "1.00:00:00";
        });
        string location = (await host.Client.PostAsync("/v2/db/sch/repo/img/blobs/uploads/", null)).Headers.Location!.OriginalString;
        await Task.Delay(200);

        int swept = await host.Service<IHostedService, Housekeeper>().SweepUploadsAsync(CancellationToken.None);
        HttpResponseMessage status = await host.Client.GetAsync(location);

        Assert.Equal(1, swept);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task SweepUploads_RecentUpload_IsKept()
    {
        await using RegistryHost host = await RegistryHost.StartAsync(s => s["UploadSweepInterval"] = "1.00:00:00");
        string location = (await host.Client.PostAsync("/v2/db/sch/repo/img/blobs/uploads/", null)).Headers.Location!.OriginalString;

        int swept = await host.Service<IHostedService, Housekeeper>().SweepUploadsAsync(CancellationToken.None);

        Assert.Equal(0, swept);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task SweepUploads_FileWithoutRecordOlderThanTimeout_IsRemoved()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        await using RegistryHost host = await StartWithHourTimeoutAsync(clock);
        IBlobStore blobs = host.Service<IBlobStore, IBlobStore>();
        await blobs.StartUploadAsync("left-by-a-crash", DigestAlgorithm.Sha256, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));

        int swept = await host.Service<IHostedService, Housekeeper>().SweepUploadsAsync(CancellationToken.None);

        Assert.Equal(1, swept);
        Assert.Empty(await blobs.ListUploadsAsync(CancellationToken.None).ToArrayAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SweepUploads_FileWithoutRecordYoungerThanTimeout_IsKept()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        await using RegistryHost host = await StartWithHourTimeoutAsync(clock);
        IBlobStore blobs = host.Service<IBlobStore, IBlobStore>();
        // An upload's file is created just before its record: a young file may be about to get one.
        await blobs.StartUploadAsync("record-coming", DigestAlgorithm.Sha256, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(30));

        int swept = await host.Service<IHostedService, Housekeeper>().SweepUploadsAsync(CancellationToken.None);

        Assert.Equal(0, swept);
        Assert.Equal(0, await blobs.GetUploadSizeAsync("record-coming", CancellationToken.None));
    }

    [Fact]
    public async Task SweepUploads_RecordWhoseFileIsGone_IsRemoved()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        await using RegistryHost host = await StartWithHourTimeoutAsync(clock);
        string location = (await host.Client.PostAsync("/v2/db/sch/repo/img/blobs/uploads/", null)).Headers.Location!.OriginalString;
        string id = location.Split('?')[0].Split('/')[^1];
        await host.Service<IBlobStore, IBlobStore>().CancelUploadAsync(id, CancellationToken.None);

        int swept = await host.Service<IHostedService, Housekeeper>().SweepUploadsAsync(CancellationToken.None);

        Assert.Equal(1, swept);
        Assert.Null(await host.Store.FindUploadAsync(id, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task SweepUploads_UploadWithRecordAndFile_IsKeptWhateverTheFileTime()
    {
        FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
        await using RegistryHost host = await StartWithHourTimeoutAsync(clock);
        string location = (await host.Client.PostAsync("/v2/db/sch/repo/img/blobs/uploads/", null)).Headers.Location!.OriginalString;
        clock.Advance(TimeSpan.FromMinutes(59));

        int swept = await host.Service<IHostedService, Housekeeper>().SweepUploadsAsync(CancellationToken.None);

        Assert.Equal(0, swept);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.GetAsync(location)).StatusCode);
    }

    private static Task<RegistryHost> StartWithHourTimeoutAsync(FakeTimeProvider clock) =>
        RegistryHost.StartAsync(s =>
        {
            s["UploadIdleTimeout"] = "01:00:00";
            s["UploadSweepInterval"] = "1.00:00:00";
        }, clock);
}
