using System.Net;
using Floe.Server.Hosting;
using Floe.Server.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

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
}
